// The one wrapper every command runs through: failures are logged and shown once, with the
// action that fixes them; a person backing out is silent.
import * as vscode from 'vscode';
import { SeedanceApiError, ValidationError } from '../api';
import { UserCancelled } from '../common/cancelled';
import { ACTIONS, type MessageAction, showMessage } from '../views/messages';

// VS Code passes whatever the caller gave: handlers parse their own arguments.
export type Handler = (...args: unknown[]) => unknown;

export function registerCommand(log: vscode.LogOutputChannel, id: string, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      reportError(log, id, err);
      return undefined;
    }
  });
}

/** Shows the error without waiting for the person to dismiss it. */
function reportError(log: vscode.LogOutputChannel, where: string, err: unknown): void {
  if (err instanceof UserCancelled || (err instanceof SeedanceApiError && err.kind === 'aborted')) {
    log.trace(`${where}: cancelled`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  log.error(`${where}: ${message}`);
  const actions: MessageAction[] = [];
  if (err instanceof SeedanceApiError && err.kind === 'authentication') actions.push(ACTIONS.setApiKey());
  if (err instanceof ValidationError && err.field === 'workspaceTrust') actions.push(ACTIONS.manageTrust());
  if (!(err instanceof ValidationError)) actions.push(ACTIONS.showLog(log));
  void showMessage('error', message, ...actions);
}
