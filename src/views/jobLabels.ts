// The human words for a job's state: one table, used by the row, its tooltip, the status bar and
// messages. The provider's own word appears only in the tooltip (and the log), or on the row
// when no vocabulary knows it, marked as unknown.
import type { ElsewhereVideo } from '../jobs/folderJobs';
import { t, word } from '../api/i18n';
import { formatUsd } from '../pricing/estimate';
import type { Moderated } from '../api/refusals';
import { type Failure, type Job, type Problem, finishedAtOf } from '../jobs/job';
import type { MonthSpend } from '../jobs/spendLedger';
import type { QueueHold } from '../jobs/jobManager';

/** The short state of a job as a person reads it: "Queued", "Rendering", "Ready", "Failed: …" */
export function stateLabel(job: Job): string {
  switch (job.phase) {
    case 'rendering': {
      const { task } = job;
      if (!task.known) return t('Unknown status "{0}" · {1}%', task.status, task.progress);
      switch (task.state) {
        case 'queued':
          return t('Queued');
        case 'running':
          return t('Rendering');
        case 'succeeded':
          return t('Finishing: waiting for the video link');
        case 'failed':
          return t('Failed');
      }
      break;
    }
    case 'downloading':
      return t('Downloading');
    case 'done':
      return t('Ready');
    case 'waiting':
      return t('Waiting to send');
    default:
      return failureLabel(job.failure);
  }
}

/** Why a job ended without a video, from its stored code and data. */
export function failureLabel(failure: Failure): string {
  switch (failure.code) {
    case 'provider':
      if (failure.moderated) return moderationLabel(failure.moderated);
      return t('Failed: {0}', failureReason(failure));
    case 'download':
      return t('Download failed: {0}', failureReason(failure));
    case 'lost':
      return t('Lost: the provider does not know this task');
    case 'timed-out':
      return t('Timed out');
    case 'send':
      return failure.maybeStarted
        ? t('Not sent again: no definite answer ({0}); a job may exist', problemWords(failure.problem))
        : t('Not sent: {0}', problemWords(failure.problem));
  }
}

/** A passing trouble in the reader's language: its words when it kept them, else what was said then. */
export function problemWords(problem: Problem): string {
  return problem.words ? word(problem.words) : problem.detail;
}

/** The reason alone (a notification puts its own words around it). */
export function failureReason(failure: Failure): string {
  switch (failure.code) {
    case 'provider':
      return failure.said ?? t('the provider gave no reason');
    case 'download':
      return problemWords(failure.problem);
    default:
      return failureLabel(failure);
  }
}

/** Which input content moderation refused, as a person reads it (and what may help). */
export function moderationLabel(what: Moderated): string {
  switch (what) {
    case 'prompt':
      return t('Refused by content moderation: the prompt. Edit it and generate again.');
    case 'image':
      return t('Refused by content moderation: a reference image. Change the image and generate again.');
    case 'output':
      return t('Refused by content moderation: the generated video. The same prompt may be refused again.');
    case 'audio':
      return t('Refused by content moderation: the generated sound. The same prompt may be refused again.');
    case 'unspecified':
      return t('Refused by content moderation. A different prompt or image may pass.');
  }
}

/**
 * What a row leads with, short enough for the default sidebar width: the progress and time left
 * while it renders, else one or two words ("Queued", "Ready", "Failed"). `left` is the estimate in
 * words ("about 40 s left"), if there is one. The whole line stays in the tooltip.
 */
export function rowState(job: Job, left?: string): string {
  switch (job.phase) {
    case 'rendering': {
      const { task } = job;
      if (!task.known) return t('Unknown status');
      if (task.state === 'queued') return t('Queued');
      if (task.state === 'succeeded') return t('Finishing');
      return [`${task.progress}%`, left].filter(Boolean).join(' · ');
    }
    case 'downloading':
      return `${t('Downloading')} ${job.downloadProgress}%`;
    case 'done':
      return t('Ready');
    case 'failed':
      return job.failure.code === 'provider' && job.failure.moderated ? t('Refused') : t('Failed');
    case 'download-failed':
      return t('Download failed');
    case 'lost':
      return t('Lost');
    case 'timed-out':
      return t('Timed out');
    case 'waiting':
      // `left` is its place in the queue here ("2 ahead").
      return [t('Waiting to send'), left].filter(Boolean).join(' · ');
  }
}

