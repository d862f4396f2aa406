// What happens to a job, decided in one place and nowhere else: one pure function from a job and
// what just happened (a poll's answer or error, the deadline, Resume, a restored window, the
// download's progress and end, the person opening the video) to the job's next value and the
// effects that implies; and a job's first value (`born`). No I/O, no clock of its own, no
// `vscode`: the store applies the new value
// (jobStore.ts), the manager runs the effects (jobManager.ts), presenters show them.
import { SeedanceApiError, type VideoTask, requestIdIn } from '../api';
import { inEnglish, word } from '../api/i18n';
import { moderationOf, withoutRequestId } from '../api/refusals';
import type { DownloadingJob, Failure, Job, JobCore, NewJob, Problem, RenderingJob, TaskReport } from './job';
import { PHASES } from './phases';

/**
 * Polls that may say "finished" without a link in any known place before the video is fetched
 * from the API itself (`/v1/videos/{id}/content`, which the gateway serves for a finished task).
 */
export const MAX_LINK_MISSES = 3;

/** What just happened to a job. */
export type JobInput =
  | { readonly type: 'polled'; readonly task: VideoTask; readonly now: number }
  | { readonly type: 'poll-failed'; readonly error: SeedanceApiError }
  | { readonly type: 'deadline'; readonly now: number; readonly deadlineMs: number }
  /** Resume (timed out, lost) or Retry Download: polled again with a fresh deadline. */
  | { readonly type: 'resume'; readonly now: number }
  /** A new window: a download cut short by the reload is fetched again with a fresh link. */
  | { readonly type: 'restored' }
  | { readonly type: 'download-progress'; readonly percent: number }
  | { readonly type: 'downloaded'; readonly path: string; readonly bytes: number; readonly now: number }
  | { readonly type: 'download-failed'; readonly problem: Problem; readonly cancelled: boolean }
  /** The person opened (or dismissed) the finished video. */
  | { readonly type: 'seen' }
  /** A waiting job was sent: the provider's task, and when. */
  | { readonly type: 'sent'; readonly task: VideoTask; readonly now: number }
  /** A waiting job's send failed: refused (nothing started), or `maybeStarted` without an answer. */
  | { readonly type: 'send-failed'; readonly problem: Problem; readonly maybeStarted: boolean; readonly now: number };

/** What the manager does (or says) because of a step. */
export type Effect =
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
  /** The provider ended the job without a video. */
  | { readonly kind: 'failed' }
  /** The provider no longer knows the task. */
  | { readonly kind: 'lost' }
  /** Not finished by its deadline. */
  | { readonly kind: 'timed-out'; readonly minutes: number }
  /** The video is on disk. */
  | { readonly kind: 'finished' }
  /** The download failed (`cancelled`: by the extension, e.g. on shutdown: nothing to tell). */
  | { readonly kind: 'download-failed'; readonly cancelled: boolean }
  /** A waiting job was sent: it is polled from now on. */
  | { readonly kind: 'sent' }
  /** A waiting job could not be sent. */
  | { readonly kind: 'send-failed' };

export interface Step {
  /** The job's next value: the same object when nothing changed. */
  readonly job: Job;
  readonly effects: readonly Effect[];
}

const stay = (job: Job): Step => ({ job, effects: [] });

/**
 * A passing trouble as data: its kind, what it said in English (the log, an agent) and, when the
 * error kept them, its words to say again in the person's language.
 */
export function problemOf(err: unknown, kind?: string): Problem {
  const words = err instanceof SeedanceApiError ? err.words : undefined;
  const detail = words ? inEnglish(() => word(words)) : err instanceof Error ? err.message : String(err);
  return {
    kind: kind ?? (err instanceof SeedanceApiError ? err.kind : 'unknown'),
    detail,
    ...(words && { words }),
  };
}

/** How a job comes to be: sent now, confirmed to wait its turn, or followed by its task id. */
export type Birth =
  /** The provider answered a create: `id` is the key it is stored under (its task id, unless taken). */
  | {
      readonly type: 'sent';
      readonly id: string;
      readonly planned: NewJob;
      readonly task: VideoTask;
      readonly sentAt: number;
      readonly now: number;
    }
  /** Confirmed and waiting for a free place; `id` is local until it is sent. */
  | { readonly type: 'queued'; readonly id: string; readonly planned: NewJob; readonly now: number }
  /** Track Task by ID: a task made elsewhere, followed from now. */
  | { readonly type: 'tracked'; readonly task: VideoTask; readonly folder?: string; readonly now: number };

