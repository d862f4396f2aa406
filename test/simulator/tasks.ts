// Simulated tasks. State is computed on every read (no timers): a task moves queued → running
// (progress rising) → an end, at the pace it was created with. Tests choose a pace that does not
// depend on the machine's speed: `instant` (done when first polled) or `held` (rendering until the
// test ends it); wall time (`timed`) is for the CLI, the demo and benchmarks. How a state is
// *worded* is the dialect's business (dialects.ts), not the task's.
import { randomBytes } from 'node:crypto';
import { type RenderTiming, progressAt } from './timing';

/** The simulator's own states; each dialect has a word for each. */
export type SimState = 'queued' | 'running' | 'success' | 'failed' | 'error';
/** How a task ends. The legacy uppercase names are still accepted by the control API and CLI. */
export type Outcome = 'success' | 'failed' | 'error';

/** Prompt markers that make a task end badly (documented in the README). */
export const FAIL_MARKER = '[sim:fail]';
export const ERROR_MARKER = '[sim:error]';
/** Ends failed with a reason that echoes the caller's key, as a gateway's debug text has done. */
export const ECHO_KEY_MARKER = '[sim:echo-key]';

/**
 * How a task moves, fixed when it is created:
 * - `instant`: the create answer says queued; the first poll answers its end.
 * - `held`: queued until first polled, then rendering (a step more progress each poll, never past
 *   95%) until a test ends it with `finishTask`: a test that must see a job render holds it.
 * - `timed`: over the simulator's `taskSeconds` (or realistic timings) of wall time.
 */
export type Pace = 'instant' | 'held' | 'timed';
export const PACES: readonly Pace[] = ['instant', 'held', 'timed'];

export function parsePace(word: string): Pace {
  const pace = PACES.find((p) => p === word);
  if (!pace) throw new Error(`unknown pace "${word}": use ${PACES.join(', ')}`);
  return pace;
}

/** Progress a held task gains per poll, and where it stops until it is ended. */
export const HELD_STEP = 10;
export const HELD_MAX = 95;
/** When a held or instant task says it expects to end (the current dialect's `completed_at`). */
const NOMINAL_MS = 60_000;

export interface SimImage {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** Pixel size read from the image's header, when it could be. */
  readonly width?: number;
  readonly height?: number;
}

export interface SimTask {
  readonly id: string;
  readonly model: string;
  readonly prompt: string;
  readonly seconds: number;
  /** As sent: a ratio or an exact WxH. */
  readonly size: string;
  readonly resolution: string;
  readonly images: readonly SimImage[];
  readonly createdAt: number;
  readonly pace: Pace;
  /** GETs of the task answered so far (an instant task ends at the first; a held one rises with each). */
  polls: number;
  /** A `timed` task's length. */
  durationMs: number;
  outcome: Outcome;
  /** Set by a test to end the task now, whatever its clock says. */
  forcedAt?: number;
  /** A test's override of the status word answered (an unknown word, say). */
  statusWord?: string;
  /** A test withholds the video link of a finished task. */
  withholdLink?: boolean;
  /** Bumped when the stored video is replaced by another copy (other bytes, other ETag). */
  videoVersion: number;
  /** Render times like the service's (timing.ts); without it, a steady rise over `durationMs`. */
  readonly timing?: RenderTiming;
}

export interface TaskState {
  readonly state: SimState;
  readonly progress: number;
  /** When it ended (or, in the current dialect, when it is expected to). */
  readonly endsAt: number;
}

/**
 * Prompt markers for a task content moderation refuses, and ByteDance's code for each (which
 * input was refused): `[sim:moderated-prompt]`, `-image`, `-video`, `-audio`.
 */
export const MODERATION_MARKERS: Readonly<Record<string, string>> = {
  '[sim:moderated-prompt]': 'InputTextSensitiveContentDetected',
  '[sim:moderated-image]': 'InputImageSensitiveContentDetected',
  '[sim:moderated-video]': 'OutputVideoSensitiveContentDetected',
  '[sim:moderated-audio]': 'OutputAudioSensitiveContentDetected',
};

export function moderationFor(prompt: string): string | undefined {
  return Object.entries(MODERATION_MARKERS).find(([marker]) => prompt.includes(marker))?.[1];
}

export function outcomeFor(prompt: string): Outcome {
  if (prompt.includes(FAIL_MARKER) || prompt.includes(ECHO_KEY_MARKER) || moderationFor(prompt)) return 'failed';
  if (prompt.includes(ERROR_MARKER)) return 'error';
  return 'success';
}

/** `SUCCESS`, `success`, `completed`… → the outcome (control API and CLI accept either dialect). */
export function parseOutcome(word: string): Outcome {
  const w = word.toLowerCase();
  if (w === 'success' || w === 'completed' || w === 'succeeded') return 'success';
  if (w === 'failed' || w === 'error') return w;
  throw new Error(`unknown outcome "${word}": use success, failed or error`);
}

/** A GET of the task is being answered: an instant task ends now, a held one moves on a step. */
export function polled(task: SimTask, now: number): void {
  task.polls++;
  if (task.pace === 'instant') task.forcedAt ??= now;
}

export function taskState(task: SimTask, now: number): TaskState {
  const end = task.forcedAt ?? (task.pace === 'timed' ? task.createdAt + task.durationMs : undefined);
  if (end !== undefined && now >= end)
    return { state: task.outcome, progress: task.outcome === 'success' ? 100 : 0, endsAt: end };
  if (task.pace !== 'timed') {
    const endsAt = task.createdAt + NOMINAL_MS;
    if (task.polls === 0) return { state: 'queued', progress: 0, endsAt };
    return { state: 'running', progress: Math.min(HELD_MAX, HELD_STEP * task.polls), endsAt };
  }
  const timedEnd = task.createdAt + task.durationMs;
  const elapsed = now - task.createdAt;
  if (task.timing && task.forcedAt === undefined) {
    const progress = progressAt(task.timing, elapsed);
    return { state: progress === 0 ? 'queued' : 'running', progress, endsAt: timedEnd };
  }
  // Queued for the first fifth of the time (at most 2 s), then rendering.
  const queued = Math.min(2000, task.durationMs / 5);
  if (elapsed < queued) return { state: 'queued', progress: 0, endsAt: timedEnd };
  const fraction = (elapsed - queued) / Math.max(1, task.durationMs - queued);
  return { state: 'running', progress: Math.min(99, Math.max(1, Math.floor(fraction * 100))), endsAt: timedEnd };
}

export function isEnded(state: SimState): boolean {
  return state === 'success' || state === 'failed' || state === 'error';
}

export function newTaskId(): string {
  return `task_${randomBytes(12).toString('hex')}`;
}
