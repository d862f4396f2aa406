// What the provider's refusals and failures mean, decided in one place from its codes (and, where
// a gateway gives no code, its words): the account's balance, a key's own limit, a model the
// account cannot use, the firewall, a refused key; and which input content moderation refused.
// Sources: ../shared/api-contract.md, "What callers of this route have met" (public clients and
// the gateway's source). Presenters turn each into a headline and the action that fixes it.

export type Refusal =
  /** 403 `insufficient_user_quota`: the account's balance is too low. Top up; the key is fine. */
  | 'balance'
  /** 403 `pre_consume_token_quota_failed`: this key's own spending limit is used up. */
  | 'key-limit'
  /** `model_not_found` / "no available channel": the model is not enabled for this account. */
  | 'model-unavailable'
  /** Any other 403: the provider's firewall. Not about the key. */
  | 'firewall'
  /** 401: the key is missing or wrong. */
  | 'key-refused';

/** What a request answered with `status`, `code` and `message` was refused for, if it was one of these. */
export function refusalOf(status: number, code?: string, message?: string): Refusal | undefined {
  const c = (code ?? '').toLowerCase();
  const m = (message ?? '').toLowerCase();
  if (c === 'insufficient_user_quota' || /user quota is not enough|credit limit is insufficient/.test(m))
    return 'balance';
  if (c === 'pre_consume_token_quota_failed' || /token quota is not enough/.test(m)) return 'key-limit';
  if (c === 'model_not_found' || /no available channel/.test(m)) return 'model-unavailable';
  if (status === 401) return 'key-refused';
  if (status === 403) return 'firewall';
  return undefined;
}

/** The model a "no available channel for model X" message names, if it does. */
export function modelNamedIn(message?: string): string | undefined {
  return /model\s+([A-Za-z0-9._:/-]+)/i.exec(message ?? '')?.[1];
}

/** Which input content moderation refused: ByteDance's codes, from an error code or a failure text. */
export type Moderated = 'prompt' | 'image' | 'output' | 'audio' | 'unspecified';

const MODERATION: readonly [RegExp, Moderated][] = [
  [/InputTextSensitiveContentDetected/i, 'prompt'],
  [/InputImageSensitiveContentDetected/i, 'image'],
  [/OutputVideoSensitiveContentDetected/i, 'output'],
  [/OutputAudioSensitiveContentDetected/i, 'audio'],
  [/SensitiveContentDetected/i, 'unspecified'],
];

export function moderationOf(...texts: (string | undefined)[]): Moderated | undefined {
  const all = texts.filter(Boolean).join(' ');
  return MODERATION.find(([re]) => re.test(all))?.[1];
}

/** The moderation code a text carries, as the provider wrote it. */
export function moderationCodeIn(...texts: (string | undefined)[]): string | undefined {
  const all = texts.filter(Boolean).join(' ');
  return /\b(?:Input(?:Text|Image)|Output(?:Video|Audio))?SensitiveContentDetected\b/.exec(all)?.[0];
}

const REQUEST_ID = /\s*\(request id:\s*[^)]*\)/gi;

/** A provider message without its "(request id: …)": the id is kept for support, out of headlines. */
export function withoutRequestId(message: string): string {
  return message.replace(REQUEST_ID, '').trim();
}
