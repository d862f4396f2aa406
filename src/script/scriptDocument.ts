// The script a command is about: the URI it was given (a lens, a menu), or the Markdown file
// being edited (the palette).
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { ValidationError } from '../api';
import { t } from '../api/i18n';
import type { Made } from '../commands/generate';
import { type Scene, parseScenes, refOf } from './scenes';

/**
 * The largest file read as a script (a film of 200 scenes is about 60 KB): past it, a file a
 * repository planted cannot make every keystroke parse megabytes on the extension host.
 */
export const MAX_SCRIPT_CHARS = 1_000_000;

export function tooLargeForScript(doc: vscode.TextDocument): boolean {
  return doc.getText().length > MAX_SCRIPT_CHARS;
}

export async function scriptDocument(arg: unknown): Promise<vscode.TextDocument> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const doc = uri && (await vscode.workspace.openTextDocument(uri));
  if (!doc || doc.languageId !== 'markdown')
    throw new ValidationError([
      { field: 'script', message: t('Open a Markdown script (a .md file with a heading per scene) first.') },
    ]);
  if (tooLargeForScript(doc))
    throw new ValidationError([
      {
        field: 'script',
        message: t('{0} is too large to read as a script (over {1} characters).', basename(doc.uri), MAX_SCRIPT_CHARS),
      },
    ]);
  return doc;
}

/** What a scene's video is made for: the job's origin, the heading its summary names, and the script (its folder holds the video). */
export function madeFor(script: vscode.Uri, scene: Scene): Made {
  return { origin: refOf(script.toString(), scene), title: scene.heading, near: script.toString() };
}

/** The scene of a Markdown script the editor's selection lies in, if it lies inside one scene. */
export function selectionMadeFor(): Made | undefined {
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  if (!editor || doc?.languageId !== 'markdown' || editor.selections.every((s) => s.isEmpty)) return undefined;
  if (tooLargeForScript(doc)) return undefined;
  const first = Math.min(...editor.selections.map((s) => s.start.line));
  const last = Math.max(...editor.selections.map((s) => s.end.line));
  const scene = parseScenes(doc.getText()).find((s) => first > s.line && last <= s.endLine);
  return scene && madeFor(doc.uri, scene);
}

export function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/** A scene's `image:` on disk: as written when absolute, else relative to the script's folder. */
export function sceneImagePath(script: vscode.Uri, image: string): string {
  return isAbsolute(image) ? image : join(dirname(script.fsPath), image);
}
