// The presenter of the job manager's events: "Video ready", "a video failed", "could not be
// downloaded", "the key was refused". Events that arrive together share one notification.
import { basename } from 'node:path';
import type * as vscode from 'vscode';
import { Batcher, NOTIFY_BATCH_MS } from '../common/batcher';
import { canReveal } from '../common/environment';
import { Disposable } from '../common/lifecycle';
import { type Job, failureOf, videoPathOf } from '../jobs/job';
import type { JobManager, KeyProblem, QueueHold } from '../jobs/jobManager';
import { failureReason, moderationLabel } from './jobLabels';
import { ACTIONS, showMessage } from './messages';
import { moderationActions } from './refusalMessages';
import { t } from '../api/i18n';

export class JobNotifications extends Disposable {
  readonly #ready = this._register(new Batcher<Job>(NOTIFY_BATCH_MS, (jobs) => void this.#announceReady(jobs)));
  readonly #failed = this._register(
    new Batcher<Job>(NOTIFY_BATCH_MS, (failures) => void this.#announceFailures(failures)),
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
    this._register(manager.onDidMeetUnknownStatus(({ job, status }) => void this.#unknownStatus(job, status)));
    this._register(manager.onDidChangeQueue((hold) => void this.#queueHeld(hold, manager.waiting().length)));
  }

  /** Sending stopped (a quota, the balance, the key): the waiting videos wait until the person says. */
  async #queueHeld(hold: QueueHold | undefined, waiting: number): Promise<void> {
    if (hold?.kind !== 'stopped') return;
    await showMessage(
      'warning',
      t(
        'Seedance: sending stopped: {0}. {1} video(s) wait, not sent and not charged; send them once this is fixed, or cancel them.',
        hold.reason,
        waiting,
      ),
      ACTIONS.sendWaiting(),
      ACTIONS.showVideos(),
    );
  }

  /** A word nobody here has seen: the person can send it to the project with the report. */
  async #unknownStatus(job: Job, status: string): Promise<void> {
    await showMessage(
      'warning',
      t(
        'Seedance: the provider answered with a status this extension does not know ("{0}"). The video keeps being checked. Copy Diagnostic Report and send it to the project so it can be understood.',
        status,
      ),
      ACTIONS.copyDiagnosticReport(job.id),
      ACTIONS.showVideos(),
    );
  }

  async #announceReady(jobs: Job[]): Promise<void> {
    if (jobs.length > 1) {
      const names = jobs.map((j) => basename(videoPathOf(j) ?? ''));
      await showMessage('info', t('{0} videos ready: {1}', jobs.length, names.join(', ')), ACTIONS.showVideos());
      return;
    }
    const [job] = jobs;
    const path = videoPathOf(job) ?? '';
    await showMessage(
      'info',
      t('Video ready: {0}', basename(path)),
      ACTIONS.open(job.id),
      ...(canReveal(path) ? [ACTIONS.reveal(job.id)] : []),
    );
  }

  async #announceFailures(jobs: Job[]): Promise<void> {
    const [job] = jobs;
    const failure = failureOf(job);
    if (!failure) return;
    const provider = failure.code === 'provider' ? failure : undefined;
    if (jobs.length === 1) {
      // Moderation: which input was refused, and what can help; otherwise the provider's reason.
      if (provider?.moderated) {
        await showMessage(
          'error',
          t('Seedance: {0}', moderationLabel(provider.moderated)),
          ...moderationActions(job.id, provider.moderated),
          ACTIONS.copyDetails(job.id),
        );
        return;
      }
      await showMessage(
        'error',
        t('Seedance: a video failed: {0}', failureReason(failure)),
        ACTIONS.generateAgain(job.id),
        ...(provider?.requestId ? [ACTIONS.copyDetails(job.id)] : []),
      );
      return;
    }
    await showMessage(
      'error',
      t('Seedance: {0} videos failed; the first: {1}', jobs.length, failureReason(failure)),
      ACTIONS.showVideos(),
    );
  }

  async #downloadFailed(job: Job): Promise<void> {
    const failure = failureOf(job);
    await showMessage(
      'error',
      t('Seedance: the video could not be downloaded. {0}', failure ? failureReason(failure) : ''),
      ACTIONS.retryDownload(job.id),
      ACTIONS.showLog(this.log),
    );
  }

  async #needKey(problem: KeyProblem): Promise<void> {
    if (problem.kind === 'keyring') {
      await showMessage(
        'error',
        t('Seedance: {0} Checking on your videos is paused until the key can be read.', problem.message),
        ACTIONS.setApiKey(),
        ACTIONS.showLog(this.log),
      );
      return;
    }
    await showMessage(
      'error',
      t('Seedance: the API key was not accepted (401). Checking on your videos is paused until the key is updated.'),
      ACTIONS.setApiKey(),
    );
  }
}
