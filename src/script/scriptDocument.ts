// The script a command is about: the URI it was given (a lens, a menu), or the Markdown file
// being edited (the palette).
import * as vscode from 'vscode';
import { ValidationError } from '../api';
import { t } from '../api/i18n';

export async function scriptDocument(arg: unknown): Promise<vscode.TextDocument> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const doc = uri && (await vscode.workspace.openTextDocument(uri));
  if (!doc || doc.languageId !== 'markdown')
    throw new ValidationError([
      { field: 'script', message: t('Open a Markdown script (a .md file with a heading per scene) first.') },
    ]);
  return doc;
}

export function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
