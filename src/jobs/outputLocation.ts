// Which folder a finished video is saved in: `seedance.outputFolder` inside the job's workspace
// folder, or the extension's own storage when no folder on disk is open.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { outputFolderSetting } from '../common/config';
import { insideFolder } from './fileName';
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
