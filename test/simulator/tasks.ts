// Simulated tasks. State is computed from the clock on every read (no timers), so a task moves
// SUBMITTED → IN_PROGRESS (progress rising) → a terminal status over its duration.
import { randomBytes } from 'node:crypto';

export type SimStatus = 'SUBMITTED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'ERROR';
export type Outcome = 'SUCCESS' | 'FAILED' | 'ERROR';

/** Prompt markers that make a task end badly (documented in the README). */
export const FAIL_MARKER = '[sim:fail]';
export const ERROR_MARKER = '[sim:error]';

export interface SimTask {
  readonly id: string;
  readonly model: string;
  readonly prompt: string;
  readonly seconds: number;
  readonly size: string;
  readonly resolution: string;
  readonly hasImage: boolean;
  readonly createdAt: number;
  durationMs: number;
  outcome: Outcome;
  /** Set by a test to end the task now, whatever its clock says. */
  forcedAt?: number;
}

export interface TaskState {
  readonly status: SimStatus;
  readonly progress: number;
  readonly completedAt?: number;
}

export function outcomeFor(prompt: string): Outcome {
  if (prompt.includes(FAIL_MARKER)) return 'FAILED';
  if (prompt.includes(ERROR_MARKER)) return 'ERROR';
  return 'SUCCESS';
}

export function taskState(task: SimTask, now: number): TaskState {
  const end = task.forcedAt ?? task.createdAt + task.durationMs;
  if (now >= end) {
    return { status: task.outcome, progress: task.outcome === 'SUCCESS' ? 100 : 0, completedAt: end };
  }
  // Queued for the first fifth of the time (at most 2 s), then rendering.
  const queued = Math.min(2000, task.durationMs / 5);
  const elapsed = now - task.createdAt;
  if (elapsed < queued) return { status: 'SUBMITTED', progress: 0 };
  const fraction = (elapsed - queued) / Math.max(1, end - task.createdAt - queued);
  return { status: 'IN_PROGRESS', progress: Math.min(99, Math.max(1, Math.floor(fraction * 100))) };
}

export function newTaskId(): string {
  return `task_${randomBytes(12).toString('hex')}`;
}
