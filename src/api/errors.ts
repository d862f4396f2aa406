import type { Refusal } from './refusals';
import { type Words, t, word } from './i18n';

// Errors the UI can act on. One class with a `kind` discriminant, so a caller can `switch` over
// every case and TypeScript checks the switch is complete.

export type ApiErrorKind =
  /** 400 (or a 500 whose code is `invalid_request`): the request itself is wrong. */
  | 'invalid-request'
  /** 401: the key is missing or wrong: ask for it. */
  | 'authentication'
  /** 403 from the API: access blocked for this key. */
  | 'permission'
  /** `task_not_exist`: the task id is unknown to the provider. */
  | 'task-not-found'
  /** 429: slow down; `retryAfterMs` says for how long when the server told us. */
  | 'rate-limited'
  /** 5xx: the platform failed; transient for reads. */
  | 'server'
  /** An answer that is not the API's: HTML, a redirect, malformed JSON, the wrong shape. */
  | 'protocol'
  /** The connection failed or was cut. */
  | 'network'
  /** Connecting, waiting for headers or reading the body took too long. */
  | 'timeout'
  /** The caller's AbortSignal fired (and, for a create, nothing can have been started). */
  | 'aborted'
  /** A create whose body may have reached the server without a definite answer: a job may exist. */
  | 'outcome-unknown'
  /** The signed video URL was refused (expired or tampered with): fetch a fresh one. */
  | 'download-rejected';

export interface ApiErrorDetails {
  status?: number;
  /** What the refusal means (refusals.ts): the balance, a key's limit, a model, the firewall, the key. */
  refusal?: Refusal;
  /** The provider's error code, e.g. `InvalidParameter`. */
  code?: string;
  /** The provider's own message, verbatim (request id included when it gave one). */
  providerMessage?: string;
  requestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class SeedanceApiError extends Error {
  override readonly name = 'SeedanceApiError';
  readonly status?: number;
  readonly refusal?: Refusal;
  readonly code?: string;
  readonly providerMessage?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  /** What `message` says, as data: to store it, and to word it again in another language. */
  readonly words?: Words;

  constructor(
    readonly kind: ApiErrorKind,
    message: string | Words,
    details: ApiErrorDetails = {},
  ) {
    super(word(message), details.cause === undefined ? undefined : { cause: details.cause });
    if (typeof message !== 'string') this.words = message;
    this.status = details.status;
    this.refusal = details.refusal;
    this.code = details.code;
    this.providerMessage = details.providerMessage;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Whether repeating the same read (a GET) can succeed. Never applies to a create. */
  get transient(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

/** A request refused before anything was sent. `field` names the offending input. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly issues: readonly { field: string; message: string }[]) {
    super(issues.map((i) => i.message).join('; '));
  }

  get field(): string {
    return this.issues[0]?.field ?? '';
  }
}

/** `what` is off in Restricted Mode (a repository the person did not write could spend or upload through it). */
export function restrictedModeError(what: string): ValidationError {
  return new ValidationError([
    {
      field: 'workspaceTrust',
      message: t(
        '{0} is off in Restricted Mode: a repository you did not write could spend or upload through it. Trust this workspace (Manage Workspace Trust) to allow it.',
        what,
      ),
    },
  ]);
}

const REQUEST_ID = /request id:\s*([A-Za-z0-9._-]+)/i;

export function requestIdIn(message: string | undefined): string | undefined {
  return message ? REQUEST_ID.exec(message)?.[1] : undefined;
}
