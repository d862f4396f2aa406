// A faithful stand-in for the CometAPI Seedance service (../shared/api-contract.md), with its
// signed video URLs served from a second origin, fault injection and a record of every request.
// Started by the CLI (cli.ts) or in-process by tests with `Simulator.start()`.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Response } from 'undici';
import { SAMPLE_MP4 } from '../support/paths';
import {
  DEFAULTS,
  MAX_REFERENCE_IMAGES,
  MODEL_RULES,
  RATIOS,
  imageDimensions,
  isAcceptedImage,
  resolutionOfExactSize,
} from './contract';
import { type Dialect, parseDialect, statusWord } from './dialects';
import { drawTiming, seeded } from './timing';
import { FaultPlan, type FaultRule, type Target, parseFaultSpec } from './faults';
import { HTML, gatewayError, providerError, sendHtml, sendJson, sendStatusFault, storageError } from './replies';
import { UrlSigner } from './signing';
import {
  type Outcome,
  type Pace,
  type SimImage,
  type SimTask,
  isEnded,
  newTaskId,
  moderationFor,
  ECHO_KEY_MARKER,
  outcomeFor,
  parseOutcome,
  parsePace,
  polled,
  taskState,
} from './tasks';

export interface SimulatorOptions {
  readonly host?: string;
  /** API port; 0 picks a free one. */
  readonly port?: number;
  /** Video origin port; 0 picks a free one. */
  readonly videoPort?: number;
  /** The one bearer token accepted. */
  readonly key?: string;
  /**
   * How new tasks move (tasks.ts): `instant` (done when first polled), `held` (rendering until a
   * test ends it) or `timed` (over `taskSeconds` of wall time; the default, for the CLI and demo).
   */
  readonly pace?: Pace;
  /** How long a `timed` task takes from submission to its end. */
  readonly taskSeconds?: number;
  /** How long a signed video URL stays valid. */
  readonly urlTtlSeconds?: number;
  /** Serve a generated video of this many bytes instead of the sample (benchmarks). */
  readonly videoBytes?: number;
  readonly faults?: readonly FaultRule[];
  /** How statuses are worded: the docs' current revision (default) or the older one. */
  readonly dialect?: Dialect;
  /** Echo a resolved backend model id (`<model>-260128`) instead of the one sent. */
  readonly resolvedModel?: boolean;
  /** Where a finished task's link is: `video_url` (documented), `fail_reason` or nowhere (`none`). */
  readonly linkIn?: LinkPlace;
  /**
   * Render times like the service's (timing.ts) instead of `taskSeconds`: drawn per model from
   * `seed` (the same tasks every run), every time multiplied by `scale`.
   */
  readonly realistic?: { readonly seed: number; readonly scale: number };
  /**
   * The account's limit of tasks queued or rendering at once: a create past it is answered 429, as
   * gateways do (BytePlus: 3 for an individual account). None by default.
   */
  readonly maxRunning?: number;
  /** One line per request, for the CLI. */
  readonly log?: (line: string) => void;
}

export interface RecordedRequest {
  readonly seq: number;
  readonly at: number;
  readonly target: Target;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  status?: number;
  fault?: string;
  /** POST /v1/videos: the fields as received (a file as name, type and size; the first if repeated). */
  fields?: Record<string, string | { name: string; type: string; size: number }>;
  /** POST /v1/videos: every `input_reference` part, in the order received, with its pixel size. */
  images?: SimImage[];
}

export const DEFAULT_KEY = 'sk-simulator-key';

/**
 * Where a finished task's link is given. `video_url` is the documented place; callers of the route
 * have also met it in `fail_reason`, and no link at all, with the video served by the gateway at
 * `/v1/videos/{id}/content` (api-contract.md, "What callers of this route have met").
 */
export type LinkPlace = 'video_url' | 'fail_reason' | 'none';

