// The CometAPI Seedance client: create a task, read its state, download its video.
// Plain Node (no `vscode`), so it is tested against the simulator over real HTTP.
import { type FileHandle, open } from 'node:fs/promises';
import { refusingLocalLookup } from './addresses';
import { apiUrl, parseBaseUrl } from './baseUrl';
import { classifyResponse, isConnectError, readCapped, safeOrigin, transportError, type RawResponse } from './classify';
import { Readable } from 'node:stream';
import { type MultipartBody, multipart } from './multipart';
import { identityOf, sameFile } from './imageType';
import { type DownloadContext, downloadVideo, type DownloadOptions, type DownloadResult } from './download';
import { SeedanceApiError, ValidationError } from './errors';
import { DEFAULT_RETRY, backoffDelay, sleep, type RetryPolicy } from './retry';
import { parseTask, type VideoTask } from './schemas';
import { createDispatcher, isLoopbackHost } from './transport';
import { request, type Dispatcher } from './undici';
import { ANSWER_CHARS, type Exchange } from './transcript';
import type { VideoRequest } from './validation';
import { type Arg, type Words, mapArgs, says, t } from './i18n';

export interface Timeouts {
  readonly connectMs: number;
  /** Until the response headers arrive. */
  readonly headersMs: number;
  /** Longest silence while a body streams. */
  readonly bodyMs: number;
  /** A read of the API (a poll) ends by then, however slowly its answer trickles in. */
  readonly readMs: number;
  /** A video download ends by then, retries included. */
  readonly downloadMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 15_000,
  headersMs: 60_000,
  bodyMs: 60_000,
  readMs: 90_000,
  downloadMs: 30 * 60_000,
};

