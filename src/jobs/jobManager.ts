// Everything that happens to a job after the person asks for it: submission (stored the moment
// the provider answers with an id), polling, the download, reloads. Every change goes through the
// store's apply() (reducer.ts decides); this runs the effects and fires events; it never shows
// anything (views/jobNotifications.ts does). No `vscode`: its dependencies are handed in, so the
// unit suite runs it against the simulator with a fake clock.
import { randomBytes } from 'node:crypto';
import { SeedanceApiError, type SeedanceClient, quotaNamed } from '../api';
import { isKeyringError } from '../auth/keyringError';
import { Emitter, type Event } from '../common/emitter';
import { Disposable } from '../common/lifecycle';
import type { CostEstimate } from '../pricing/estimate';
import { type DoneJob, type Job, type NewJob, type WaitingJob, taskIdOf } from './job';
import type { JobStore } from './jobStore';
import { Poller, type Scheduler } from './poller';
import { type Effect, type JobInput, born, problemOf } from './reducer';
import type { Estimates } from './renderHistory';
import type { DownloadOutcome } from './videoDownloads';

export interface SubmitOptions {
  readonly signal: AbortSignal;
  readonly onUpload?: (sent: number, total: number) => void;
}

export interface KeyProblem {
  /** 'refused': the service answered 401. 'keyring': the key could not be read. */
  readonly kind: 'refused' | 'keyring';
  readonly message: string;
}

/** Whether the window has focus, and when that changes (polling slows down in the background). */
export interface WindowFocus {
  readonly focused: () => boolean;
  readonly onDidChange: Event<boolean>;
}

/** The log (vscode.LogOutputChannel has this shape): English, never the key. */
export interface Log {
  debug(line: string): void;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export interface JobManagerOptions {
  readonly store: JobStore;
  /** The client for the key in use (auth/clientProvider.ts): `require()` throws when there is none. */
  readonly clients: { require(): Promise<SeedanceClient>; readonly onDidChangeKey: Event<void> };
  readonly downloads: {
    download(job: Job, videoUrl: string | undefined, onProgress: (percent: number) => void): Promise<DownloadOutcome>;
    cancelAll(): void;
  };
  readonly log: Log;
  readonly focus: WindowFocus;
  /** The polling settings, read when needed (they may change). */
  readonly settings: {
    readonly pollIntervalMs: () => number;
    readonly minPollMs: () => number;
    readonly adaptive: () => boolean;
    readonly jobTimeoutMs: () => number;
    /** How many jobs may be in the provider's hands at once (seedance.maxConcurrentJobs); no limit when absent. */
    readonly maxConcurrent?: () => number;
  };
  readonly estimates?: Estimates;
  readonly ledger?: {
    record(id: string, cost: CostEstimate): PromiseLike<void>;
    forget?(id: string): PromiseLike<void>;
  };
  /**
   * Places at the provider shared with other processes (the MCP servers on one root, the windows of
   * one profile): one is taken
   * before each send and given back once the job is stored. Without it, this manager's own jobs count.
   */
  readonly places?: SendPlaces;
  /** How often places held elsewhere are looked at again while jobs wait (5 s; a test's shorter). */
  readonly recheckPlacesMs?: number;
  /** The clock (a test's fake one); Date.now by default. */
  readonly now?: () => number;
  /** The poller's timers (a test's fake ones). */
  readonly scheduler?: Scheduler;
  /**
   * Writes what made a finished video beside it (sidecar.ts), before anyone is told it is ready.
   * A failure is logged; the video stays.
   */
  readonly describeVideo?: (job: DoneJob) => Promise<void>;
}

/**
 * Places at the provider counted across processes: `take` answers a place, or undefined when none
 * is free. A place is tied to its job's key as soon as it is known (`bind`), so that the job stored
 * as rendering and its place are never counted twice; `release` gives it back.
 */
export interface SendPlaces {
  take(limit: number, key?: string): Promise<Place | undefined>;
  /** This manager's jobs in the provider's hands may have changed (other processes count them). */
  changed?(): Promise<void>;
}

export interface Place {
  bind(key: string): Promise<void>;
  release(): Promise<void>;
}

/** Why the send queue is not sending: a 429's pause (until when) or a stop (a quota, the balance, the key). */
export type QueueHold =
  | { readonly kind: 'paused'; readonly until: number; readonly reason: string }
  | { readonly kind: 'stopped'; readonly reason: string };

/** What a job keeps of what the person asked for: the request's settings, its folder, cost and origin. */
/** How long a 429 without Retry-After pauses the queue; and how often places held elsewhere are looked at again. */
const DEFAULT_PAUSE_MS = 30_000;
const RECHECK_MS = 5_000;

export class JobManager extends Disposable {
  readonly poller: Poller;
  /** Downloads under way, by job id (refresh() waits for them). */
  readonly #downloading = new Map<string, Promise<void>>();
  readonly #store: JobStore;
  readonly #log: Log;
  readonly #now: () => number;
  readonly #options: JobManagerOptions;
  readonly #onDidFinish = this._register(new Emitter<Job>());
  /** A video is on disk (the job as it is now, with its path). */
  readonly onDidFinish = this.#onDidFinish.event;
  readonly #onDidFail = this._register(new Emitter<Job>());
  /** The provider ended a job without a video. */
  readonly onDidFail = this.#onDidFail.event;
  readonly #onDidFailDownload = this._register(new Emitter<Job>());
  /** A finished video could not be downloaded (Retry Download). */
  readonly onDidFailDownload = this.#onDidFailDownload.event;
  readonly #onDidMeetUnknownStatus = this._register(new Emitter<{ job: Job; status: string }>());
  /** The provider answered a job with a status word no vocabulary knows (it keeps being polled). */
  readonly onDidMeetUnknownStatus = this.#onDidMeetUnknownStatus.event;
  readonly #onDidNeedKey = this._register(new Emitter<KeyProblem>());
  /** Polling paused: the key was refused or cannot be read. */
  readonly onDidNeedKey = this.#onDidNeedKey.event;
  readonly #onDidChangeQueue = this._register(new Emitter<QueueHold | undefined>());
  /** The send queue paused, stopped or went on (undefined). */
  readonly onDidChangeQueue = this.#onDidChangeQueue.event;
  /** Sends under way (their jobs are not stored as rendering yet, but hold a place). */
  #sending = 0;
  /** Waiting jobs being sent now (never picked twice). */
  readonly #sendingIds = new Set<string>();
  #hold: QueueHold | undefined;
  #pumpTimer: ReturnType<typeof setTimeout> | undefined;
  #pumping = false;

