// Everything that happens to a job after the person asks for it: submission (stored the moment
// the provider answers with an id), polling, the download, reloads. It decides through the pure
// functions of transition.ts, applies their patches to the store and fires events; it never
// shows anything (views/jobNotifications.ts does).
import * as vscode from 'vscode';
import { SeedanceApiError } from '../api';
import type { ClientProvider } from '../auth/clientProvider';
import { KeyringError } from '../auth/apiKeyStore';
import { adaptivePolling, jobTimeoutMs, minPollMs, pollIntervalMs } from '../common/config';
import { Disposable } from '../common/lifecycle';
import { type Job, type NewJob, taskIdOf } from './job';
import type { JobStore } from './jobStore';
import { Poller } from './poller';
import {
  type JobEvent,
  type Transition,
  onDeadline,
  onDownloadFailed,
  onDownloaded,
  onPollError,
  onRestore,
  onResume,
  onTask,
  reportOf,
} from './transition';
import type { Estimates } from './finishTimes';
import type { SpendLedger } from '../pricing/spendLedger';
import type { VideoDownloads } from './videoDownloads';

export interface SubmitOptions {
  readonly signal: AbortSignal;
  readonly onUpload?: (sent: number, total: number) => void;
}

export interface JobFailure {
  readonly job: Job;
  readonly reason: string;
}

export interface KeyProblem {
  /** 'refused': the service answered 401. 'keyring': the key could not be read. */
  readonly kind: 'refused' | 'keyring';
  readonly message: string;
}

/** Whether the window has focus, and when that changes (polling slows down in the background). */
export interface WindowFocus {
  readonly focused: () => boolean;
  readonly onDidChange: vscode.Event<boolean>;
}

export class JobManager extends Disposable {
  readonly poller: Poller;
  readonly #onDidFinish = this._register(new vscode.EventEmitter<Job>());
  /** A video is on disk. */
  readonly onDidFinish = this.#onDidFinish.event;
  readonly #onDidFail = this._register(new vscode.EventEmitter<JobFailure>());
  /** The provider ended a job without a video. */
  readonly onDidFail = this.#onDidFail.event;
  readonly #onDidFailDownload = this._register(new vscode.EventEmitter<JobFailure>());
  /** A finished video could not be downloaded (Retry Download). */
  readonly onDidFailDownload = this.#onDidFailDownload.event;
  readonly #onDidMeetUnknownStatus = this._register(new vscode.EventEmitter<{ job: Job; status: string }>());
  /** The provider answered a job with a status word no vocabulary knows (it keeps being polled). */
  readonly onDidMeetUnknownStatus = this.#onDidMeetUnknownStatus.event;
  readonly #onDidNeedKey = this._register(new vscode.EventEmitter<KeyProblem>());
  /** Polling paused: the key was refused or cannot be read. */
  readonly onDidNeedKey = this.#onDidNeedKey.event;

