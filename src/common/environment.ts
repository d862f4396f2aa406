// Where this window runs relative to the files the extension writes.
import * as vscode from 'vscode';

/**
 * True in a desktop window on this computer. False in a browser (code-server) or a remote
 * window: the files are on the server, so the OS cannot open or show them to the person.
 */
export function filesAreOnThisComputer(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName;
}

/** Whether "Reveal" can show `path`: in the Explorer (a workspace file) or the OS file manager. */
export function canReveal(path: string): boolean {
  return Boolean(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))) || filesAreOnThisComputer();
}
