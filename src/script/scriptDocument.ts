// The script a command is about: the URI it was given (a lens, a menu), or the Markdown file
// being edited (the palette).
import { dirname, isAbsolute, join } from 'node:path';
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

/** A scene's `image:` on disk: as written when absolute, else relative to the script's folder. */
export function sceneImagePath(script: vscode.Uri, image: string): string {
  return isAbsolute(image) ? image : join(dirname(script.fsPath), image);
}