export interface SeedanceClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Explicit proxy URL (VS Code's `http.proxy`); otherwise HTTPS_PROXY / NO_PROXY apply. */
  readonly proxy?: string;
  readonly noProxy?: string;
  readonly timeouts?: Partial<Timeouts>;
  readonly retry?: Partial<RetryPolicy>;
  readonly userAgent?: string;
  /** Receives one line per request and retry. Never given the key or a signed URL's query. */
  readonly log?: (line: string) => void;
  /** Receives each request and its answer (the diagnostic report's transcript: transcript.ts). */
  readonly onExchange?: (e: Exchange) => void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface CreateOptions extends CallOptions {
  /** Bytes of the reference image sent so far (image-to-video only). */
  readonly onUploadProgress?: (sent: number, total: number) => void;
}

export class SeedanceClient {
  readonly baseUrl: URL;
  readonly #apiKey: string;
  readonly #dispatcher: Dispatcher;
  /** Creates only: a fresh connection each, never a kept-alive one the server may have closed. */
  readonly #creates: Dispatcher;
  readonly #downloads: Dispatcher;
  readonly #localApi: boolean;
  readonly #timeouts: Timeouts;
  readonly #retry: RetryPolicy;
  readonly #userAgent: string;
  readonly #log: (line: string) => void;
  readonly #onExchange: (e: Exchange) => void;

  constructor(options: SeedanceClientOptions) {
    this.baseUrl = parseBaseUrl(options.baseUrl);
    this.#apiKey = checkKey(options.apiKey);
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#timeouts = timeouts;
    const transport = {
      proxy: options.proxy,
      noProxy: options.noProxy,
      connectTimeoutMs: timeouts.connectMs,
      headersTimeoutMs: timeouts.headersMs,
      bodyTimeoutMs: timeouts.bodyMs,
    };
    this.#dispatcher = createDispatcher(transport);
    // A kept-alive socket the server closed while idle fails the next request after part of it
    // may have been written, and a create cannot tell that from a job that started. On a fresh
    // connection, a failure to connect proves nothing was sent; anything later stays "unknown".
    this.#creates = createDispatcher({ ...transport, keepAlive: false });
    // Signed video URLs may redirect to a CDN: download.ts follows and checks each hop itself. API
    // calls never follow redirects (a redirect means a wrong base URL, and following it could
    // carry the key elsewhere). Names that resolve to a local address are refused for videos,
    // unless the API itself is local (the simulator).
    this.#localApi = isLoopbackHost(this.baseUrl.hostname);
    this.#downloads = this.#localApi
      ? this.#dispatcher
      : createDispatcher({ ...transport, lookup: refusingLocalLookup });
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#userAgent = options.userAgent ?? 'seedance-vscode';
    this.#log = options.log ?? (() => undefined);
    this.#onExchange = options.onExchange ?? (() => undefined);
  }

  /**
   * Starts a generation and returns the new task at once. Sent exactly once: if the body may
   * have reached the server without a definite answer, this fails with kind `outcome-unknown`.
   */
  async create(req: VideoRequest, options: CreateOptions = {}): Promise<VideoTask> {
    // Each image is opened now, before anything is sent, and must be the very file that was
    // checked: a file replaced meanwhile (a link to a private file, say) refuses the send.
    const files = await openChecked(req.images);
    try {
      return await this.#create(req, files, options);
    } finally {
      await Promise.all(files.map((f) => f.close()));
    }
  }

  async #create(req: VideoRequest, files: readonly FileHandle[], options: CreateOptions): Promise<VideoTask> {
    const url = apiUrl(this.baseUrl, '/v1/videos');
    const what = says('Creating the video task');
    for (let attempt = 1; ; attempt++) {
      const imageBytes = req.images.reduce((sum, image) => sum + image.size, 0);
      let sent = 0;
      const form = this.#form(req, files);
      const onRead = (n: number) => {
        sent += n;
        options.onUploadProgress?.(sent, imageBytes);
      };
      const started = Date.now();
      let raw: RawResponse;
      try {
        raw = await this.#send(url, 'POST', options.signal, { form, onRead }, this.#creates);
      } catch (err) {
        if (options.signal?.aborted) {
          // Cancelled mid-upload: the server never had a whole request, so no job can exist.
          if (imageBytes > 0 && sent < imageBytes) throw transportError(err, what, options.signal);
          throw this.#unknownOutcome(what, says('cancelled after the request was sent'), err);
        }
        if (isConnectError(err)) {
          // Nothing left this machine, so trying again cannot start a second job.
          if (attempt < this.#retry.maxAttempts) {
            await this.#pause(what, transportError(err, what), attempt, options.signal);
            continue;
          }
          throw this.#scrub(transportError(err, what));
        }
        throw this.#unknownOutcome(what, wordsOf(transportError(err, what)), err);
      }
      this.#log(`POST ${url.pathname} → ${raw.status} in ${Date.now() - started} ms`);
      try {
        return this.#task(classifyResponse(raw, this.baseUrl.origin));
      } catch (err) {
        const e = err as SeedanceApiError;
        const answered = raw.status >= 200 && raw.status < 300;
        if (e.kind === 'server' || e.kind === 'timeout' || (e.kind === 'protocol' && answered)) {
          throw this.#unknownOutcome(what, wordsOf(e), e);
        }
        throw this.#scrub(e);
      }
    }
  }

  /** The task's current state. Retried on transient failures. */
  async retrieve(taskId: string, options: CallOptions = {}): Promise<VideoTask> {
    const id = taskId.trim();
    if (!id) throw new ValidationError([{ field: 'taskId', message: 'task id must not be empty (got "")' }]);
    const url = apiUrl(this.baseUrl, `/v1/videos/${encodeURIComponent(id)}`);
    const what = says('Reading task {0}', id);
    try {
      return await this.#withRetries(what, options.signal, async () => {
        const started = Date.now();
        const raw = await this.#send(url, 'GET', options.signal, undefined, undefined, this.#timeouts.readMs, id);
        this.#log(`GET ${url.pathname} → ${raw.status} in ${Date.now() - started} ms`);
        return this.#task(classifyResponse(raw, this.baseUrl.origin));
      });
    } catch (err) {
      if (err instanceof SeedanceApiError && err.kind === 'task-not-found') {
        throw new SeedanceApiError(
          'task-not-found',
          says('Task {0} does not exist at the provider (task_not_exist)', id),
          {
            status: err.status,
            code: err.code,
            providerMessage: err.providerMessage,
            requestId: err.requestId,
            cause: err,
          },
        );
      }
      throw err;
    }
  }

  /**
   * Whether the service accepts the key, without spending anything: asks for a task that cannot
   * exist. 400 `task_not_exist` means the key got past authentication; 401 means it was refused.
   * Any other failure (unreachable, 5xx, wrong base URL) is thrown for the caller to report.
   */
  async checkKey(options: CallOptions = {}): Promise<{ accepted: boolean; ms: number }> {
    const started = Date.now();
    try {
      await this.retrieve(`seedance-key-check-${Date.now().toString(36)}-does-not-exist`, options);
      // A task with that id would be a surprise, but it would mean the key was accepted.
      return { accepted: true, ms: Date.now() - started };
    } catch (err) {
      if (!(err instanceof SeedanceApiError)) throw err;
      if (err.kind === 'task-not-found') return { accepted: true, ms: Date.now() - started };
      if (err.kind === 'authentication') return { accepted: false, ms: Date.now() - started };
      throw err;
    }
  }

  /**
   * Streams a finished task's signed `video_url` to `destination` (which must not exist yet).
   * Kind `download-rejected` means the link expired: retrieve the task again for a fresh one.
   */
  download(
    videoUrl: string,
    destination: string,
    options: DownloadOptions & { readonly taskId?: string } = {},
  ): Promise<DownloadResult> {
    const host = safeOrigin(videoUrl);
    this.#log(`GET ${host} (video) → ${destination}`);
    return this.#recorded('video', host, options.taskId, () =>
      downloadVideo(this.#downloadContext(), videoUrl, destination, {
        deadlineMs: this.#timeouts.downloadMs,
        ...options,
      }),
    );
  }

  /**
   * Streams a finished task's video from the API itself (`GET /v1/videos/{id}/content`), for a
   * task whose answers carry no link: the gateway serves it there. The only download that carries
   * the key, and only to the API's origin (a redirect elsewhere drops it). A task not completed
   * yet is refused as `invalid-request` (400): wait, then ask again.
   */
  downloadContent(taskId: string, destination: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const url = apiUrl(this.baseUrl, `/v1/videos/${encodeURIComponent(taskId.trim())}/content`);
    this.#log(`GET ${url.pathname} (video from the API) → ${destination}`);
    const auth = { origin: this.baseUrl.origin, authorization: `Bearer ${this.#apiKey}` };
    return this.#recorded('api', url.pathname, taskId, () =>
      downloadVideo(this.#downloadContext(auth), url.toString(), destination, {
        deadlineMs: this.#timeouts.downloadMs,
        ...options,
      }).catch((err: unknown) => {
        throw err instanceof SeedanceApiError ? this.#scrub(err) : err;
      }),
    );
  }

  /** What a download needs of this client; `auth` only for the API's own /content route. */
  #downloadContext(auth?: DownloadContext['auth']): DownloadContext {
    return {
      dispatcher: this.#downloads,
      localApi: this.#localApi,
      userAgent: this.#userAgent,
      auth,
      withRetries: (w, s, a) => this.#withRetries(w, s, a),
    };
  }

  /** Runs a download and records it (its status, size and time) in the task's transcript. */
  async #recorded(
    target: 'api' | 'video',
    path: string,
    taskId: string | undefined,
    run: () => Promise<DownloadResult>,
  ): Promise<DownloadResult> {
    const at = Date.now();
    try {
      const result = await run();
      this.#onExchange({
        at,
        method: 'GET',
        target,
        path,
        status: 200,
        ms: Date.now() - at,
        taskId,
        answer: `{"bytes":${result.bytes}}`,
      });
      return result;
    } catch (err) {
      const e = err as { status?: unknown; message?: unknown };
      this.#onExchange({
        at,
        method: 'GET',
        target,
        path,
        ...(typeof e.status === 'number' && { status: e.status }),
        ms: Date.now() - at,
        error: String(e.message ?? err),
        taskId,
      });
      throw err;
    }
  }

  async close(): Promise<void> {
    const all = new Set([this.#dispatcher, this.#creates, this.#downloads]);
    await Promise.all([...all].map((d) => d.close()));
  }

  #form(req: VideoRequest, files: readonly FileHandle[]): MultipartBody {
    return multipart(
      [
        ['prompt', req.prompt],
        ['model', req.model],
        ['seconds', String(req.seconds)],
        ['size', req.size],
        ['resolution', req.resolution],
      ],
      // One part per image, in order: the prompt refers to them as [Image 1], [Image 2]…
      req.images.map(({ name, mime, size }, i) => ({
        field: 'input_reference',
        name,
        type: mime,
        size,
        file: files[i],
      })),
    );
  }

  async #send(
    url: URL,
    method: 'GET' | 'POST',
    signal?: AbortSignal,
    body?: { form: MultipartBody; onRead: (bytes: number) => void },
    dispatcher = this.#dispatcher,
    deadlineMs?: number,
    taskId?: string,
  ): Promise<RawResponse> {
    // A read has an overall deadline besides the idle timeouts: a reply trickled a byte at a time
    // would otherwise hold a poll for ever. Its expiry reads as a timeout (retried), not a cancel.
    const deadline = deadlineMs === undefined ? undefined : AbortSignal.timeout(deadlineMs);
    const all = deadline && signal ? AbortSignal.any([signal, deadline]) : (deadline ?? signal);
    const at = Date.now();
    const exchange = { at, method, target: 'api' as const, path: url.pathname, taskId };
    try {
      const res = await request(url, {
        method,
        body: body && Readable.from(body.form.stream(body.onRead)),
        signal: all,
        dispatcher,
        headers: {
          authorization: `Bearer ${this.#apiKey}`,
          accept: 'application/json',
          'user-agent': this.#userAgent,
          ...(body && { 'content-type': body.form.contentType, 'content-length': String(body.form.length) }),
        },
      });
      // The provider's text is cleaned of the key where it enters, before anything reads it:
      // a reason or message that echoed it is then safe to store, log, show and hand to an agent.
      const text = this.#clean(await readCapped(res.body));
      this.#onExchange({
        ...exchange,
        status: res.statusCode,
        ms: Date.now() - at,
        answer: text.slice(0, ANSWER_CHARS),
      });
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      const failure =
        deadline?.aborted && !signal?.aborted
          ? new SeedanceApiError(
              'timeout',
              says('{0}: no whole answer within {1} s', url.pathname, deadlineMs! / 1000),
              {
                cause: err,
              },
            )
          : err;
      this.#onExchange({
        ...exchange,
        ms: Date.now() - at,
        error: failure instanceof Error ? failure.message : String(failure),
      });
      throw failure;
    }
  }

  /** Runs a read, repeating it on transient failures with backoff, honouring Retry-After. */
  async #withRetries<T>(what: Arg, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (err) {
        const e = this.#scrub(transportError(err, what, signal));
        if (!e.transient || n >= this.#retry.maxAttempts) throw e;
        await this.#pause(what, e, n, signal);
      }
    }
  }

  async #pause(what: Arg, e: SeedanceApiError, attempt: number, signal?: AbortSignal): Promise<void> {
    const wait = e.retryAfterMs ?? backoffDelay(attempt, this.#retry);
    // A server asking for a longer pause than we will wait gets it from our caller instead.
    if (wait > this.#retry.maxDelayMs) throw e;
    this.#log(`${e.message}; retry ${attempt}/${this.#retry.maxAttempts - 1} in ${wait} ms`);
    try {
      await sleep(wait, signal);
    } catch (err) {
      throw new SeedanceApiError('aborted', says('{0} was cancelled', what), { cause: err });
    }
  }

  #task(json: unknown): VideoTask {
    const parsed = parseTask(json);
    // The text was cleaned already; a key written with JSON escapes is only whole once parsed.
    if ('task' in parsed)
      return Object.fromEntries(
        Object.entries(parsed.task).map(([k, v]) => [k, typeof v === 'string' ? this.#clean(v) : v]),
      ) as unknown as VideoTask;
    throw new SeedanceApiError('protocol', says("The API's answer is not a video task ({0})", parsed.problem));
  }

  #unknownOutcome(what: Arg, reason: Arg, cause: unknown): SeedanceApiError {
    return this.#scrub(
      new SeedanceApiError(
        'outcome-unknown',
        says(
          '{0}: no definite answer ({1}). A job may have started and may be billed; it was not sent again. Check your jobs or track the task by id before trying again.',
          what,
          reason,
        ),
        { cause },
      ),
    );
  }

  /** `text` without the key. */
  #clean(text: string): string {
    return text.includes(this.#apiKey) ? text.split(this.#apiKey).join('[redacted]') : text;
  }

  /** Belt and braces: no error message may carry the key, whatever a server echoed back. */
  #scrub<E extends SeedanceApiError>(e: E): E {
    const key = this.#apiKey;
    if (!e.message.includes(key) && !e.providerMessage?.includes(key)) return e;
    const clean = (s?: string) => (s === undefined ? undefined : this.#clean(s));
    return new SeedanceApiError(e.kind, e.words ? mapArgs(e.words, (a) => this.#clean(a)) : this.#clean(e.message), {
      status: e.status,
      code: e.code,
      providerMessage: clean(e.providerMessage),
      requestId: e.requestId,
      retryAfterMs: e.retryAfterMs,
    }) as E;
  }
}

