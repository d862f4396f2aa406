// A submitted generation, as the extension remembers it across reloads: plain, immutable data
// (JSON), one shape per phase. It changes only through reducer.ts.
import type { Words } from '../api/i18n';
import type { Moderated } from '../api/refusals';
import type { TaskState } from '../api/taskStatus';
import { PHASES } from './phases';
import type { CostEstimate } from '../pricing/estimate';
import type { VideoRequest } from '../api/validation';

export type JobPhase =
  /** Confirmed, held here until the account has a free place (seedance.maxConcurrentJobs): not sent, free to cancel. */
  | 'waiting'
  /** The provider is queueing or rendering it: polled. */
  | 'rendering'
  /** Finished at the provider; the video is being downloaded. */
  | 'downloading'
  /** The video is on disk. */
  | 'done'
  /** The provider ended it without a video (failed, error, cancelled, expired, no link). */
  | 'failed'
  /** The download failed (expired link, disk, network): Retry Download. */
  | 'download-failed'
  /** The provider does not know the task (task_not_exist). */
  | 'lost'
  /** Not finished by the deadline setting: Resume to keep polling. */
  | 'timed-out';

/**
 * What a job was made for, owned by the feature that made it (a script's scene: `script/` writes
 * it and reads it back). The jobs layer keeps it as it is, shows jobs of one `file` together and
 * orders them by `index`; the other fields are the owner's.
 */
export interface JobOrigin {
  /** The document (a URI) it came from. */
  readonly file: string;
  /** Its place in that document. */
  readonly index: number;
  readonly [owned: string]: string | number;
}

/** What a new job is made from: the request as sent, and what the person confirmed (a Plan is one). */
export interface NewJob {
  readonly request: VideoRequest;
  readonly cost?: CostEstimate;
  /** The workspace folder (a URI) its video is saved in; none means the extension's own storage. */
  readonly folder?: string;
  readonly origin?: JobOrigin;
}

/** The provider's last report on the task, already translated at the edge. */
export interface TaskReport {
  readonly state: TaskState;
  /** Its word as it came (tooltip and log only). */
  readonly status: string;
  /** False for a word no vocabulary has: shown as it came, marked unknown. */
  readonly known: boolean;
  /** Render progress, 0–100. */
  readonly progress: number;
  /** The model the provider says it runs, when it says (it may be a dated backend id). */
  readonly model?: string;
}

/** What every job has, whatever its phase. */
export interface JobCore {
  /** The provider's task id, and the job's key in the list (unique). */
  readonly id: string;
  /**
   * The provider's task id when it differs from `id`: the provider answered a create with an id an
   * earlier job already had. Both jobs are kept (both were paid for); this one's key is made unique.
   */
  readonly taskId?: string;
  readonly prompt: string;
  readonly model: string;
  /** Absent for a task tracked by id: the provider does not say what was asked. */
  readonly seconds?: number;
  readonly size?: string;
  readonly resolution?: string;
  /** Reference images (paths on disk), in the order they were sent. */
  readonly images?: readonly string[];
  /** Followed by id (Track Task by ID), not submitted from here. */
  readonly tracked?: boolean;
  /** The estimate the person confirmed (its words are made when shown). */
  readonly cost?: CostEstimate;
  /** What it was made for (a script's scene), as the feature that made it wrote it. */
  readonly origin?: JobOrigin;
  /** The workspace folder (URI) videos of this job are saved in; none means global storage. */
  readonly folder?: string;
  /**
   * Read from a sidecar in the output folder (made on another machine, by a teammate or an agent),
   * not made in this window: never stored, since the folder says it again (jobs/folderJobs.ts).
   */
  readonly found?: boolean;
  /** Submitted (ms since epoch). */
  readonly submittedAt: number;
  /** Polling deadline counts from here; reset by Resume. */
  readonly pollingSince: number;
  /** The provider's last report. */
  readonly task: TaskReport;
}

/** A passing trouble, stored as what it was (its words are made when shown). */
export interface Problem {
  /** The error's kind (`network`, `server`, …: api/errors.ts). */
  readonly kind: string;
  /** What was said, in English: for the log and an agent. */
  readonly detail: string;
  /** The same as data, worded in the person's language when shown (api/i18n.ts Words). */
  readonly words?: Words;
}

/** Why a job ended without a video on disk: a code and its data, worded when shown (views/jobLabels.ts). */
export type Failure =
  /** The provider ended the task: its word, its own text and code, what moderation refused. */
  | {
      readonly code: 'provider';
      readonly status: string;
      readonly said?: string;
      readonly providerCode?: string;
      readonly moderated?: Moderated;
      /** For support (Copy Details); never in a headline. */
      readonly requestId?: string;
    }
  /** The provider no longer knows the task (task_not_exist). */
  | { readonly code: 'lost' }
  /** Not finished within the deadline setting. */
  | { readonly code: 'timed-out'; readonly minutes: number }
  /** The finished video could not be fetched. */
  | { readonly code: 'download'; readonly problem: Problem }
  /**
   * A job that waited its turn could not be sent: refused (nothing started), or without a definite
   * answer (`maybeStarted`: a job may exist and may be billed; it was not sent again).
   */
  | { readonly code: 'send'; readonly problem: Problem; readonly maybeStarted: boolean };