  constructor(
    private readonly store: JobStore,
    private readonly clients: ClientProvider,
    private readonly downloads: VideoDownloads,
    private readonly log: vscode.LogOutputChannel,
    focus: WindowFocus,
    private readonly estimates?: Estimates,
    private readonly ledger?: SpendLedger,
  ) {
    super();
    this.poller = new Poller({
      beforeTick: () => this.#expireOverdue(),
      unfinished: () =>
        this.store
          .all()
          .filter((j) => j.phase === 'rendering')
          .map((j) => j.id),
      retrieve: async (id, signal) => {
        // A keyring that cannot be read is a key problem: polling pauses and says so (as for a
        // refused key) instead of retrying quietly in the background.
        const client = await this.clients.require().catch((err: unknown) => {
          throw err instanceof KeyringError ? new SeedanceApiError('authentication', err.message, { cause: err }) : err;
        });
        const job = this.store.get(id);
        return client.retrieve(job ? taskIdOf(job) : id, { signal });
      },
      onTask: (id, task) => {
        const now = Date.now();
        this.estimates?.observe(id, task, now);
        return this.#apply(id, (job) => onTask(job, task, now));
      },
      onJobError: (id, err) => this.#apply(id, (job) => onPollError(job, err)),
      onAuthFailure: (err) => this.#pausedOnKey(err),
      intervalMs: pollIntervalMs,
      minIntervalMs: minPollMs(),
      adaptive: adaptivePolling,
      estimate: (id) => {
        const job = this.store.get(id);
        return job && { submittedAt: job.submittedAt, finishAt: this.estimates?.estimate(job, Date.now())?.finishAt };
      },
      minGapMs: Math.min(1_000, minPollMs()),
      focused: focus.focused,
      log: (line) => log.debug(line),
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
    const migrated = await this.store.migrate();
    if (migrated) this.log.info(`Moved ${migrated} job(s) stored by Seedance 0.1.0 to the current format`);
    for (const job of this.store.all()) await this.#apply(job.id, onRestore);
    const running = this.store.running().length;
    if (running) {
      this.log.info(`Resuming ${running} unfinished job(s)`);
      setTimeout(() => this.poller.poke(), 1000);
    }
  }

  /**
   * Sends the request once. The job is stored as soon as the id comes back, before the first
   * poll, and the confirmed estimate is added to this month's spend. Errors propagate (plan/submit.ts sorts them).
   */
  async submit(planned: NewJob, how: SubmitOptions): Promise<Job> {
    const { request: req, folder, cost, origin } = planned;
    const client = await this.clients.require();
    const started = Date.now();
    const task = await client.create(req, { signal: how.signal, onUploadProgress: how.onUpload });
    // A gateway that answers two creates with one id: both jobs were paid for, both are kept.
    const key = this.store.freeKey(task.id);
    if (key !== task.id)
      this.log.warn(
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
      pollingSince: Date.now(),
      phase: 'rendering',
      task: reportOf(task),
    };
    await this.store.add(job);
    if (cost) await this.ledger?.record(job.id, cost);
    const images = req.images.length ? `, ${req.images.length} image(s)` : '';
    this.log.info(
      `Submitted ${job.id} (${job.model}, ${job.seconds} s, ${job.size}, ${job.resolution}${images}) in ${Date.now() - started} ms; the provider says "${task.rawStatus}"`,
    );
    this.poller.poke();
    return job;
  }

  /** Adds an existing task id to the list and polls it. */
  async track(id: string): Promise<Job> {
    const existing = this.store.get(id);
    if (existing) return existing;
    const client = await this.clients.require();
    const task = await client.retrieve(id);
    const job: Job = {
      id: task.id,
      prompt: `(tracked task ${task.id})`,
      model: task.model ?? 'unknown',
      tracked: true,
      folder: vscode.workspace.workspaceFolders?.[0]?.uri.toString(),
      submittedAt: task.createdAt ?? Date.now(),
      pollingSince: Date.now(),
      phase: 'rendering',
      task: { ...reportOf(task), status: '' },
    };
    await this.store.add(job);
    await this.#apply(job.id, (j) => onTask(j, task, Date.now()));
    this.poller.poke();
    return job;
  }

  /** Polls a job again after it timed out, was lost, or its download failed. */
  async resume(id: string): Promise<void> {
    await this.#apply(id, (job) => onResume(job, Date.now()));
    this.poller.poke();
  }

  async #expireOverdue(): Promise<void> {
    const now = Date.now();
    const deadline = jobTimeoutMs();
    for (const job of this.store.running()) await this.#apply(job.id, (j) => onDeadline(j, now, deadline));
  }

  /** Applies a transition to the job `id` and acts on its events. */
  async #apply(id: string, decide: (job: Job) => Transition): Promise<void> {
    const job = this.store.get(id);
    if (!job) return;
    const { patch, events } = decide(job);
    await this.store.update(id, patch);
    for (const event of events) this.#handle(job, event);
  }

  #handle(job: Job, event: JobEvent): void {
    switch (event.kind) {
      case 'status-changed':
        this.log.info(`${job.id}: ${event.from || '(none)'} → ${event.to}`);
        return;
      case 'unknown-status':
        this.log.warn(
          `${job.id}: the provider answered with a status this extension does not know: "${event.status}". The job keeps being checked until its deadline.`,
        );
        this.#onDidMeetUnknownStatus.fire({ job, status: event.status });
        return;
      case 'link-missing':
        this.log.warn(`${job.id}: finished, but the answer carries no video link (${event.misses}); asking again`);
        return;
      case 'download':
        void this.estimates?.finished(job, event.finishedAt);
        void this.#download(job.id, event.videoUrl);
        return;
      case 'failed': {
        // The job as it is now: what moderation refused and the request id came with this answer.
        const now = this.store.get(job.id) ?? job;
        this.log.warn(
          `${job.id} failed: ${event.reason}${now.failureCode ? ` [${now.failureCode}]` : ''}${now.requestId ? ` (request id: ${now.requestId})` : ''}`,
        );
        this.#onDidFail.fire({ job: now, reason: event.reason });
        return;
      }
      case 'lost':
        this.log.warn(`${job.id}: the provider no longer knows this task`);
        return;
      case 'timed-out':
        this.log.warn(`${job.id} not finished after ${event.minutes} min; Resume to keep waiting`);
        return;
    }
  }

  async #download(id: string, videoUrl: string | undefined): Promise<void> {
    const job = this.store.get(id);
    if (!job) return;
    const outcome = await this.downloads.download(
      job,
      videoUrl,
      (pct) => void this.store.update(id, { downloadProgress: pct }),
    );
    if (outcome.ok) {
      await this.#apply(id, (j) => onDownloaded(j, outcome.result, Date.now()));
      this.#onDidFinish.fire(job);
      return;
    }
    await this.#apply(id, (j) => onDownloadFailed(j, outcome.message));
    if (!outcome.cancelled) this.#onDidFailDownload.fire({ job, reason: outcome.message });
  }

  #pausedOnKey(err: SeedanceApiError): void {
    this.log.error(`Polling paused: ${err.message}`);
    this.#onDidNeedKey.fire(
      err.cause instanceof KeyringError
        ? { kind: 'keyring', message: err.message }
        : { kind: 'refused', message: err.message },
    );
  }
}
