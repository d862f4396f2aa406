// The folders the extension may read uploads from and write into, and how a path is shown: the
// workspace folders on disk (and the extension's own storage for videos kept there when no folder
// is open). A path is shown relative to its workspace folder, so a link named like a harmless
// file in a repository reads as what it is.
import * as vscode from 'vscode';

/** The workspace folders on disk (a virtual folder has no path to read from). */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** A path as a person should read it: workspace-relative inside the workspace, whole outside. */
export function displayPath(path: string): string {
  return vscode.workspace.asRelativePath(path, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