/** A job's first value: every new job is made here, as every change is made by `reduce`. */
export function born(birth: Birth): Job {
  switch (birth.type) {
    case 'sent':
      return {
        id: birth.id,
        ...(birth.id !== birth.task.id && { taskId: birth.task.id }),
        ...asked(birth.planned),
        submittedAt: birth.task.createdAt ?? birth.sentAt,
        pollingSince: birth.now,
        phase: 'rendering',
        task: reportOf(birth.task),
      };
    case 'queued':
      return {
        id: birth.id,
        ...asked(birth.planned),
        submittedAt: birth.now,
        pollingSince: birth.now,
        phase: 'waiting',
        task: { state: 'queued', status: '', known: true, progress: 0 },
        request: birth.planned.request,
      };
    case 'tracked':
      return {
        id: birth.task.id,
        prompt: `(tracked task ${birth.task.id})`,
        model: birth.task.model ?? 'unknown',
        tracked: true,
        ...(birth.folder && { folder: birth.folder }),
        submittedAt: birth.task.createdAt ?? birth.now,
        pollingSince: birth.now,
        phase: 'rendering',
        // Its word is compared with the first poll's (a status-changed effect), so it starts empty.
        task: { ...reportOf(birth.task), status: '' },
      };
  }
}

/** What the person asked for, as every job keeps it. */
function asked({ request: req, folder, cost, origin }: NewJob) {
  return {
    prompt: req.prompt,
    model: req.model,
    seconds: req.seconds,
    size: req.size,
    resolution: req.resolution,
    ...(req.images.length > 0 && { images: req.images.map((i) => i.path) }),
    ...(folder && { folder }),
    ...(cost && { cost }),
    ...(origin && { origin }),
  };
}

export function reportOf(task: VideoTask): TaskReport {
  return {
    state: task.state,
    status: task.rawStatus,
    known: task.knownStatus,
    progress: task.progress,
    ...(task.model && { model: task.model }),
  };
}

const CORE = [
  'id',
  'taskId',
  'prompt',
  'model',
  'seconds',
  'size',
  'resolution',
  'images',
  'tracked',
  'cost',
  'origin',
  'folder',
  'found',
  'submittedAt',
  'pollingSince',
  'task',
] as const satisfies readonly (keyof JobCore)[];

/** What every phase keeps: a new phase starts from this, so no field of the old one lingers. */
export function coreOf(job: Job): JobCore {
  const core: Record<string, unknown> = {};
  for (const key of CORE) if (job[key] !== undefined) core[key] = job[key];
  return core as unknown as JobCore;
}

export function reduce(job: Job, input: JobInput): Step {
  switch (input.type) {
    case 'polled':
      return job.phase === 'rendering' ? polled(job, input.task, input.now) : stay(job);
    case 'poll-failed':
      return job.phase === 'rendering' ? pollFailed(job, input.error) : stay(job);
    case 'deadline': {
      if (job.phase !== 'rendering' || input.now - job.pollingSince <= input.deadlineMs) return stay(job);
      const minutes = Math.round(input.deadlineMs / 60_000);
      return {
        job: { ...coreOf(job), phase: 'timed-out', failure: { code: 'timed-out', minutes } },
        effects: [{ kind: 'timed-out', minutes }],
      };
    }
    case 'resume': {
      // Only where the table offers it (timed out, lost, download failed): never a running or finished job.
      const primary = PHASES[job.phase].primary;
      if (primary !== 'resume' && primary !== 'retryDownload') return stay(job);
      return { job: { ...coreOf(job), phase: 'rendering', pollingSince: input.now }, effects: [] };
    }
    case 'restored':
      return job.phase === 'downloading' ? { job: { ...coreOf(job), phase: 'rendering' }, effects: [] } : stay(job);
    case 'download-progress':
      return job.phase === 'downloading' && job.downloadProgress !== input.percent
        ? { job: { ...job, downloadProgress: input.percent }, effects: [] }
        : stay(job);
    case 'downloaded':
      if (job.phase !== 'downloading') return stay(job);
      return {
        job: {
          ...coreOf(job),
          phase: 'done',
          videoPath: input.path,
          videoBytes: input.bytes,
          finishedAt: input.now,
          seen: false,
        },
        effects: [{ kind: 'finished' }],
      };
    case 'download-failed':
      if (job.phase !== 'downloading') return stay(job);
      return {
        job: {
          ...coreOf(job),
          phase: 'download-failed',
          failure: { code: 'download', problem: input.problem },
          ...(job.finishedAt !== undefined && { finishedAt: job.finishedAt }),
        },
        effects: [{ kind: 'download-failed', cancelled: input.cancelled }],
      };
    case 'seen':
      return job.phase === 'done' && !job.seen ? { job: { ...job, seen: true }, effects: [] } : stay(job);
    case 'sent': {
      if (job.phase !== 'waiting') return stay(job);
      const { task, now } = input;
      return {
        job: {
          ...coreOf(job),
          taskId: task.id,
          submittedAt: task.createdAt ?? now,
          pollingSince: now,
          phase: 'rendering',
          task: reportOf(task),
        },
        effects: [{ kind: 'sent' }],
      };
    }
    case 'send-failed':
      if (job.phase !== 'waiting') return stay(job);
      return {
        job: {
          ...coreOf(job),
          phase: 'failed',
          failure: { code: 'send', problem: input.problem, maybeStarted: input.maybeStarted },
          finishedAt: input.now,
        },
        effects: [{ kind: 'send-failed' }],
      };
  }
}

