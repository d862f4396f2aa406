// Everything that happens to a job after the person asks for it: submission (stored the moment
// the provider answers with an id), polling, status changes, the download, reloads.
import * as vscode from 'vscode';
import { SeedanceApiError, type VideoRequest, type VideoTask, isTerminal } from '../api';
import { Batcher, NOTIFY_BATCH_MS } from '../common/batcher';
import type { ClientProvider } from '../common/clientProvider';
import { Commands } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { type ApiKeyStore, KeyringError } from '../secrets/apiKeyStore';
import type { Job } from './job';
import type { JobStore } from './jobStore';
import { MIN_INTERVAL_MS, Poller } from './poller';
import type { VideoDownloads } from './videoDownloads';

export class JobManager extends Disposable {
  readonly poller: Poller;
  readonly #failures = new Batcher<string>(NOTIFY_BATCH_MS, (ids) => this.#announceFailures(ids));

  constructor(
    private readonly store: JobStore,
    private readonly clients: ClientProvider,
    private readonly downloads: VideoDownloads,
    keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.poller = new Poller({
      unfinished: () => this.#unfinished(),
      retrieve: async (id, signal) => {
        // A keyring that cannot be read is a key problem: polling pauses and says so (as for a
        // refused key) instead of retrying quietly in the background.
        const client = await this.clients.get().catch((err: unknown) => {
          throw err instanceof KeyringError ? new SeedanceApiError('authentication', err.message, { cause: err }) : err;
        });
        if (!client) throw new SeedanceApiError('authentication', 'No API key is set');
        return client.retrieve(id, { signal });
      },
      onTask: (id, task) => this.#onTask(id, task),
      onJobError: (id, err) => this.#onJobError(id, err),
      onAuthFailure: (err) => void this.#onAuthFailure(err),
      intervalMs: () => pollIntervalMs(),
      focused: () => vscode.window.state.focused,
      log: (line) => log.debug(line),
    });
    this._register({ dispose: () => this.poller.dispose() });
    this._register({ dispose: () => downloads.cancelAll() });
    this._register(this.#failures);
    this._register(vscode.window.onDidChangeWindowState((s) => this.poller.focusChanged(s.focused)));
    this._register(keys.onDidChange(() => this.poller.resume()));
  }

  /**
   * Picks up where the last window left off: interrupted downloads are fetched again (with a
   * fresh link), and polling resumes shortly after activation. Nothing is ever re-submitted.
   */
  async restore(): Promise<void> {
    for (const job of this.store.all()) {
      if (job.phase === 'downloading') await this.store.update(job.id, { phase: 'rendering' });
    }
    if (this.store.running().length) {
      this.log.info(`Resuming ${this.store.running().length} unfinished job(s)`);
      setTimeout(() => this.poller.poke(), 1000);
    }
  }

  /**
   * Sends the request once. The job is stored as soon as the id comes back, before the first
   * poll. Errors propagate to the caller (who keeps the prompt and offers a retry).
   */
  async submit(req: VideoRequest, folder: vscode.Uri | undefined, signal: AbortSignal, onUpload?: (sent: number, total: number) => void): Promise<Job> {
    const client = await this.clients.get();
    if (!client) throw new SeedanceApiError('authentication', 'No API key is set');
    const started = Date.now();
    const task = await client.create(req, { signal, onUploadProgress: onUpload });
    const job: Job = {
      id: task.id,
      prompt: req.prompt,
      model: req.model,
      seconds: req.seconds,
      size: req.size,
      resolution: req.resolution,
      ...(req.image && { image: req.image.path }),
      ...(folder && { folder: folder.toString() }),
      submittedAt: task.createdAt ? task.createdAt * 1000 : started,
      pollingSince: Date.now(),
      phase: 'rendering',
      status: task.status,
      progress: task.progress,
    };
    await this.store.add(job);
    this.log.info(`Submitted ${job.id} (${job.model}, ${job.seconds} s, ${job.size}, ${job.resolution}${job.image ? ', image' : ''}) in ${Date.now() - started} ms`);
    this.poller.poke();
    return job;
  }

  /** Adds an existing task id to the list and polls it. */
  async track(id: string): Promise<Job> {
    const existing = this.store.get(id);
    if (existing) return existing;
    const client = await this.clients.get();
    if (!client) throw new SeedanceApiError('authentication', 'No API key is set');
    const task = await client.retrieve(id);
    const job: Job = {
      id: task.id,
      prompt: `(tracked task ${task.id})`,
      model: task.model ?? 'unknown',
      seconds: 0,
      size: '',
      resolution: '',
      folder: vscode.workspace.workspaceFolders?.[0]?.uri.toString(),
      submittedAt: task.createdAt ? task.createdAt * 1000 : Date.now(),
      pollingSince: Date.now(),
      phase: 'rendering',
      status: task.status,
      progress: task.progress,
    };
    await this.store.add(job);
    await this.#onTask(job.id, task);
    this.poller.poke();
    return job;
  }

  /** Polls a job again after it timed out, was lost, or its download failed. */
  async resume(id: string): Promise<void> {
    await this.store.update(id, { phase: 'rendering', pollingSince: Date.now(), error: undefined });
    this.poller.poke();
  }

  /** Overdue jobs time out here, so the poller only ever sees live ones. */
  #unfinished(): string[] {
    const deadline = jobTimeoutMs();
    const now = Date.now();
    const ids: string[] = [];
    for (const job of this.store.all()) {
      if (job.phase !== 'rendering') continue;
      if (now - job.pollingSince > deadline) {
        void this.store.update(job.id, { phase: 'timed-out', error: `Not finished after ${Math.round(deadline / 60_000)} min` });
        this.log.warn(`${job.id} timed out; Resume to keep waiting`);
      } else {
        ids.push(job.id);
      }
    }
    return ids;
  }

