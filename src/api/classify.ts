// Turns what came back over the wire (a status and a body, or a thrown transport error) into
// either JSON or a SeedanceApiError of the right kind.
import { SeedanceApiError, requestIdIn } from './errors';
import { modelNamedIn, refusalOf, withoutRequestId } from './refusals';
import { parseRetryAfter } from './retry';
import { readErrorBody } from './schemas';
import { type Arg, says } from './i18n';

type Headers = Record<string, string | string[] | undefined>;

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const looksLikeHtml = (text: string) => /^\s*</.test(text);

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON of a 2xx answer, or the error it stands for. `baseUrl` is named in wrong-URL hints. */
export function classifyResponse(res: RawResponse, baseUrl: string): unknown {
  const { status, headers, text } = res;
  const json = tryJson(text);
  const wrongBase = (what: Arg) =>
    new SeedanceApiError('protocol', says("{0} instead of the API's JSON: check the base URL ({1})", what, baseUrl), {
      status,
    });

  if (status >= 300 && status < 400) {
    // Origin and path only: a redirect's query may carry a credential.
    const location = locationShown([headers.location].flat()[0], baseUrl);
    throw wrongBase(
      location
        ? says('The server answered with a redirect ({0} to {1})', status, location)
        : says('The server answered with a redirect ({0})', status),
    );
  }
  if (status >= 200 && status < 300) {
    if (json !== undefined) return json;
    if (looksLikeHtml(text)) throw wrongBase(says('The server answered with an HTML page'));
    throw new SeedanceApiError(
      'protocol',
      says('The API answered {0} with malformed JSON: {1}', status, preview(text)),
      {
        status,
      },
    );
  }
  if ((status === 404 || status === 405) && json === undefined) {
    throw wrongBase(
      looksLikeHtml(text)
        ? says('The server answered {0} with an HTML page', status)
        : says('The server answered {0}', status),
    );
  }

  const { message, code } = readErrorBody(json);
  const plainText = json === undefined && text.trim() && !looksLikeHtml(text) ? preview(text) : undefined;
  const provider = message ?? plainText;
  const refusal = refusalOf(status, code, provider);
  const details = { status, code, refusal, providerMessage: message, requestId: requestIdIn(message) };
  // The provider's words follow the headline; its request id stays in the details and the log.
  const suffix = provider && withoutRequestId(provider) ? `: ${withoutRequestId(provider)}` : '';

  if (`${message} ${code}`.includes('task_not_exist')) {
    throw new SeedanceApiError('task-not-found', says('The provider has no such task (task_not_exist)'), details);
  }
  // Refusals named for what they are, whatever the status the gateway used: none is worth
  // repeating, and none but a 401 means the key is wrong.
  switch (refusal) {
    case 'balance':
      throw new SeedanceApiError(
        'permission',
        says(
          'Your CometAPI balance is too low for this job (insufficient_user_quota). Top up in the CometAPI console; your key is fine.',
        ),
        details,
      );
    case 'key-limit':
      throw new SeedanceApiError(
        'permission',
        says(
          "This API key's spending limit is used up (pre_consume_token_quota_failed). Raise it in the CometAPI console, or set another key.",
        ),
        details,
      );
    case 'model-unavailable': {
      const model = modelNamedIn(provider);
      throw new SeedanceApiError(
        'invalid-request',
        model
          ? says('{0} is not enabled for your CometAPI account (model_not_found): choose another model.', model)
          : says('This model is not enabled for your CometAPI account (model_not_found): choose another model.'),
        details,
      );
    }
  }
  if (status === 500 && code === 'invalid_request') {
    throw new SeedanceApiError('invalid-request', says('The API rejected the request{0}', suffix), details);
  }
  switch (status) {
    case 400:
    case 422:
      throw new SeedanceApiError('invalid-request', says('The API rejected the request{0}', suffix), details);
    case 401:
      throw new SeedanceApiError('authentication', says('The API key was not accepted (401){0}', suffix), details);
    case 403:
      throw new SeedanceApiError(
        'permission',
        says("The provider's firewall blocked the request (403){0}. This is not about your key.", suffix),
        details,
      );
    case 408:
      throw new SeedanceApiError('timeout', says('The API timed out (408){0}', suffix), details);
    case 429: {
      const retryAfterMs = parseRetryAfter(headers);
      const when = retryAfterMs === undefined ? '' : says('; retry in {0} s', Math.ceil(retryAfterMs / 1000));
      throw new SeedanceApiError('rate-limited', says('Rate limited by the API (429){0}{1}', when, suffix), {
        ...details,
        retryAfterMs,
      });
    }
  }
  if (status >= 500) {
    throw new SeedanceApiError('server', says('The API failed ({0}){1}', status, suffix), {
      ...details,
      retryAfterMs: parseRetryAfter(headers),
    });
  }
  throw new SeedanceApiError('invalid-request', says('The API refused the request ({0}){1}', status, suffix), details);
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  // Dispatched on a client being closed, or closed: refused before anything was written. (The
  // client never destroys a request in flight: close() lets those finish.)
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

/** A transport error raised before a connection existed, so no byte of the request left. */
export function isConnectError(err: unknown): boolean {
  return CONNECT_CODES.has(errorCode(err) ?? '');
}

/** Maps a thrown undici/Node error (not an HTTP answer) to a SeedanceApiError. */
export function transportError(err: unknown, what: Arg, signal?: AbortSignal): SeedanceApiError {
  if (err instanceof SeedanceApiError) return err;
  if (signal?.aborted) return new SeedanceApiError('aborted', says('{0} was cancelled', what), { cause: err });
  const code = errorCode(err);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new SeedanceApiError('timeout', says('{0}: timed out connecting', what), { cause: err });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new SeedanceApiError('timeout', says('{0}: timed out waiting for an answer', what), { cause: err });
    case 'UND_ERR_BODY_TIMEOUT':
      return new SeedanceApiError('timeout', says('{0}: the answer stalled', what), { cause: err });
  }
  const reason = code && CONNECT_CODES.has(code) ? says('cannot connect ({0})', code) : describe(err);
  return new SeedanceApiError('network', says('{0}: {1}', what, reason), { cause: err });
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function locationShown(location: string | undefined, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return originAndPath(new URL(location, base));
  } catch {
    return '(an unreadable address)';
  }
}

/** A URL as it may be shown or logged: origin and path; its query may be a credential (a signature). */
export function originAndPath(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The origin and path of a signed URL given as text; never its query. */
export function safeOrigin(url: string): string {
  try {
    return originAndPath(new URL(url));
  } catch {
    return '(invalid URL)';
  }
}

const MAX_JSON_BYTES = 1024 * 1024;

/** A body read whole, up to MAX_JSON_BYTES (an answer of the API, never a video). */
export async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) {
      body.destroy();
      throw new SeedanceApiError('protocol', says("The API's answer is larger than {0} bytes", MAX_JSON_BYTES));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
