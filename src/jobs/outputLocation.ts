// Where a finished video is saved, and under what name: readable (prompt slug, model, task id),
// unique, and never outside the chosen folder whatever the prompt or the setting says.
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { outputFolderSetting } from '../common/config';
import { pathExists } from '../common/pathExists';
import type { Job } from './job';

export const DEFAULT_OUTPUT_FOLDER = 'videos';

/**
 * The folder videos of `job` go to (`seedance.outputFolder` inside its workspace folder) and the
 * root it must stay in once links are resolved (the download checks that on disk).
 */
export function outputFolder(job: Job, globalStorage: vscode.Uri): { dir: string; root: string } {
  const folder = job.folder ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(job.folder)) : undefined;
  const base = folder ?? vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  // No folder open, or a virtual one: the extension's own storage.
  if (!base || base.uri.scheme !== 'file')
    return { dir: join(globalStorage.fsPath, DEFAULT_OUTPUT_FOLDER), root: globalStorage.fsPath };
  const setting = outputFolderSetting(base.uri) ?? DEFAULT_OUTPUT_FOLDER;
  return { dir: insideFolder(base.uri.fsPath, setting), root: base.uri.fsPath };
}

/** `root/sub`, refusing anything that would leave `root`. */
export function insideFolder(root: string, sub: string): string {
  const target = resolve(root, sub);
  const rel = relative(root, target);
  if (isAbsolute(sub) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`seedance.outputFolder must be a folder inside the workspace folder (got "${sub}")`);
  }
  return target;
}

/** `dir/name`, or `dir/name-2.mp4`, `-3`…: the first that does not exist. */
export async function uniquePath(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!(await pathExists(candidate))) return candidate;
  }
}
