// Sends a Plan the person confirmed: once. The key is asked for first if there is none; the
// provider's answer becomes a stored job the moment its id arrives; a failure is sorted into
// "nothing was started" and "a job may exist" (never re-sent by itself: each POST is paid for).
import { SeedanceApiError } from '../api';
import type { Job } from '../jobs/job';
import type { Plan } from './plan';

export type Submission =
  /** The provider answered with a task id; the job is stored and polled. */
  | { readonly kind: 'started'; readonly job: Job }
  /** Cancelled before the request left: nothing was sent. */
  | { readonly kind: 'cancelled' }
  /** Refused or failed before a job existed (the key, the balance, the model, the network before sending). */
  | { readonly kind: 'not-started'; readonly error: Error }
  /** The request may have reached the provider: a job may exist (Track Task by ID finds it). */
  | { readonly kind: 'outcome-unknown'; readonly error: SeedanceApiError };

export interface SubmitDeps {
  /** Sends the request once and stores the job (JobManager.submit). */
  readonly send: (plan: Plan, how: SendOptions) => PromiseLike<Job>;
  /** True when a key is set; otherwise asks the person for one and says whether they gave it. */
  readonly ensureKey: () => Promise<boolean>;
}

export interface SendOptions {
  readonly signal: AbortSignal;
  readonly onUpload?: (sent: number, total: number) => void;
}

export async function submitPlan(plan: Plan, deps: SubmitDeps, how: SendOptions): Promise<Submission> {
  if (how.signal.aborted) return { kind: 'cancelled' };
  try {
    if (!(await deps.ensureKey())) return { kind: 'cancelled' };
    return { kind: 'started', job: await deps.send(plan, how) };
  } catch (err) {
    if (err instanceof SeedanceApiError && err.kind === 'aborted') return { kind: 'cancelled' };
    if (err instanceof SeedanceApiError && err.kind === 'outcome-unknown')
      return { kind: 'outcome-unknown', error: err };
    return { kind: 'not-started', error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/**
 * What an agent is told when no job was started, in English (a model reads it). `findIt` says
 * where the person can look for a job that may exist: it is never sent again by itself.
 */
export function notStartedForAgent(submission: Exclude<Submission, { kind: 'started' }>, findIt: string): string {
  switch (submission.kind) {
    case 'cancelled':
      return 'Not sent: cancelled before the request left. Nothing was started or charged.';
    case 'outcome-unknown':
      return `The request may or may not have reached the provider (${submission.error.message}). It was not sent again, so nothing is charged twice: do not send it again; ${findIt}.`;
    case 'not-started':
      return `Not started: ${submission.error.message}`;
  }
}
