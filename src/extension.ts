// Wiring only: services are created and registered here; behaviour lives in the folders.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Seedance', { log: true });
  context.subscriptions.push(log);
}

export function deactivate(): void {}
