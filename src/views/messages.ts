// Every notification with buttons goes through here: a message, the buttons, and what each does.
// Button titles are defined once (ACTIONS), so a label and its command never drift apart.
import * as vscode from 'vscode';
import { providerConsole } from '../common/config';
import { Commands } from '../common/ids';
import { t } from '../api/i18n';

export interface MessageAction {
  readonly title: string;
  readonly run: () => unknown;
}

export type Severity = 'info' | 'warning' | 'error';

const SHOW: Record<Severity, (text: string, ...items: string[]) => Thenable<string | undefined>> = {
  info: (t, ...i) => vscode.window.showInformationMessage(t, ...i),
  warning: (t, ...i) => vscode.window.showWarningMessage(t, ...i),
  error: (t, ...i) => vscode.window.showErrorMessage(t, ...i),
};

/** What was shown, newest last (the last 50): the extension's own in-host tests read it. */
export const shownMessages: { readonly severity: Severity; readonly text: string; readonly actions: string[] }[] = [];

/** Shows the message; resolves with the action the person chose (after running it), if any. */
export async function showMessage(
  severity: Severity,
  text: string,
  ...actions: MessageAction[]
): Promise<MessageAction | undefined> {
  shownMessages.push({ severity, text, actions: actions.map((a) => a.title) });
  if (shownMessages.length > 50) shownMessages.shift();
  const chosen = await SHOW[severity](text, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === chosen);
  await action?.run();
  return action;
}

const command = (title: string, id: string, ...args: unknown[]): MessageAction => ({
  title,
  run: () => vscode.commands.executeCommand(id, ...args),
});

/** The buttons offered across the extension. */
export const ACTIONS = {
  setApiKey: () => command(t('Set API Key'), Commands.setApiKey),
  showLog: (log: vscode.LogOutputChannel): MessageAction => ({ title: t('Show Log'), run: () => log.show() }),
  showVideos: () => command(t('Show Videos'), Commands.focusJobs),
  sendWaiting: () => command(t('Send Waiting Videos'), Commands.sendWaiting),
  open: (id: string) => command(t('Open'), Commands.openVideo, id),
  reveal: (id: string) => command(t('Reveal in Explorer'), Commands.revealVideo, id),
  generateAgain: (id: string) => command(t('Generate Again'), Commands.generateAgain, id),
  retryDownload: (id: string) => command(t('Retry Download'), Commands.retryDownload, id),
  trackTask: () => command(t('Track Task by ID'), Commands.trackTask),
  editAndRetry: (run: () => unknown): MessageAction => ({ title: t('Edit and Retry'), run }),
  manageTrust: () => command(t('Manage Workspace Trust'), 'workbench.trust.manage'),
  openBilling: (): MessageAction => ({
    title: t('Open CometAPI Billing'),
    run: () => vscode.env.openExternal(vscode.Uri.parse(providerConsole('topup'))),
  }),
  openKeys: (): MessageAction => ({
    title: t('Open CometAPI Keys'),
    run: () => vscode.env.openExternal(vscode.Uri.parse(providerConsole('token'))),
  }),
  editThePrompt: (id: string) => command(t('Edit the Prompt'), Commands.editPromptAndGenerate, id),
  changeImage: (id: string) => command(t('Change Image'), Commands.changeImageAndGenerate, id),
  undoRemove: (id: string) => command(t('Undo'), Commands.undoRemove, id),
  copyDetails: (id: string) => command(t('Copy Details'), Commands.copyDetails, id),
  copyDiagnosticReport: (id?: string) => command(t('Copy Diagnostic Report'), Commands.copyDiagnosticReport, id),
};