  async #onTask(id: string, task: VideoTask): Promise<void> {
    const job = this.store.get(id);
    if (!job || job.phase !== 'rendering') return;
    if (job.status !== task.status) this.log.info(`${id}: ${job.status} → ${task.status}`);
    if (task.status === 'SUCCESS' && task.videoUrl) {
      await this.store.update(id, { status: task.status, progress: 100, error: undefined });
      void this.downloads.download(id, task.videoUrl);
    } else if (task.status === 'SUCCESS') {
      await this.store.update(id, { status: task.status, error: 'Finished, but the provider gave no video link yet' });
    } else if (isTerminal(task.status)) {
      await this.store.update(id, {
        phase: 'failed',
        status: task.status,
        finishedAt: Date.now(),
        error: task.failureReason ?? (task.status === 'ERROR' ? 'The provider hit an internal error' : 'The provider rejected the task'),
      });
      this.#failures.add(id);
    } else {
      await this.store.update(id, { status: task.status, progress: task.progress, error: undefined });
    }
  }

  /** One notification for the jobs that failed in the same poll; the rows keep each reason. */
  #announceFailures(ids: string[]): void {
    const first = this.store.get(ids[0]);
    if (!first) return;
    if (ids.length === 1) {
      void vscode.window.showErrorMessage(`Seedance: a video failed (${first.status}): ${first.error}`, 'Generate Again').then((c) => {
        if (c) void vscode.commands.executeCommand(Commands.generateAgain, first.id);
      });
      return;
    }
    void vscode.window.showErrorMessage(`Seedance: ${ids.length} videos failed; the first: ${first.error}`, 'Show Videos').then((c) => {
      if (c) void vscode.commands.executeCommand(Commands.focusJobs);
    });
  }

  async #onJobError(id: string, err: SeedanceApiError): Promise<void> {
    if (err.kind === 'task-not-found') {
      await this.store.update(id, { phase: 'lost', error: 'The provider no longer knows this task (task_not_exist)' });
    } else {
      await this.store.update(id, { error: err.message });
    }
    this.log.warn(`${id}: ${err.message}`);
  }

  async #onAuthFailure(err: SeedanceApiError): Promise<void> {
    this.log.error(`Polling paused: ${err.message}`);
    const keyring = err.cause instanceof KeyringError;
    const choice = await vscode.window.showErrorMessage(
      keyring
        ? `Seedance: ${err.message} Checking on your videos is paused until the key can be read.`
        : 'Seedance: the API key was not accepted (401). Checking on your videos is paused until the key is updated.',
      'Set API Key',
      ...(keyring ? ['Show Log'] : []),
    );
    if (choice === 'Set API Key') void vscode.commands.executeCommand(Commands.setApiKey);
    if (choice === 'Show Log') this.log.show();
  }
}

export function pollIntervalMs(): number {
  const seconds = vscode.workspace.getConfiguration('seedance').get<number>('pollIntervalSeconds', 10);
  return Math.max(MIN_INTERVAL_MS, seconds * 1000);
}

export function jobTimeoutMs(): number {
  return Math.max(0.05, vscode.workspace.getConfiguration('seedance').get<number>('jobTimeoutMinutes', 30)) * 60_000;
}