/**
 * Confirmed and waiting here for a free place at the provider. Its key is local (`waiting-…`) until
 * it is sent; then the provider's id is its `taskId`. It keeps the request exactly as checked.
 */
export interface WaitingJob extends JobCore {
  readonly phase: 'waiting';
  readonly request: VideoRequest;
}

/** Queued or rendering at the provider: polled. */
export interface RenderingJob extends JobCore {
  readonly phase: 'rendering';
  /** The last poll's passing trouble (a 503, a dropped connection); cleared by the next answer. */
  readonly lastError?: Problem;
  /** Polls that said "finished" without a video link. */
  readonly linkMisses?: number;
}

/** Finished at the provider; the video is being downloaded. */
export interface DownloadingJob extends JobCore {
  readonly phase: 'downloading';
  /** 0–100. */
  readonly downloadProgress: number;
  /** When the provider says it finished. */
  readonly finishedAt?: number;
}

/** The video is on disk. */
export interface DoneJob extends JobCore {
  readonly phase: 'done';
  readonly videoPath: string;
  readonly videoBytes?: number;
  readonly finishedAt: number;
  /** The person opened the video (or dismissed it) since it arrived: clears the badge. */
  readonly seen: boolean;
}

/** The provider ended it without a video (failed, cancelled, expired, moderation). */
export interface FailedJob extends JobCore {
  readonly phase: 'failed';
  readonly failure: Failure;
  readonly finishedAt: number;
}

/** Ended badly, but the video may still be had without paying again (Retry Download, Resume). */
export interface StoppedJob<
  P extends 'download-failed' | 'lost' | 'timed-out' = 'download-failed' | 'lost' | 'timed-out',
> extends JobCore {
  readonly phase: P;
  readonly failure: Failure;
  readonly finishedAt?: number;
}

/** A submitted generation, as the extension remembers it across reloads: immutable, one shape per phase. */
export type Job =
  | WaitingJob
  | RenderingJob
  | DownloadingJob
  | DoneJob
  | FailedJob
  | StoppedJob<'download-failed'>
  | StoppedJob<'lost'>
  | StoppedJob<'timed-out'>;

/** When it finished, where its phase knows. */
export function finishedAtOf(job: Job): number | undefined {
  return 'finishedAt' in job ? job.finishedAt : undefined;
}

/** Where its video is on disk, once it is done. */
export function videoPathOf(job: Job): string | undefined {
  return job.phase === 'done' ? job.videoPath : undefined;
}

/** Why it ended badly, where its phase says. */
export function failureOf(job: Job): Failure | undefined {
  return 'failure' in job ? job.failure : undefined;
}

/** The id the provider knows the job by. */
export function taskIdOf(job: Job): string {
  return job.taskId ?? job.id;
}

/** Moves by itself: polled, or being downloaded (phases.ts). */
export function isRunning(job: Job): boolean {
  return PHASES[job.phase].running;
}

/** The first line of the prompt, shortened for a tree row. */
export function shortPrompt(prompt: string, max = 60): string {
  const line = prompt.split('\n').find((l) => l.trim()) ?? prompt;
  const flat = line.trim().replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A script's videos in scene order, the newest of a scene first (the Videos view and the gallery). */
export function inSceneOrder(a: Job, b: Job): number {
  return (a.origin?.index ?? 0) - (b.origin?.index ?? 0) || b.submittedAt - a.submittedAt;
}

/** Each script's videos (by its URI), in scene order: one pass over the jobs, not one per script. */
export function groupByScript(jobs: readonly Job[]): Map<string, Job[]> {
  const groups = new Map<string, Job[]>();
  for (const job of jobs) {
    if (!job.origin) continue;
    const group = groups.get(job.origin.file);
    if (group) group.push(job);
    else groups.set(job.origin.file, [job]);
  }
  for (const group of groups.values()) group.sort(inSceneOrder);
  return groups;
}

/** One entry of the list as people see it: a job, or a script's videos together. */
export type Listed = { readonly job: Job } | { readonly file: string; readonly jobs: readonly Job[] };

/**
 * The one rule for listing jobs (the Videos view and the gallery): newest first, except that a
 * script's videos stay together where its newest one is, in scene order.
 */
export function listed(jobs: readonly Job[]): Listed[] {
  const byScript = groupByScript(jobs);
  const out: Listed[] = [];
  for (const job of jobs) {
    if (!job.origin) out.push({ job });
    else {
      const group = byScript.get(job.origin.file);
      if (group) out.push({ file: job.origin.file, jobs: group });
      byScript.delete(job.origin.file);
    }
  }
  return out;
}
