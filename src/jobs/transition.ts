// What happens to a job, decided in one place and nowhere else: pure functions from a job and what
// just happened (a fresh task report, a poll error, the deadline, a download's end) to the job's
// next state and the events that implies. No I/O, no clock of their own, no `vscode`: the job
// manager applies the patch and fires the events; presenters show them.
import { type SeedanceApiError, type VideoTask, requestIdIn } from '../api';
import { moderationOf, withoutRequestId } from '../api/refusals';
import type { Job, TaskReport } from './job';

/**
 * Polls that may say "finished" without a link in any known place before the video is fetched
 * from the API itself (`/v1/videos/{id}/content`, which the gateway serves for a finished task).
 */
export const MAX_LINK_MISSES = 3;

export type JobEvent =
  /** The provider's word changed (for the log). */
  | { readonly kind: 'status-changed'; readonly from: string; readonly to: string }
  /** A word no vocabulary knows: logged once, as it came; the job keeps running. */
  | { readonly kind: 'unknown-status'; readonly status: string }
  /**
   * Finished: download it now (a link expires). No `videoUrl`: from the API's /content route (the
   * answers carried no link). `finishedAt`: when the provider says it was done.
   */
  | { readonly kind: 'download'; readonly videoUrl?: string; readonly finishedAt: number }
  /** Finished, but no link yet: polled again. */
  | { readonly kind: 'link-missing'; readonly misses: number }
  /** The job ended without a video. */
  | { readonly kind: 'failed'; readonly reason: string }
  /** The provider no longer knows the task. */
  | { readonly kind: 'lost' }
  /** Not finished by its deadline. */
  | { readonly kind: 'timed-out'; readonly minutes: number };

export interface Transition {
  readonly patch: Partial<Job>;
  readonly events: readonly JobEvent[];
}

const NOTHING: Transition = { patch: {}, events: [] };

export function reportOf(task: VideoTask): TaskReport {
  return { state: task.state, status: task.rawStatus, known: task.knownStatus, progress: task.progress };
}

/** A fresh task state from a poll. Only a rendering job moves; anything else is left as it is. */
export function onTask(job: Job, task: VideoTask, now: number): Transition {
  if (job.phase !== 'rendering') return NOTHING;
  const events: JobEvent[] = [];
  if (job.task.status !== task.rawStatus) {
    events.push({ kind: 'status-changed', from: job.task.status, to: task.rawStatus });
    if (!task.knownStatus) events.push({ kind: 'unknown-status', status: task.rawStatus });
  }
  const report = reportOf(task);
  switch (task.state) {
    case 'queued':
    case 'running':
      return { patch: { task: report, lastError: undefined, linkMisses: undefined }, events };
    case 'succeeded': {
      if (task.videoUrl) return downloadNow(job, task, report, now, events, task.videoUrl);
      const misses = (job.linkMisses ?? 0) + 1;
      if (misses < MAX_LINK_MISSES) {
        return {
          patch: { task: { ...report, progress: 100 }, linkMisses: misses, lastError: undefined },
          events: [...events, { kind: 'link-missing', misses }],
        };
      }
      // No link in any place the provider has used: the API serves the video itself.
      return downloadNow(job, task, report, now, events);
    }
    case 'failed':
      return failed(report, task, now, events);
  }
}

/** Finished: the download starts at once (from `videoUrl`, or without one from /content). */
function downloadNow(
  job: Job,
  task: VideoTask,
  report: TaskReport,
  now: number,
  events: JobEvent[],
  videoUrl?: string,
): Transition {
  return {
    patch: {
      task: { ...report, progress: 100 },
      phase: 'downloading',
      downloadProgress: 0,
      lastError: undefined,
      linkMisses: undefined,
    },
    // The provider's completed_at once it is done (never before submission, never ahead of now).
    events: [
      ...events,
      {
        kind: 'download',
        ...(videoUrl && { videoUrl }),
        finishedAt: Math.min(now, Math.max(job.submittedAt, task.completedAt ?? now)),
      },
    ],
  };
}

/**
 * The provider ended the task without a video. Its words are kept (without the request id, which
 * is kept apart for support), with what moderation refused when its code says.
 */
function failed(report: TaskReport, task: VideoTask, now: number, events: JobEvent[]): Transition {
  const said = task.failureReason;
  const reason = said ? withoutRequestId(said) || said : `The provider ended the task as "${task.rawStatus}"`;
  const moderated = moderationOf(task.failureCode, said);
  const requestId = requestIdIn(said);
  return {
    patch: {
      task: report,
      phase: 'failed',
      failure: reason,
      ...(task.failureCode && { failureCode: task.failureCode }),
      ...(moderated && { moderated }),
      ...(requestId && { requestId }),
      finishedAt: now,
      lastError: undefined,
      linkMisses: undefined,
    },
    events: [...events, { kind: 'failed', reason }],
  };
}

/** A poll of this job failed in a way that is about the job (not the key, not a passing fault). */
export function onPollError(job: Job, error: SeedanceApiError): Transition {
  if (job.phase !== 'rendering') return NOTHING;
  if (error.kind === 'task-not-found') {
    return {
      patch: {
        phase: 'lost',
        failure: 'The provider no longer knows this task (task_not_exist)',
        lastError: undefined,
      },
      events: [{ kind: 'lost' }],
    };
  }
  return { patch: { lastError: error.message }, events: [] };
}

/** Times the job out if it has been polled for longer than `deadlineMs`. */
export function onDeadline(job: Job, now: number, deadlineMs: number): Transition {
  if (job.phase !== 'rendering' || now - job.pollingSince <= deadlineMs) return NOTHING;
  const minutes = Math.round(deadlineMs / 60_000);
  return {
    patch: { phase: 'timed-out', failure: `Not finished after ${minutes} min`, lastError: undefined },
    events: [{ kind: 'timed-out', minutes }],
  };
}

/** Resume (a timed-out or lost job) or Retry Download: polled again, a fresh deadline. */
export function onResume(job: Job, now: number): Transition {
  if (job.phase === 'rendering' || job.phase === 'downloading') return NOTHING;
  return {
    patch: {
      phase: 'rendering',
      pollingSince: now,
      failure: undefined,
      failureCode: undefined,
      moderated: undefined,
      requestId: undefined,
      lastError: undefined,
      linkMisses: undefined,
      downloadProgress: undefined,
    },
    events: [],
  };
}

/** A restored window: a download cut short by the reload is fetched again with a fresh link. */
export function onRestore(job: Job): Transition {
  return job.phase === 'downloading'
    ? { patch: { phase: 'rendering', downloadProgress: undefined }, events: [] }
    : NOTHING;
}

export function onDownloaded(job: Job, result: { path: string; bytes: number }, now: number): Transition {
  return {
    patch: {
      phase: 'done',
      downloadProgress: undefined,
      videoPath: result.path,
      videoBytes: result.bytes,
      finishedAt: now,
      seen: false,
      failure: undefined,
    },
    events: [],
  };
}

export function onDownloadFailed(job: Job, reason: string): Transition {
  return { patch: { phase: 'download-failed', downloadProgress: undefined, failure: reason }, events: [] };
}