export class Simulator {
  readonly faults = new FaultPlan();
  readonly requests: RecordedRequest[] = [];
  readonly tasks = new Map<string, SimTask>();
  /** Every key this simulator has accepted at some point (the key-leak check looks for each). */
  readonly keysUsed = new Set<string>();
  #key = DEFAULT_KEY;
  dialect: Dialect;
  resolvedModel: boolean;
  linkIn: LinkPlace;
  /** `/content` answers with a redirect to the signed link instead of the bytes themselves. */
  contentRedirect = false;
  /** Answer a resumed download with a range of whatever copy is current, ignoring If-Range (a careless CDN). */
  ignoreIfRange = false;
  /** How tasks created from now on move; a task keeps the pace it was created with. */
  pace: Pace;
  /** The account's limit of tasks at once (undefined: none). */
  maxRunning: number | undefined;
  /** The most tasks that were ever queued or rendering at once (what the limit is tested against). */
  peakRunning = 0;
  taskSeconds: number;
  urlTtlSeconds: number;
  /** API requests being answered right now, and the most there have been at once. */
  inFlight = 0;
  maxInFlight = 0;
  videoBytes?: number;
  readonly #signer = new UrlSigner();
  readonly #delays = new Map<NodeJS.Timeout, () => void>();
  readonly #realistic?: { readonly random: () => number; readonly scale: number };
  readonly #sample = readFileSync(SAMPLE_MP4);
  readonly #log: (line: string) => void;
  #api!: Server;
  #video!: Server;
  apiUrl = '';
  videoOrigin = '';

  private constructor(options: SimulatorOptions) {
    this.key = options.key ?? DEFAULT_KEY;
    this.dialect = options.dialect ?? 'current';
    this.resolvedModel = options.resolvedModel ?? false;
    this.linkIn = options.linkIn ?? 'video_url';
    this.#realistic = options.realistic && { random: seeded(options.realistic.seed), scale: options.realistic.scale };
    this.pace = options.pace ?? 'timed';
    this.maxRunning = options.maxRunning;
    this.taskSeconds = options.taskSeconds ?? 20;
    this.urlTtlSeconds = options.urlTtlSeconds ?? 3600;
    this.videoBytes = options.videoBytes;
    this.#log = options.log ?? (() => undefined);
    this.faults.add(...(options.faults ?? []));
  }

  /** The one bearer token accepted (a test may change it: a key revoked at the provider). */
  get key(): string {
    return this.#key;
  }
  set key(value: string) {
    this.#key = value;
    this.keysUsed.add(value);
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const sim = new Simulator(options);
    const host = options.host ?? '127.0.0.1';
    sim.#api = createServer((req, res) => void sim.#serve('api', req, res));
    sim.#video = createServer((req, res) => void sim.#serve('video', req, res));
    sim.apiUrl = `http://${host}:${await listen(sim.#api, host, options.port ?? 0)}`;
    sim.videoOrigin = `http://${host}:${await listen(sim.#video, host, options.videoPort ?? 0)}`;
    return sim;
  }

