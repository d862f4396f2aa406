// What the person is told after a request was planned and sent, or refused before it left: one
// presenter for every door of the editor (the palette, a scene's lens, Generate Again, a
// keybinding's options). Nothing is sent again by itself: every retry is the person's choice.
import * as vscode from 'vscode';
import { SeedanceApiError, type ValidationError } from '../api';
import { t } from '../api/i18n';
import { Commands } from '../common/ids';
import type { Job } from '../jobs/job';
import type { Submission } from '../plan/submit';
import { ACTIONS, showMessage } from '../views/messages';
import { copyRefusalDetails } from '../views/refusalMessages';
import type { KeyCommands } from './apiKeyCommands';

/** What the flow does next: edit the prompt and send again, choose another model, or stop. */
export type Next = 'edit' | 'choose-model' | undefined;

export class SendOutcomes {
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly keyCommands: KeyCommands,
    /** The kept prompt, for a retry asked for after the flow has ended. */
    private readonly draft: () => string | undefined,
  ) {}

  /**
   * The outcome of one send: the job when it started; otherwise the message, and what to do next.
   * Not `interactive` (options from a keybinding): messages do not wait for an answer.
   */
  async present(outcome: Submission, interactive: boolean): Promise<Job | Next> {
    switch (outcome.kind) {
      case 'started':
        return outcome.job;
      case 'cancelled':
        void showMessage('info', t('Seedance: cancelled before the request was sent; nothing was started.'));
        return undefined;
      case 'outcome-unknown':
        this.log.error(`Generate: ${outcome.error.message}`);
        // Never re-sent silently: the person decides, knowing a job may exist.
        void showMessage('warning', t('Seedance: {0}', outcome.error.message), ACTIONS.trackTask(), {
          title: t('Try Again Anyway'),
          run: () => this.#retry(),
        });
        return undefined;
      case 'not-started':
        return this.#notStarted(outcome.error, interactive);
    }
  }

  /** The request was refused before anything was sent (validation); the prompt stays in the draft. */
  invalid(err: ValidationError, interactive: boolean): Promise<Next> {
    const edit = ACTIONS.editAndRetry(() => undefined);
    return this.#ask(
      interactive,
      showMessage('error', t('Seedance: {0}', err.message), edit).then((a) => a === edit),
    );
  }

  async #notStarted(err: Error, interactive: boolean): Promise<Next> {
    const requestId = err instanceof SeedanceApiError && err.requestId ? ` (request id: ${err.requestId})` : '';
    this.log.error(`Generate: ${err.message}${requestId}`);
    const details = copyRefusalDetails(err);
    const refusal = err instanceof SeedanceApiError ? err.refusal : undefined;
    const setKey = {
      title: ACTIONS.setApiKey().title,
      run: () => this.keyCommands.setApiKey().catch(() => undefined),
    };
    // A refusal named for what it is gets the action that fixes it; nothing is sent again by itself.
    if (refusal === 'balance' || refusal === 'key-limit' || refusal === 'model-unavailable') {
      const choose = { title: t('Choose Another Model'), run: () => undefined };
      const actions =
        refusal === 'balance'
          ? [ACTIONS.openBilling()]
          : refusal === 'key-limit'
            ? [ACTIONS.openKeys(), setKey]
            : [choose];
      const again = await this.#ask(
        interactive,
        showMessage('error', t('Seedance: {0}', err.message), ...actions, ...(details ? [details] : [])).then(
          (a) => a === choose || a === setKey,
        ),
      );
      // Choose Another Model: back to the summary through the model step (in the flow that asked).
      return again && refusal === 'model-unavailable' && interactive ? 'choose-model' : again;
    }
    const auth = err instanceof SeedanceApiError && err.kind === 'authentication';
    const edit = ACTIONS.editAndRetry(() => undefined);
    return this.#ask(
      interactive,
      showMessage(
        'error',
        t('Seedance: {0}', err.message),
        ...(auth ? [setKey, edit] : [edit, ACTIONS.showLog(this.log)]),
        ...(details ? [details] : []),
      ).then((a) => a === edit || a === setKey),
    );
  }

  /**
   * Interactive: waits for the answer ('edit' when it asks to retry). Otherwise returns at once
   * and a retry, if asked for, starts a new interactive run with the kept prompt.
   */
  async #ask(interactive: boolean, answer: Thenable<boolean>): Promise<'edit' | undefined> {
    if (interactive) return (await answer) ? 'edit' : undefined;
    void answer.then((choice) => {
      if (choice) this.#retry();
    });
    return undefined;
  }

  /** A new run of the palette's flow with the kept prompt, opened at the prompt box. */
  #retry(): void {
    void vscode.commands.executeCommand(Commands.generateVideo, { prompt: this.draft(), editPrompt: true });
  }
}
