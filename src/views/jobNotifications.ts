// The presenter of the job manager's events: "Video ready", "a video failed", "could not be
// downloaded", "the key was refused". Events that arrive together share one notification.
import { basename } from 'node:path';
import type * as vscode from 'vscode';
import { Batcher, NOTIFY_BATCH_MS } from '../common/batcher';
import { canReveal } from '../common/environment';
import { Disposable } from '../common/lifecycle';
import type { Job } from '../jobs/job';
import type { JobFailure, JobManager, KeyProblem } from '../jobs/jobManager';
import { ACTIONS, showMessage } from './messages';

export class JobNotifications extends Disposable {
  readonly #ready = this._register(new Batcher<Job>(NOTIFY_BATCH_MS, (jobs) => void this.#announceReady(jobs)));
  readonly #failed = this._register(
    new Batcher<JobFailure>(NOTIFY_BATCH_MS, (failures) => void this.#announceFailures(failures)),
  );

  constructor(
    manager: JobManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(manager.onDidFinish((job) => this.#ready.add(job)));
    this._register(manager.onDidFail((failure) => this.#failed.add(failure)));
    this._register(manager.onDidFailDownload((f) => void this.#downloadFailed(f)));
    this._register(manager.onDidNeedKey((problem) => void this.#needKey(problem)));
  }

  async #announceReady(jobs: Job[]): Promise<void> {
    if (jobs.length > 1) {
      const names = jobs.map((j) => basename(j.videoPath ?? ''));
      await showMessage('info', `${jobs.length} videos ready: ${names.join(', ')}`, ACTIONS.showVideos());
      return;
    }
    const [job] = jobs;
    const path = job.videoPath ?? '';
    await showMessage(
      'info',
      `Video ready: ${basename(path)}`,
      ACTIONS.open(job.id),
      ...(canReveal(path) ? [ACTIONS.reveal(job.id)] : []),
    );
  }

  async #announceFailures(failures: JobFailure[]): Promise<void> {
    const [first] = failures;
    if (failures.length === 1) {
      await showMessage('error', `Seedance: a video failed: ${first.reason}`, ACTIONS.generateAgain(first.job.id));
      return;
    }
    await showMessage(
      'error',
      `Seedance: ${failures.length} videos failed; the first: ${first.reason}`,
      ACTIONS.showVideos(),
    );
  }

  async #downloadFailed({ job, reason }: JobFailure): Promise<void> {
    await showMessage(
      'error',
      `Seedance: the video could not be downloaded. ${reason}`,
      ACTIONS.retryDownload(job.id),
      ACTIONS.showLog(this.log),
    );
  }

  async #needKey(problem: KeyProblem): Promise<void> {
    if (problem.kind === 'keyring') {
      await showMessage(
        'error',
        `Seedance: ${problem.message} Checking on your videos is paused until the key can be read.`,
        ACTIONS.setApiKey(),
        ACTIONS.showLog(this.log),
      );
      return;
    }
    await showMessage(
      'error',
      'Seedance: the API key was not accepted (401). Checking on your videos is paused until the key is updated.',
      ACTIONS.setApiKey(),
    );
  }
}