  /** Stops both servers and every delay still pending (a held-back answer, a slow upload). */
  async close(): Promise<void> {
    for (const [timer, resolve] of this.#delays) {
      clearTimeout(timer);
      resolve();
    }
    this.#delays.clear();
    for (const server of [this.#api, this.#video]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  /** A wait that close() ends at once, so a closed simulator never keeps a process alive. */
  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#delays.delete(timer);
        resolve();
      }, ms);
      this.#delays.set(timer, resolve);
    });
  }

  /** Tasks queued or rendering now (not ended). */
  running(now = Date.now()): number {
    return [...this.tasks.values()].filter((t) => !isEnded(taskState(t, now).state)).length;
  }

  /** Ends a task now (status flips on the next GET). Takes either dialect's word for the outcome. */
  finishTask(id: string, outcome: string = 'success' satisfies Outcome): void {
    const task = this.#task(id);
    task.outcome = parseOutcome(outcome);
    task.forcedAt = Date.now();
  }

  /** Ends the newest task now: the one a test just had sent and held rendering until it was seen. */
  finishLatest(outcome: string = 'success' satisfies Outcome): void {
    this.finishTask([...this.tasks.keys()].at(-1)!, outcome);
  }

  /** Makes a task answer with `status` (a word no client knows, say) and/or without its link. */
  overrideTask(id: string, override: { status?: string | null; withholdLink?: boolean }): void {
    const task = this.#task(id);
    if (override.status !== undefined) task.statusWord = override.status ?? undefined;
    if (override.withholdLink !== undefined) task.withholdLink = override.withholdLink;
  }

  #task(id: string): SimTask {
    const task = this.tasks.get(id);
    if (!task) throw new Error(`no task ${id}`);
    return task;
  }

  /** Requests the service received, without the simulator's own control calls. */
  received(target: Target = 'api', method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.target === target && (!method || r.method === method));
  }

  async #serve(target: Target, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (target === 'api' && url.pathname.startsWith('/__sim/')) return this.#control(req, res, url);
    const started = Date.now();
    const record: RecordedRequest = {
      seq: this.requests.length + 1,
      at: started,
      target,
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: { ...req.headers },
    };
    this.requests.push(record);
    if (target === 'api') {
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      res.once('close', () => this.inFlight--);
    }
    res.on('finish', () =>
      this.#log(
        `${record.method} ${target === 'video' ? '(video) ' : ''}${url.pathname} → ${res.statusCode} ${Date.now() - started} ms${record.fault ? ` [fault ${record.fault}]` : ''}`,
      ),
    );
    try {
      const rule = this.faults.take(target, record.method);
      if (rule) record.fault = describeFault(rule);
      if (rule?.fault.kind === 'slow-headers') await this.#delay(rule.fault.delayMs);
      // Network conditions delay the request; every other fault replies in place of the service.
      const network =
        rule?.fault.kind === 'slow-headers' || rule?.fault.kind === 'slow-upload' || rule?.fault.kind === 'repeat-id';
      if (rule && !network && !rule.commit) {
        // Like the service behind its gateway, the refusal comes after the upload has been read:
        // answering mid-upload would make the client's write fail (EPIPE) before it sees the answer.
        await new Promise<void>((resolve) => {
          if (req.complete) return resolve();
          req.once('end', resolve).once('close', resolve).resume();
        });
        this.#applyFault(rule, res, target);
      } else if (target === 'video') {
        this.#serveVideo(req, res, url);
      } else {
        const body =
          rule?.fault.kind === 'slow-upload' ? throttled(req, rule.fault.bytesPerSecond, (ms) => this.#delay(ms)) : req;
        await this.#route(
          req,
          body,
          res,
          url,
          record,
          rule?.commit ? rule : undefined,
          rule?.fault.kind === 'repeat-id',
        );
      }
    } catch (err) {
      if (!res.headersSent) gatewayError(res, 500, `simulator failure: ${(err as Error).message}`);
      else res.destroy();
    }
    record.status = res.statusCode;
  }

  async #route(
    req: IncomingMessage,
    body: Readable,
    res: ServerResponse,
    url: URL,
    record: RecordedRequest,
    commitRule?: FaultRule,
    repeatId = false,
  ): Promise<void> {
    const taskPath = /^\/v1\/videos\/([^/]+)$/.exec(url.pathname);
    const contentPath = /^\/v1\/videos\/([^/]+)\/content$/.exec(url.pathname);
    const known = url.pathname === '/v1/videos' || taskPath || contentPath;
    if (!known) {
      req.resume();
      return sendHtml(res, 404, HTML.notFound);
    }
    if (req.headers.authorization?.trim() !== `Bearer ${this.key}`) {
      req.resume();
      return gatewayError(res, 401, 'Invalid token');
    }
    if (url.pathname === '/v1/videos' && req.method === 'POST') {
      if (this.maxRunning !== undefined && this.running() >= this.maxRunning) {
        req.resume();
        return gatewayError(
          res,
          429,
          `concurrent task limit reached: ${this.maxRunning} tasks are queued or running for this account; try again when one finishes`,
          'concurrency_limit_exceeded',
          { 'retry-after': '1' },
        );
      }
      const task = await this.#create(req, body, res, record);
      this.peakRunning = Math.max(this.peakRunning, this.running());
      if (task && commitRule) return this.#applyFault(commitRule, res, 'api');
      // repeat-id: the new task is started (and billed), but the answer names the one before it.
      const named = repeatId ? ([...this.tasks.values()].at(-2) ?? task) : task;
      if (named) sendJson(res, 200, { ...this.#taskBody(named), task_id: named.id });
      return;
    }
    if (taskPath && req.method === 'GET') {
      const task = this.tasks.get(decodeURIComponent(taskPath[1]));
      if (!task) return gatewayError(res, 400, 'task_not_exist', 'task_not_exist');
      polled(task, Date.now());
      return sendJson(res, 200, this.#taskBody(task));
    }
    if (contentPath && req.method === 'GET') return this.#serveContent(req, res, decodeURIComponent(contentPath[1]));
    req.resume();
    gatewayError(res, 405, `method ${req.method} not allowed`);
  }

  /** Validates a create the way the service does; answers the error itself and returns nothing. */
  async #create(
    req: IncomingMessage,
    body: Readable,
    res: ServerResponse,
    record: RecordedRequest,
  ): Promise<SimTask | undefined> {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) {
      req.resume();
      gatewayError(res, 400, 'request body must be multipart/form-data', 'invalid_request');
      return undefined;
    }
    let form;
    try {
      // undici's own multipart parser (the WHATWG Response#formData algorithm).
      form = await new Response(Readable.toWeb(body) as ReadableStream, {
        headers: { 'content-type': type },
      }).formData();
    } catch (err) {
      gatewayError(res, 400, `malformed multipart body: ${(err as Error).message}`, 'invalid_request');
      return undefined;
    }
    const fields: NonNullable<RecordedRequest['fields']> = {};
    const images: { blob: Blob; info: SimImage }[] = [];
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = unquote(value);
      else {
        fields[name] ??= { name: value.name, type: value.type, size: value.size };
        if (name === 'input_reference') {
          const dims = imageDimensions(new Uint8Array(await value.slice(0, 64 * 1024).arrayBuffer()));
          images.push({ blob: value, info: { name: value.name, type: value.type, size: value.size, ...dims } });
        }
      }
    }
    record.fields = fields;
    if (images.length) record.images = images.map((i) => i.info);
    const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined);

    const model = text('model')?.trim();
    const prompt = text('prompt');
    if (!model) return void gatewayError(res, 400, 'model name is required', 'invalid_request');
    if (!prompt?.trim()) return void gatewayError(res, 400, 'prompt is required', 'invalid_request');
    const rule = MODEL_RULES[model];
    if (!rule) return void gatewayError(res, 400, `model ${model} is not supported by /v1/videos`, 'model_not_found');

    const seconds = text('seconds') ?? DEFAULTS.seconds;
    const [min, max] = rule.seconds;
    if (!/^\d+$/.test(seconds) || Number(seconds) < min || Number(seconds) > max) {
      return void providerError(
        res,
        400,
        'InvalidParameter',
        `The parameter \`duration\` specified in the request is not valid: ${seconds} is outside ${min}-${max} for model ${model}.`,
      );
    }
    const size = text('size') ?? DEFAULTS.size;
    const pinned = resolutionOfExactSize(size);
    if (!RATIOS.includes(size) && !pinned) {
      return void providerError(
        res,
        400,
        'InvalidParameter',
        `The parameter \`ratio\` specified in the request is not valid: ${size}.`,
      );
    }
    // An exact size pins the resolution, whatever `resolution` says.
    const resolution = pinned ?? text('resolution') ?? DEFAULTS.resolution;
    if (!rule.resolutions.includes(resolution)) {
      return void providerError(
        res,
        400,
        'InvalidParameter',
        `The parameter \`resolution\` specified in the request is not valid: ${resolution} for model ${model}.`,
      );
    }
    if (images.length) {
      if (!rule.r2v) {
        return void gatewayError(
          res,
          400,
          `the specified task_type r2v does not support model ${model.replace(/^doubao-/, '')}`,
          'InvalidParameter',
        );
      }
      if (images.length > MAX_REFERENCE_IMAGES) {
        return void providerError(
          res,
          400,
          'InvalidParameter',
          `The parameter \`image\` specified in the request is not valid: at most ${MAX_REFERENCE_IMAGES} images (got ${images.length}).`,
        );
      }
      for (const { blob } of images) {
        if (!isAcceptedImage(new Uint8Array(await blob.slice(0, 12).arrayBuffer()))) {
          return void providerError(
            res,
            400,
            'InvalidParameter',
            'The parameter `image` specified in the request is not valid: unsupported image format.',
          );
        }
      }
    }
    const timing =
      this.#realistic && drawTiming(this.#realistic.random, model, Number(seconds), resolution, this.#realistic.scale);
    const task: SimTask = {
      id: newTaskId(),
      model,
      prompt,
      seconds: Number(seconds),
      size,
      resolution,
      images: images.map((i) => i.info),
      createdAt: Date.now(),
      pace: this.pace,
      polls: 0,
      ...(timing ? { durationMs: timing.durationMs, timing } : { durationMs: this.taskSeconds * 1000 }),
      outcome: outcomeFor(prompt),
      videoVersion: 1,
    };
    this.tasks.set(task.id, task);
    return task;
  }

  /**
   * `GET /v1/videos/{id}/content`, as the gateway serves it: the key is checked (above), a task not
   * completed is refused with 400, a completed one streamed from the API itself (or, with
   * `contentRedirect`, redirected to its signed link on the video origin).
   */
  #serveContent(req: IncomingMessage, res: ServerResponse, id: string): void {
    req.resume();
    const task = this.tasks.get(id);
    if (!task) return gatewayError(res, 400, 'task_not_exist', 'task_not_exist');
    if (taskState(task, Date.now()).state !== 'success')
      return gatewayError(res, 400, 'Task is not completed', 'task_not_completed');
    if (this.contentRedirect) {
      res.writeHead(302, { location: this.#signer.sign(this.videoOrigin, task.id, this.urlTtlSeconds, Date.now()) });
      return void res.end();
    }
    const size = this.videoBytes ?? this.#sample.length;
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': size });
    void this.#streamVideo(res, 0, size, task.videoVersion);
  }

  /** A task as the service words it in the simulator's dialect. */
  #taskBody(task: SimTask): Record<string, unknown> {
    const now = Date.now();
    const { state, progress, endsAt } = taskState(task, now);
    const ended = isEnded(state);
    const current = this.dialect === 'current';
    // The current revision may fill in completed_at while the task still renders ("do not use it
    // to stop polling"); the older one leaves it null until the end.
    const completedAt = ended || (current && state === 'running') ? Math.floor(endsAt / 1000) : null;
    return {
      id: task.id,
      model: this.resolvedModel ? `${task.model}-260128` : task.model,
      object: 'video',
      status: task.statusWord ?? statusWord(this.dialect, state),
      progress,
      created_at: Math.floor(task.createdAt / 1000),
      completed_at: completedAt,
      // Extra fields the contract says may appear; clients must let them pass.
      seconds: String(task.seconds),
      size: task.size,
      ...(state === 'success' && !task.withholdLink && this.#link(task, now)),
      ...(state === 'failed' && this.#failure(task, current)),
      ...(state === 'error' &&
        (current
          ? {
              error: {
                message: 'Internal error while rendering the video.',
                type: 'comet_api_error',
                code: 'internal_error',
              },
            }
          : { fail_reason: 'Internal error while rendering the video.' })),
    };
  }

  /** A finished task's link, where this simulator's gateway puts it. */
  #link(task: SimTask, now: number): Record<string, string> {
    const url = this.#signer.sign(this.videoOrigin, task.id, this.urlTtlSeconds, now);
    if (this.linkIn === 'fail_reason') return { fail_reason: url };
    return this.linkIn === 'none' ? {} : { video_url: url };
  }

  /** Why a failed task failed: a moderation code (in `error.code` today, in `fail_reason` before), or the generic reason. */
  #failure(task: SimTask, current: boolean): Record<string, unknown> {
    if (task.prompt.includes(ECHO_KEY_MARKER)) {
      const echoed = `Upstream refused the request sent with Authorization: Bearer ${this.key} (debug)`;
      return current
        ? { error: { code: 'upstream_error', message: echoed }, fail_reason: echoed }
        : { fail_reason: echoed };
    }
    const code = moderationFor(task.prompt);
    if (!code) return { fail_reason: 'The request was rejected by the content safety check.' };
    const message = `The request failed because the input or output may contain sensitive information. (request id: ${task.id.slice(-12)})`;
    return current
      ? { error: { code, message, type: 'comet_api_error' }, fail_reason: message }
      : { fail_reason: `${code}: ${message}` };
  }

  #serveVideo(req: IncomingMessage, res: ServerResponse, url: URL, cutAt?: number): void {
    req.resume();
    const m = /^\/videos\/([^/]+)\.mp4$/.exec(url.pathname);
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD'))
      return storageError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    const refusal = this.#signer.check(url.pathname, url.searchParams);
    if (refusal === 'expired') return storageError(res, 403, 'AccessDenied', 'Request has expired');
    if (refusal)
      return storageError(
        res,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    const task = this.tasks.get(m[1]);
    if (!task || taskState(task, Date.now()).state !== 'success')
      return storageError(res, 404, 'NoSuchKey', 'The specified key does not exist.');

    const size = this.videoBytes ?? this.#sample.length;
    const etag = `"${task.id}-v${task.videoVersion}"`;
    // If-Range: a range only of the same copy; otherwise the whole current one (RFC 9110 13.1.5).
    const ifRange = req.headers['if-range'];
    const sameCopy = this.ignoreIfRange || ifRange === undefined || ifRange === etag;
    const range = sameCopy ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
    const start = range ? Number(range[1]) : 0;
    if (start >= size && size > 0) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      return void res.end();
    }
    const headers: Record<string, string | number> = {
      'content-type': 'video/mp4',
      'content-length': size - start,
      'accept-ranges': 'bytes',
      etag,
    };
    if (range) headers['content-range'] = `bytes ${start}-${size - 1}/${size}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    void this.#streamVideo(res, start, size, task.videoVersion, cutAt);
  }

  /** Writes bytes [start, end) with backpressure; stops at `cutAt` and drops the connection. */
  async #streamVideo(res: ServerResponse, start: number, end: number, version: number, cutAt?: number): Promise<void> {
    const stop = cutAt === undefined ? end : Math.min(end, cutAt);
    const chunk = this.videoBytes === undefined ? this.#sample : filler(version);
    let pos = start;
    const closed = once(res, 'close');
    while (pos < stop && !res.destroyed) {
      const offset = this.videoBytes === undefined ? pos : pos % chunk.length;
      let piece = chunk.subarray(offset, offset + Math.min(stop - pos, chunk.length - offset, 1 << 20));
      // A filler video still starts like an MP4 (an ISO-BMFF `ftyp` box), as clients check.
      if (pos === 0 && this.videoBytes !== undefined)
        piece = Buffer.concat([FILLER_HEAD, piece]).subarray(0, piece.length);
      pos += piece.length;
      if (!res.write(piece)) await Promise.race([once(res, 'drain'), closed]);
    }
    if (stop < end) res.socket?.destroy();
    else res.end();
  }

  #applyFault(rule: FaultRule, res: ServerResponse, target: Target): void {
    const f = rule.fault;
    switch (f.kind) {
      case 'status': {
        const headers: Record<string, string> = {};
        if (f.retryAfter !== undefined) headers['retry-after'] = f.retryAfter;
        if (f.retryAfterMs !== undefined) headers['retry-after-ms'] = String(f.retryAfterMs);
        if (target === 'video' && f.status === 403)
          return storageError(res, 403, 'AccessDenied', 'Request has expired');
        if (target === 'video')
          return storageError(res, f.status, 'ServiceUnavailable', 'Please reduce your request rate.');
        return sendStatusFault(res, f.status, headers, f.code);
      }
      case 'reset': {
        if (target === 'video') {
          const url = new URL(res.req.url ?? '/', 'http://simulator');
          const size = this.videoBytes ?? this.#sample.length;
          this.#serveVideo(res.req, res, url, Math.floor(size / 2));
          const task = this.tasks.get(/^\/videos\/([^/]+)\.mp4$/.exec(url.pathname)?.[1] ?? '');
          if (f.swap && task) task.videoVersion++;
          return;
        }
        const body = JSON.stringify({ id: 'task_cut', status: 'IN_PROGRESS', progress: 50, padding: 'x'.repeat(64) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.write(body.slice(0, 20));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      case 'malformed-json': {
        const body = '{"id":"task_abc","status":"IN_PROG';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        return void res.end(body);
      }
      case 'html-301':
        return sendHtml(res, 301, HTML.moved, { location: 'https://www.cometapi.com/' });
      case 'slow-headers':
      case 'slow-upload':
        return;
    }
  }

  /** Test controls, outside /v1 and never recorded: faults, config, task flips, the record. */
  async #control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as ControlBody;
    const route = `${req.method} ${url.pathname}`;
    const finish = /^POST \/__sim\/tasks\/([^/]+)\/finish$/.exec(route);
    const override = /^POST \/__sim\/tasks\/([^/]+)\/override$/.exec(route);
    const forget = /^DELETE \/__sim\/tasks\/([^/]+)$/.exec(route);
    try {
      if (route === 'GET /__sim/requests') return sendJson(res, 200, this.requests);
      if (route === 'DELETE /__sim/requests') {
        this.requests.length = 0;
        return sendJson(res, 200, {});
      }
      if (route === 'GET /__sim/tasks') {
        return sendJson(
          res,
          200,
          [...this.tasks.values()].map((t) => ({ ...t, state: taskState(t, Date.now()) })),
        );
      }
      if (route === 'POST /__sim/faults') {
        type Wire = Omit<FaultRule, 'times'> & { spec?: string; times?: number | 'always' };
        const rules = [body as Wire | Wire[]]
          .flat()
          .map((r: Wire): FaultRule =>
            r.spec ? parseFaultSpec(r.spec) : { ...r, times: r.times === 'always' ? Infinity : r.times },
          );
        this.faults.add(...rules);
        return sendJson(res, 200, { pending: this.faults.pending.length });
      }
      if (route === 'DELETE /__sim/faults') {
        this.faults.clear();
        return sendJson(res, 200, {});
      }
      if (route === 'POST /__sim/config') {
        if (typeof body.pace === 'string') this.pace = parsePace(body.pace);
        if (typeof body.taskSeconds === 'number') this.taskSeconds = body.taskSeconds;
        if (typeof body.maxRunning === 'number' || body.maxRunning === null) {
          this.maxRunning = body.maxRunning ?? undefined;
          // Each test that sets the limit measures its own peak.
          this.peakRunning = this.running();
        }
        if (typeof body.urlTtlSeconds === 'number') this.urlTtlSeconds = body.urlTtlSeconds;
        if (typeof body.videoBytes === 'number') this.videoBytes = body.videoBytes;
        // The origin written into signed links (a CDN name, say); the video server stays where it is.
        if (typeof body.videoOrigin === 'string') this.videoOrigin = body.videoOrigin;
        if (typeof body.dialect === 'string') this.dialect = parseDialect(body.dialect);
        if (typeof body.key === 'string') this.key = body.key;
        if (typeof body.resolvedModel === 'boolean') this.resolvedModel = body.resolvedModel;
        if (body.linkIn === 'video_url' || body.linkIn === 'fail_reason' || body.linkIn === 'none')
          this.linkIn = body.linkIn;
        if (typeof body.contentRedirect === 'boolean') this.contentRedirect = body.contentRedirect;
        if (typeof body.ignoreIfRange === 'boolean') this.ignoreIfRange = body.ignoreIfRange;
        return sendJson(res, 200, {
          pace: this.pace,
          taskSeconds: this.taskSeconds,
          urlTtlSeconds: this.urlTtlSeconds,
          videoOrigin: this.videoOrigin,
          dialect: this.dialect,
          maxRunning: this.maxRunning ?? null,
          peakRunning: this.peakRunning,
        });
      }
      if (forget) {
        this.tasks.delete(decodeURIComponent(forget[1]));
        return sendJson(res, 200, {});
      }
      if (finish) {
        this.finishTask(decodeURIComponent(finish[1]), typeof body.outcome === 'string' ? body.outcome : 'success');
        return sendJson(res, 200, {});
      }
      if (override) {
        this.overrideTask(decodeURIComponent(override[1]), {
          ...(typeof body.status === 'string' || body.status === null ? { status: body.status } : {}),
          ...(typeof body.withholdLink === 'boolean' ? { withholdLink: body.withholdLink } : {}),
        });
        return sendJson(res, 200, {});
      }
      sendJson(res, 404, { error: `no control route ${route}` });
    } catch (err) {
      sendJson(res, 400, { error: (err as Error).message });
    }
  }
}

/** A control request's JSON: whatever a test sent, checked field by field where it is used. */
type ControlBody = Record<string, unknown>;

/** The documented curl sends `model="doubao-…"`: one pair of surrounding quotes is dropped. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function describeFault(rule: FaultRule): string {
  const f = rule.fault;
  return (f.kind === 'status' ? String(f.status) : f.kind) + (rule.commit ? ' (after commit)' : '');
}

const fillerChunks = new Map<number, Buffer>();
/** 1 MiB of stand-in video bytes per copy, made once and reused: large videos never sit in memory. */
/** The first bytes of every filler video: `ftyp` at offset 4, as in an MP4. */
export const FILLER_HEAD = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);

function filler(version: number): Buffer {
  let chunk = fillerChunks.get(version);
  if (!chunk) fillerChunks.set(version, (chunk = Buffer.alloc(1 << 20, 0x59 + version)));
  return chunk;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The request body as a slow uplink delivers it: never ahead of `bytesPerSecond`. */
function throttled(req: IncomingMessage, bytesPerSecond: number, delay: (ms: number) => Promise<void>): Readable {
  const slice = Math.max(1, Math.floor(bytesPerSecond / 10));
  return Readable.from(
    (async function* () {
      const started = Date.now();
      let delivered = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        for (let at = 0; at < chunk.length; at += slice) {
          const piece = chunk.subarray(at, at + slice);
          delivered += piece.length;
          const ahead = started + (delivered / bytesPerSecond) * 1000 - Date.now();
          if (ahead > 0) await delay(ahead);
          yield piece;
        }
      }
    })(),
    { objectMode: false },
  );
}