  constructor(options: JobManagerOptions) {
    super();
    const { store, clients, downloads, log, focus, settings, estimates } = options;
    this.#options = options;
    this.#store = store;
    this.#log = log;
    this.#now = options.now ?? Date.now;
    this.poller = new Poller({
      beforeTick: () => this.#expireOverdue(),
      unfinished: () =>
        store
          .all()
          .filter((j) => j.phase === 'rendering')
          .map((j) => j.id),
      retrieve: async (id, signal) => {
        // A keyring that cannot be read is a key problem: polling pauses and says so (as for a
        // refused key) instead of retrying quietly in the background.
        const client = await clients.require().catch((err: unknown) => {
          throw isKeyringError(err)
            ? new SeedanceApiError('authentication', (err as Error).message, { cause: err })
            : err;
        });
        const job = store.get(id);
        return client.retrieve(job ? taskIdOf(job) : id, { signal });
      },
      onTask: async (id, task) => {
        const now = this.#now();
        estimates?.observe(id, task, now);
        await this.#apply(id, { type: 'polled', task, now });
      },
      onJobError: async (id, error) => void (await this.#apply(id, { type: 'poll-failed', error })),
      onAuthFailure: (err) => this.#pausedOnKey(err),
      intervalMs: settings.pollIntervalMs,
      minIntervalMs: settings.minPollMs(),
      adaptive: settings.adaptive,
      estimate: (id) => {
        const job = store.get(id);
        return job && { submittedAt: job.submittedAt, finishAt: estimates?.estimate(job, this.#now())?.finishAt };
      },
      minGapMs: Math.min(1_000, settings.minPollMs()),
      focused: focus.focused,
      log: (line) => log.debug(line),
      now: this.#now,
      ...(options.scheduler && { scheduler: options.scheduler }),
    });
    this._register({ dispose: () => this.poller.dispose() });
    this._register({ dispose: () => downloads.cancelAll() });
    this._register(focus.onDidChange((focused) => this.poller.focusChanged(focused)));
    this._register(clients.onDidChangeKey(() => this.poller.resume()));
    // A place may have freed up (a job left the provider's hands, or the list changed): the next
    // waiting one goes. Progress alone frees nothing, so a poll's answer costs no look at the queue.
    this._register(
      store.onDidChange(({ before, after }) => {
        if (before && after && before.phase === after.phase) return;
        void this.#options.places?.changed?.();
        this.#pumpSoon(0);
      }),
    );
    this._register({ dispose: () => clearTimeout(this.#pumpTimer) });
  }

  /** Why waiting jobs are not being sent, if they are not. */
  get queueHold(): QueueHold | undefined {
    return this.#hold;
  }

  /** The waiting jobs, first to be sent first. */
  waiting(): WaitingJob[] {
    // The store lists the newest first; jobs queued in the same millisecond keep their order.
    return this.#store
      .all()
      .filter((j): j is WaitingJob => j.phase === 'waiting')
      .reverse()
      .sort((a, b) => a.submittedAt - b.submittedAt);
  }

  /** Sends the waiting jobs again after a stop (the person fixed the balance, the key, or waited out a quota). */
  resumeQueue(): void {
    this.#setHold(undefined);
    this.#pumpSoon(0);
  }

  /** Takes a waiting job off the list: it was never sent, so nothing is charged. */
  async cancelWaiting(id: string): Promise<boolean> {
    const job = this.#store.get(id);
    if (job?.phase !== 'waiting' || this.#sendingIds.has(id)) return false;
    await this.#store.remove(id);
    await this.#options.ledger?.forget?.(id);
    this.#log.info(`${id}: cancelled while waiting to send; nothing was sent`);
    return true;
  }

  /**
   * Picks up where the last window left off: interrupted downloads are fetched again (with a
   * fresh link), and polling resumes shortly after activation. Nothing is ever re-submitted.
   */
  async restore(): Promise<void> {
    const migrated = await this.#store.migrate();
    if (migrated) this.#log.info(`Moved ${migrated} job(s) stored by Seedance 0.1.0 to the current format`);
    for (const job of this.#store.all()) await this.#apply(job.id, { type: 'restored' });
    const running = this.#store.running().length;
    if (running) {
      this.#log.info(`Resuming ${running} unfinished job(s)`);
      setTimeout(() => this.poller.poke(), 1000);
    }
    this.#pumpSoon(0);
  }

  /**
   * Sends the request once. The job is stored as soon as the id comes back, before the first
   * poll, and the confirmed estimate is added to this month's spend. Errors propagate
   * (plan/submit.ts sorts them).
   */
  async submit(planned: NewJob, how: SubmitOptions): Promise<Job> {
    const { request: req, cost } = planned;
    const client = await this.#options.clients.require();
    // Behind the jobs already waiting, or with every place at the provider taken: it waits its
    // turn here, confirmed and unsent (free to cancel), instead of meeting the account's limit.
    const place = this.waiting().length || this.#hold ? undefined : await this.#takePlace();
    if (!place) return this.#enqueue(planned);
    const started = this.#now();
    let task;
    try {
      task = await client.create(req, { signal: how.signal, onUploadProgress: how.onUpload });
    } catch (err) {
      await place.release();
      // The account's limit met after all (another window, another tool): it waits its turn.
      if (err instanceof SeedanceApiError && err.kind === 'rate-limited') {
        const quota = quotaNamed(err);
        if (!quota) {
          this.#pauseFor(err);
          return this.#enqueue(planned);
        }
        // A quota used up: nothing started, and the jobs after this one would meet it too.
        this.#setHold({ kind: 'stopped', reason: quota });
      }
      throw err;
    }
    // A gateway that answers two creates with one id: both jobs were paid for, both are kept.
    const key = this.#store.freeKey(task.id);
    if (key !== task.id)
      this.#log.warn(
        `The provider answered with task id ${task.id}, which an earlier job already has; both are kept (this one as ${key})`,
      );
    const job = born({ type: 'sent', id: key, planned, task, sentAt: started, now: this.#now() });
    try {
      await place.bind(key);
      await this.#store.add(job);
    } finally {
      await place.release();
    }
    if (cost) await this.#options.ledger?.record(job.id, cost);
    const images = req.images.length ? `, ${req.images.length} image(s)` : '';
    this.#log.info(
      `Submitted ${job.id} (${req.model}, ${req.seconds} s, ${req.size}, ${req.resolution}${images}) in ${this.#now() - started} ms; the provider says "${task.rawStatus}"`,
    );
    this.poller.poke();
    return job;
  }

  /** Stores a confirmed job to be sent when a place frees up; its estimate counts from now. */
  async #enqueue(planned: NewJob): Promise<Job> {
    const { cost } = planned;
    const now = this.#now();
    const id = `waiting-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
    const job = born({ type: 'queued', id, planned, now });
    await this.#store.add(job);
    if (cost) await this.#options.ledger?.record(job.id, cost);
    this.#log.info(`${job.id}: waiting to send (${this.waiting().length} waiting; at most ${this.#limit()} at once)`);
    this.#pumpSoon(0);
    return job;
  }

  #limit(): number {
    const limit = this.#options.settings.maxConcurrent?.() ?? Infinity;
    return Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : Infinity;
  }

  /** This manager's jobs in the provider's hands, and its sends under way. */
  #busy(): number {
    return this.#store.all().filter((j) => j.phase === 'rendering').length + this.#sending;
  }

  /** A place at the provider (counted here, or across processes), or undefined when all are taken. */
  async #takePlace(key?: string): Promise<Place | undefined> {
    const limit = this.#limit();
    if (this.#busy() >= limit) return undefined;
    this.#sending++;
    const shared = this.#options.places ? await this.#options.places.take(limit, key) : undefined;
    if (this.#options.places && !shared) {
      this.#sending--;
      return undefined;
    }
    let released = false;
    return {
      bind: (k) => shared?.bind(k) ?? Promise.resolve(),
      release: async () => {
        if (released) return;
        released = true;
        this.#sending--;
        await shared?.release();
      },
    };
  }

  #setHold(hold: QueueHold | undefined): void {
    if (hold === this.#hold) return;
    this.#hold = hold;
    if (hold) this.#log.warn(`Send queue ${hold.kind}: ${hold.reason}`);
    else this.#log.info('Send queue goes on');
    this.#onDidChangeQueue.fire(hold);
  }

  /** A 429 that waiting cures: the queue pauses until the provider's time (or a default). */
  #pauseFor(err: SeedanceApiError): void {
    const until = this.#now() + (err.retryAfterMs ?? DEFAULT_PAUSE_MS);
    this.#setHold({ kind: 'paused', until, reason: err.message });
    this.#pumpSoon(until - this.#now());
  }

  #pumpSoon(ms: number): void {
    if (this.isDisposed) return;
    clearTimeout(this.#pumpTimer);
    this.#pumpTimer = setTimeout(() => void this.#pump(), Math.max(0, ms));
  }

  /** Sends waiting jobs, oldest first, while places are free and nothing holds the queue. */
  async #pump(): Promise<void> {
    if (this.#pumping || this.isDisposed) return;
    this.#pumping = true;
    try {
      // A pause ends at its time: looked at again then (another call may have come meanwhile).
      if (this.#hold?.kind === 'paused') {
        const left = this.#hold.until - this.#now();
        if (left > 0) return this.#pumpSoon(left);
        this.#setHold(undefined);
      }
      for (;;) {
        if (this.#hold || this.isDisposed) return;
        const next = this.waiting().find((j) => !this.#sendingIds.has(j.id));
        if (!next) return;
        const place = await this.#takePlace(next.id);
        if (!place) {
          // Places held by another process free up without an event here: look again shortly.
          if (this.#options.places) this.#pumpSoon(this.#options.recheckPlacesMs ?? RECHECK_MS);
          return;
        }
        this.#sendingIds.add(next.id);
        void this.#sendWaiting(next, place).finally(() => {
          this.#sendingIds.delete(next.id);
          this.#pumpSoon(0);
        });
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Sends one waiting job once. Nothing is re-sent that may have been paid for. */
  async #sendWaiting(job: WaitingJob, place: Place): Promise<void> {
    try {
      // Cancelled meanwhile: nothing to send.
      if (this.#store.get(job.id)?.phase !== 'waiting') return;
      const client = await this.#options.clients.require();
      const task = await client.create(job.request);
      await this.#apply(job.id, { type: 'sent', task, now: this.#now() });
      this.#log.info(`Submitted ${task.id} (it waited its turn as ${job.id}); the provider says "${task.rawStatus}"`);
      this.poller.poke();
    } catch (err) {
      await this.#sendFailed(job, err);
    } finally {
      await place.release();
    }
  }

  async #sendFailed(job: WaitingJob, err: unknown): Promise<void> {
    const now = this.#now();
    if (err instanceof SeedanceApiError) {
      const quota = quotaNamed(err);
      if (err.kind === 'rate-limited' && !quota) return this.#pauseFor(err);
      // It stays waiting: a quota used up, a refused key, or a keyring that cannot be read is the
      // same for every job after it. The person resumes the queue once it is fixed.
      if (quota) return this.#setHold({ kind: 'stopped', reason: quota });
      if (err.kind === 'authentication' || isKeyringError(err.cause))
        return this.#setHold({ kind: 'stopped', reason: err.message });
      if (err.kind === 'aborted' || err.kind === 'network' || err.kind === 'timeout') {
        // Nothing can have started (a create that may have is 'outcome-unknown'): try again later.
        return this.#pauseFor(err);
      }
      const maybeStarted = err.kind === 'outcome-unknown';
      await this.#apply(job.id, {
        type: 'send-failed',
        problem: problemOf(err),
        maybeStarted,
        now,
      });
      if (!maybeStarted) await this.#options.ledger?.forget?.(job.id);
      if (err.refusal === 'balance' || err.refusal === 'key-limit')
        this.#setHold({ kind: 'stopped', reason: err.message });
      return;
    }
    if (isKeyringError(err)) return this.#setHold({ kind: 'stopped', reason: (err as Error).message });
    await this.#apply(job.id, {
      type: 'send-failed',
      problem: problemOf(err, 'invalid-request'),
      maybeStarted: false,
      now,
    });
    await this.#options.ledger?.forget?.(job.id);
  }

  /** Adds an existing task id to the list and polls it; `folder` (a URI) is where its video goes. */
  async track(id: string, folder?: string): Promise<Job> {
    const existing = this.#store.get(id);
    if (existing) return existing;
    const client = await this.#options.clients.require();
    const task = await client.retrieve(id);
    const now = this.#now();
    await this.#store.add(born({ type: 'tracked', task, folder, now }));
    const after = await this.#apply(task.id, { type: 'polled', task, now });
    this.poller.poke();
    return after ?? this.#store.get(task.id)!;
  }

  /**
   * Asks the provider about these jobs now (those still rendering), and waits for a download that
   * follows: for a caller that needs the answer at once (the MCP server's check_videos, whose
   * process may end right after). The poller's own schedule goes on as before.
   */
  async refresh(ids: readonly string[]): Promise<void> {
    // The deadline first, as every poll does: a process that lives for one call (an MCP server per
    // call) would otherwise never end a job whose status stays unknown.
    await this.#expireOverdue();
    await Promise.all(
      ids.map(async (id) => {
        const job = this.#store.get(id);
        if (job?.phase === 'rendering') {
          const client = await this.#options.clients.require();
          try {
            const task = await client.retrieve(taskIdOf(job));
            await this.#apply(id, { type: 'polled', task, now: this.#now() });
          } catch (err) {
            if (!(err instanceof SeedanceApiError)) throw err;
            await this.#apply(id, { type: 'poll-failed', error: err });
          }
        }
        await this.#downloading.get(id);
      }),
    );
  }

  /** Polls a job again after it timed out, was lost, or its download failed. */
  async resume(id: string): Promise<void> {
    await this.#apply(id, { type: 'resume', now: this.#now() });
    this.poller.poke();
  }

  /** The person opened (or dismissed) a finished video: its badge clears. */
  async markSeen(id: string): Promise<void> {
    await this.#apply(id, { type: 'seen' });
  }

  async #expireOverdue(): Promise<void> {
    const now = this.#now();
    const deadlineMs = this.#options.settings.jobTimeoutMs();
    for (const job of this.#store.running()) await this.#apply(job.id, { type: 'deadline', now, deadlineMs });
  }

  /** Applies `input` to the job `id` through the store, then runs the effects; returns the job as it is now. */
  async #apply(id: string, input: JobInput, first?: (next: Job) => Promise<void>): Promise<Job | undefined> {
    const applied = await this.#store.apply(id, input, first);
    if (!applied) return undefined;
    for (const effect of applied.effects) this.#run(applied.after, effect);
    return applied.after;
  }

  #run(job: Job, effect: Effect): void {
    const log = this.#log;
    switch (effect.kind) {
      case 'status-changed':
        log.info(`${job.id}: ${effect.from || '(none)'} → ${effect.to}`);
        return;
      case 'unknown-status':
        log.warn(
          `${job.id}: the provider answered with a status this extension does not know: "${effect.status}". The job keeps being checked until its deadline.`,
        );
        this.#onDidMeetUnknownStatus.fire({ job, status: effect.status });
        return;
      case 'link-missing':
        log.warn(`${job.id}: finished, but the answer carries no video link (${effect.misses}); asking again`);
        return;
      case 'download': {
        void this.#options.estimates?.finished(job, effect.finishedAt);
        const download = this.#download(job, effect.videoUrl).finally(() => this.#downloading.delete(job.id));
        this.#downloading.set(job.id, download);
        return;
      }
      case 'failed': {
        const f = job.phase === 'failed' && job.failure.code === 'provider' ? job.failure : undefined;
        log.warn(
          `${job.id} failed: ${f?.said ?? `the provider ended the task as "${f?.status ?? ''}"`}${f?.providerCode ? ` [${f.providerCode}]` : ''}${f?.requestId ? ` (request id: ${f.requestId})` : ''}`,
        );
        this.#onDidFail.fire(job);
        return;
      }
      case 'lost':
        log.warn(`${job.id}: the provider no longer knows this task`);
        return;
      case 'timed-out':
        log.warn(`${job.id} not finished after ${effect.minutes} min; Resume to keep waiting`);
        return;
      case 'finished':
        this.#onDidFinish.fire(job);
        return;
      case 'download-failed':
        if (!effect.cancelled) this.#onDidFailDownload.fire(job);
        return;
      case 'sent':
        return;
      case 'send-failed':
        log.warn(`${job.id}: not sent: ${job.phase === 'failed' ? JSON.stringify(job.failure) : ''}`);
        this.#onDidFail.fire(job);
        return;
    }
  }

  async #download(job: Job, videoUrl: string | undefined): Promise<void> {
    const outcome = await this.#options.downloads.download(job, videoUrl, (percent) => {
      void this.#store.apply(job.id, { type: 'download-progress', percent });
    });
    const input: JobInput = outcome.ok
      ? { type: 'downloaded', path: outcome.result.path, bytes: outcome.result.bytes, now: this.#now() }
      : { type: 'download-failed', problem: outcome.problem, cancelled: outcome.cancelled };
    // The sidecar first, from the job as it is about to be stored: whoever sees "Ready" (the row,
    // the script's link, the gallery, another window's scan) finds what made the video beside it.
    const describe = this.#options.describeVideo;
    await this.#apply(job.id, input, async (next) => {
      if (next.phase === 'done' && describe)
        await describe(next).catch((err: unknown) =>
          this.#log.warn(`${next.id}: could not write what made the video beside it: ${String(err)}`),
        );
    });
  }

  #pausedOnKey(err: SeedanceApiError): void {
    this.#log.error(`Polling paused: ${err.message}`);
    this.#onDidNeedKey.fire(
      isKeyringError(err.cause) ? { kind: 'keyring', message: err.message } : { kind: 'refused', message: err.message },
    );
  }
}
