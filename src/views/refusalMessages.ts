// The buttons each refusal and failure gets: the action that fixes it, from one table.
// The headlines themselves are the API layer's (classify.ts) and the labels' (jobLabels.ts).
import * as vscode from 'vscode';
import { type Moderated, type Refusal, SeedanceApiError, t } from '../api';
import { ACTIONS, type MessageAction } from './messages';

/** What fixes a refused request (Generate All's message): Open Billing, the key's limit, the key. */
export function refusalActions(err: unknown): MessageAction[] {
  const refusal: Refusal | undefined = err instanceof SeedanceApiError ? err.refusal : undefined;
  switch (refusal) {
    case 'balance':
      return [ACTIONS.openBilling()];
    case 'key-limit':
      return [ACTIONS.openKeys(), ACTIONS.setApiKey()];
    case 'key-refused':
      return [ACTIONS.setApiKey()];
    default:
      return [];
  }
}

/** Copies what support needs about a refusal that made no job: status, code, request id, the provider's words. */
export function copyRefusalDetails(err: unknown): MessageAction | undefined {
  if (!(err instanceof SeedanceApiError) || (!err.requestId && !err.providerMessage)) return undefined;
  return {
    title: t('Copy Details'),
    run: () =>
      vscode.env.clipboard.writeText(
        [
          `status: ${err.status ?? ''}`,
          `code: ${err.code ?? ''}`,
          `request id: ${err.requestId ?? ''}`,
          `provider: ${err.providerMessage ?? ''}`,
        ].join('\n'),
      ),
  };
}

/** What helps after moderation refused `what` of job `id`. */
export function moderationActions(id: string, what: Moderated): MessageAction[] {
  switch (what) {
    case 'prompt':
      return [ACTIONS.editThePrompt(id)];
    case 'image':
      return [ACTIONS.changeImage(id), ACTIONS.editThePrompt(id)];
    default:
      return [ACTIONS.generateAgain(id), ACTIONS.editThePrompt(id)];
  }
}
