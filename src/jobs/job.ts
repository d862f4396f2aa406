// A submitted generation, as the extension remembers it across reloads. Plain data (JSON).

export type JobPhase =
  /** The provider is queueing or rendering it: polled. */
  | 'rendering'
  /** Finished at the provider; the video is being downloaded. */
  | 'downloading'
  /** The video is on disk. */
  | 'done'
  /** The provider ended it FAILED or ERROR. */
  | 'failed'
  /** The download failed (expired link, disk, network): Retry Download. */
  | 'download-failed'
  /** The provider does not know the task (task_not_exist). */
  | 'lost'
  /** Not finished by the deadline setting: Resume to keep polling. */
  | 'timed-out';

export interface Job {
  /** The provider's task id. */
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
  readonly seconds: number;
  readonly size: string;
  readonly resolution: string;
  /** The reference image, for image-to-video. */
  readonly image?: string;
  /** The workspace folder (URI) videos of this job are saved in; none means global storage. */
  readonly folder?: string;
  /** Submitted (ms since epoch). */
  readonly submittedAt: number;
  /** Polling deadline counts from here; reset by Resume. */
  readonly pollingSince: number;
  phase: JobPhase;
  /** The provider's last status string (SUBMITTED, IN_PROGRESS, …, or one we do not know). */
  status: string;
  /** 0–100, rendering or downloading. */
  progress: number;
  finishedAt?: number;
  /** What went wrong, in words a person can act on. */
  error?: string;
  /** Where the video was saved. */
  videoPath?: string;
  videoBytes?: number;
  /** The person opened the video (or dismissed it) since it arrived: clears the badge. */
  seen?: boolean;
}

export const RUNNING_PHASES: ReadonlySet<JobPhase> = new Set(['rendering', 'downloading']);

export function isRunning(job: Job): boolean {
  return RUNNING_PHASES.has(job.phase);
}

/** The first line of the prompt, shortened for a tree row or a file name. */
export function shortPrompt(prompt: string, max = 60): string {
  const line = prompt.split('\n').find((l) => l.trim()) ?? prompt;
  const flat = line.trim().replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