/** The request's images, opened; a ValidationError naming the first that is not the file checked. */
async function openChecked(images: VideoRequest['images']): Promise<FileHandle[]> {
  const files: FileHandle[] = [];
  try {
    for (const [i, image] of images.entries()) {
      const changed = () =>
        new ValidationError([
          {
            field: images.length > 1 ? `images[${i}]` : 'image',
            message: t(
              'image "{0}" changed after it was checked (replaced, rewritten or removed), so nothing was sent. Check it and try again.',
              image.name,
            ),
          },
        ]);
      const file = await open(image.path, 'r').catch(() => {
        throw changed();
      });
      files.push(file);
      if (!sameFile(identityOf(await file.stat()), image.identity)) throw changed();
    }
    return files;
  } catch (err) {
    await Promise.all(files.map((f) => f.close()));
    throw err;
  }
}

function checkKey(key: string): string {
  const k = key.trim();
  const fail = (message: string): never => {
    throw new ValidationError([{ field: 'apiKey', message }]);
  };
  if (!k) fail(t('API key is empty: set one with "Seedance: Set API Key"'));
  if (!isHeaderSafe(k)) fail(t('API key contains characters that cannot be sent in a header'));
  return k;
}

/** Whether a value can go into an HTTP header: no control characters, nothing beyond Latin-1. */
export function isHeaderSafe(value: string): boolean {
  // Control characters are exactly what this looks for.
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/.test(value);
}

/** What an error says, as data when it has it. */
function wordsOf(e: SeedanceApiError): Words | string {
  return e.words ?? e.message;
}
