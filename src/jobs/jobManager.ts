// Everything that happens to a job after the person asks for it: submission (stored the moment
// the provider answers with an id), polling, the download, reloads. Every change goes through the
// store's apply() (reducer.ts decides); this runs the effects and fires events; it never shows
// anything (views/jobNotifications.ts does). No `vscode`: its dependencies are handed in, so the
// unit suite runs it against the simulator with a fake clock.
import { SeedanceApiError, type SeedanceClient } from '../api';
import { isKeyringError } from '../auth/keyringError';
import { Emitter, type Event } from '../common/emitter';
import { Disposable } from '../common/lifecycle';
import type { CostEstimate } from '../pricing/estimate';
import { type DoneJob, type Job, type NewJob, taskIdOf } from './job';
import type { JobStore } from './jobStore';
import { Poller, type Scheduler } from './poller';
import { type Effect, type JobInput, reduce, reportOf } from './reducer';
import type { Estimates } from './finishTimes';
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
  };
  readonly estimates?: Estimates;
  readonly ledger?: { record(id: string, cost: CostEstimate): PromiseLike<void> };
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
  }

  /**
   * Sends the request once. The job is stored as soon as the id comes back, before the first
   * poll, and the confirmed estimate is added to this month's spend. Errors propagate
   * (plan/submit.ts sorts them).
   */
  async submit(planned: NewJob, how: SubmitOptions): Promise<Job> {
    const { request: req, folder, cost, origin } = planned;
    const client = await this.#options.clients.require();
    const started = this.#now();
    const task = await client.create(req, { signal: how.signal, onUploadProgress: how.onUpload });
    // A gateway that answers two creates with one id: both jobs were paid for, both are kept.
    const key = this.#store.freeKey(task.id);
    if (key !== task.id)
      this.#log.warn(
        `The provider answered with task id ${task.id}, which an earlier job already has; both are kept (this one as ${key})`,
      );
    const job: Job = {
      id: key,
      ...(key !== task.id && { taskId: task.id }),
      prompt: req.prompt,
      model: req.model,
      seconds: req.seconds,
      size: req.size,
      resolution: req.resolution,
      ...(req.images.length > 0 && { images: req.images.map((i) => i.path) }),
      ...(folder && { folder }),
      ...(cost && { cost }),
      ...(origin && { origin }),
      submittedAt: task.createdAt ?? started,
      pollingSince: this.#now(),
      phase: 'rendering',
      task: reportOf(task),
    };
    await this.#store.add(job);
    if (cost) await this.#options.ledger?.record(job.id, cost);
    const images = req.images.length ? `, ${req.images.length} image(s)` : '';
    this.#log.info(
      `Submitted ${job.id} (${req.model}, ${req.seconds} s, ${req.size}, ${req.resolution}${images}) in ${this.#now() - started} ms; the provider says "${task.rawStatus}"`,
    );
    this.poller.poke();
    return job;
  }

  /** Adds an existing task id to the list and polls it; `folder` (a URI) is where its video goes. */
  async track(id: string, folder?: string): Promise<Job> {
    const existing = this.#store.get(id);
    if (existing) return existing;
    const client = await this.#options.clients.require();
    const task = await client.retrieve(id);
    const now = this.#now();
    await this.#store.add({
      id: task.id,
      prompt: `(tracked task ${task.id})`,
      model: task.model ?? 'unknown',
      tracked: true,
      ...(folder && { folder }),
      submittedAt: task.createdAt ?? now,
      pollingSince: now,
      phase: 'rendering',
      task: { ...reportOf(task), status: '' },
    });
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
  async #apply(id: string, input: JobInput): Promise<Job | undefined> {
    const applied = await this.#store.apply(id, input);
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
    const current = this.#store.get(job.id);
    const next = current && reduce(current, input).job;
    if (next?.phase === 'done' && this.#options.describeVideo)
      await this.#options
        .describeVideo(next)
        .catch((err: unknown) =>
          this.#log.warn(`${next.id}: could not write what made the video beside it: ${String(err)}`),
        );
    await this.#apply(job.id, input);
  }

  #pausedOnKey(err: SeedanceApiError): void {
    this.#log.error(`Polling paused: ${err.message}`);
    this.#onDidNeedKey.fire(
      isKeyringError(err.cause) ? { kind: 'keyring', message: err.message } : { kind: 'refused', message: err.message },
    );
  }
}