/** A fresh task state from a poll of a rendering job. */
function polled(job: RenderingJob, task: VideoTask, now: number): Step {
  const effects: Effect[] = [];
  if (job.task.status !== task.rawStatus) {
    effects.push({ kind: 'status-changed', from: job.task.status, to: task.rawStatus });
    if (!task.knownStatus) effects.push({ kind: 'unknown-status', status: task.rawStatus });
  }
  const report = reportOf(task);
  switch (task.state) {
    case 'queued':
    case 'running':
      return { job: { ...coreOf(job), phase: 'rendering', task: report }, effects };
    case 'succeeded': {
      if (task.videoUrl) return downloadNow(job, task, report, now, effects, task.videoUrl);
      const misses = (job.linkMisses ?? 0) + 1;
      if (misses < MAX_LINK_MISSES)
        return {
          job: { ...coreOf(job), phase: 'rendering', task: { ...report, progress: 100 }, linkMisses: misses },
          effects: [...effects, { kind: 'link-missing', misses }],
        };
      // No link in any place the provider has used: the API serves the video itself.
      return downloadNow(job, task, report, now, effects);
    }
    case 'failed':
      return {
        job: { ...coreOf(job), phase: 'failed', task: report, failure: providerFailure(task), finishedAt: now },
        effects: [...effects, { kind: 'failed' }],
      };
  }
}

/** Finished: the download starts at once (from `videoUrl`, or without one from /content). */
function downloadNow(
  job: RenderingJob,
  task: VideoTask,
  report: TaskReport,
  now: number,
  effects: Effect[],
  videoUrl?: string,
): Step {
  // The provider's completed_at once it is done (never before submission, never ahead of now).
  const finishedAt = Math.min(now, Math.max(job.submittedAt, task.completedAt ?? now));
  const next: DownloadingJob = {
    ...coreOf(job),
    phase: 'downloading',
    task: { ...report, progress: 100 },
    downloadProgress: 0,
    finishedAt,
  };
  return { job: next, effects: [...effects, { kind: 'download', ...(videoUrl && { videoUrl }), finishedAt }] };
}

/**
 * The provider ended the task without a video. Its words are kept as data (without the request
 * id, which is kept apart for support), with what moderation refused when its code says.
 */
function providerFailure(task: VideoTask): Failure {
  const said = task.failureReason;
  const moderated = moderationOf(task.failureCode, said);
  const requestId = requestIdIn(said);
  return {
    code: 'provider',
    status: task.rawStatus,
    ...(said && { said: withoutRequestId(said) || said }),
    ...(task.failureCode && { providerCode: task.failureCode }),
    ...(moderated && { moderated }),
    ...(requestId && { requestId }),
  };
}

/** A poll of this job failed in a way that is about the job (not the key, not a passing fault). */
function pollFailed(job: RenderingJob, error: SeedanceApiError): Step {
  if (error.kind === 'task-not-found')
    return { job: { ...coreOf(job), phase: 'lost', failure: { code: 'lost' } }, effects: [{ kind: 'lost' }] };
  return { job: { ...job, lastError: problemOf(error) }, effects: [] };
}
