// A submitted generation, as the extension remembers it across reloads. Plain data (JSON).
import type { Moderated } from '../api/refusals';
import type { TaskState } from '../api/taskStatus';
import { PHASES } from './phases';
import type { CostEstimate } from '../pricing/estimate';
import type { VideoRequest } from '../api/validation';

export type JobPhase =
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
}

export interface Job {
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
  /** Submitted (ms since epoch). */
  readonly submittedAt: number;
  /** Polling deadline counts from here; reset by Resume. */
  pollingSince: number;
  phase: JobPhase;
  task: TaskReport;
  /** 0–100 while downloading. */
  downloadProgress?: number;
  /** Why the job ended badly (failed, lost, timed out, download failed), in words a person can act on. */
  failure?: string;
  /** The provider's code for a failure (e.g. `InputTextSensitiveContentDetected`). */
  failureCode?: string;
  /** Which input content moderation refused, when the provider's code says. */
  moderated?: Moderated;
  /** The provider's request id for the failure, for support (Copy Details); never in a headline. */
  requestId?: string;
  /** The last poll's passing trouble (a 503, a dropped connection); cleared by the next answer. */
  lastError?: string;
  /** Polls that said "finished" without a video link. */
  linkMisses?: number;
  finishedAt?: number;
  /** Where the video was saved. */
  videoPath?: string;
  videoBytes?: number;
  /** The person opened the video (or dismissed it) since it arrived: clears the badge. */
  seen?: boolean;
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
