// Set API Key / Clear API Key.
import * as vscode from 'vscode';
import { UserCancelled } from '../common/cancelled';
import { Commands } from '../common/ids';
import { registerCommand } from './runCommand';
import { type ApiKeyStore, checkKeyInput } from '../secrets/apiKeyStore';

/**
 * Asks for the key (password box) and stores it. A string argument is stored without asking,
 * for keybindings and tests. Resolves to whether a key is now set.
 */
export async function setApiKey(store: ApiKeyStore, given?: unknown): Promise<boolean> {
  let key = typeof given === 'string' ? given : undefined;
  if (key !== undefined) {
    const problem = checkKeyInput(key);
    if (problem) throw new Error(problem);
  } else {
    key = await vscode.window.showInputBox({
      title: 'Seedance: Set API Key',
      prompt: 'Your CometAPI key. It is kept in VS Code\'s secret storage, never in settings.',
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: checkKeyInput,
    });
    if (key === undefined) throw new UserCancelled();
  }
  await store.set(key);
  void vscode.window.showInformationMessage('Seedance API key saved.');
  return true;
}

export async function clearApiKey(store: ApiKeyStore): Promise<void> {
  await store.clear();
  void vscode.window.showInformationMessage('Seedance API key removed.');
}

export function apiKeyCommands(log: vscode.LogOutputChannel, store: ApiKeyStore): vscode.Disposable[] {
  return [
    registerCommand(log, Commands.setApiKey, (key?: unknown) => setApiKey(store, key)),
    registerCommand(log, Commands.clearApiKey, () => clearApiKey(store)),
  ];
}