/**
 * What a row starts with, so a narrow sidebar still shows it: the percentage while the video
 * renders or downloads. Other states speak through the row's icon and description.
 */
export function progressBadge(job: Job): string | undefined {
  if (job.phase === 'downloading') return `${job.downloadProgress ?? 0}%`;
  if (job.phase === 'rendering' && job.task.known && job.task.state === 'running') return `${job.task.progress}%`;
  return undefined;
}

/**
 * The row's description: the state, then (while rendering) the time left, then elapsed time and
 * whatever else helps. `left` is the estimate in words ("about 40 s left"), if there is one.
 */
export function describeJob(job: Job, now = Date.now(), left?: string): string {
  const elapsed = formatDuration((finishedAtOf(job) ?? now) - job.submittedAt);
  const state = stateLabel(job);
  switch (job.phase) {
    case 'rendering': {
      const estimate = job.task.state === 'succeeded' ? '' : ` · ${left ?? t('estimating…')}`;
      return `${state}${estimate} · ${elapsed}${job.lastError ? ` · ${problemWords(job.lastError)}` : ''}`;
    }
    case 'done':
      return `${state} · ${elapsed}${job.videoBytes ? ` · ${formatBytes(job.videoBytes)}` : ''}`;
    case 'timed-out':
      return t('{0} after {1}', state, elapsed);
    default:
      return state;
  }
}

/** The provider's word for the tooltip: as it came, marked when unknown. */
export function providerStatus(job: Job): string | undefined {
  if (!job.task.status) return undefined;
  return job.task.known ? job.task.status : t('{0} (unknown to this extension)', job.task.status);
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('{0}s', s);
  const m = Math.floor(s / 60);
  return m < 60 ? t('{0}m {1}s', m, s % 60) : t('{0}h {1}m', Math.floor(m / 60), m % 60);
}

export function formatBytes(n: number): string {
  return n < 1024 * 1024 ? t('{0} KB', Math.max(1, Math.round(n / 1024))) : t('{0} MB', (n / 1024 / 1024).toFixed(1));
}

/** This month's estimated spend for the view's title; undefined before the first job. */
export function describeSpend(s: MonthSpend): string | undefined {
  if (!s.jobs) return undefined;
  if (s.unpriced === s.jobs)
    return s.jobs === 1 ? t('1 unpriced job this month') : t('{0} unpriced jobs this month', s.jobs);
  return s.unpriced
    ? t('≈ {0} + {1} unpriced this month', formatUsd(s.usd), s.unpriced)
    : t('≈ {0} this month', formatUsd(s.usd));
}

/** "2.1 MB · 4.0 s": a file's size and, when its header says, its length. */
export function fileFacts(video: ElsewhereVideo): string {
  const mb = t('{0} MB', (video.bytes / 1_000_000).toFixed(1));
  return video.seconds === undefined ? mb : `${mb} · ${t('{0} s', video.seconds.toFixed(1))}`;
}

/**
 * A waiting job's place and why the queue holds, for its row: "next", "2 ahead", then "paused
 * until 14:05" (a 429) or "stopped: <the provider's words>" (a quota, the balance, the key).
 */
export function waitingWords(ahead: number, hold: QueueHold | undefined): string {
  const place = ahead <= 0 ? t('next') : t('{0} ahead', ahead);
  if (!hold) return place;
  const why =
    hold.kind === 'paused'
      ? t('paused until {0}', new Date(hold.until).toLocaleTimeString())
      : t('stopped: {0}', hold.reason);
  return `${place} · ${why}`;
}
