// The one place that decides what a provider's status word means. Every vocabulary seen on the
// route maps, case-insensitively, to one of four states; nothing else in the code compares status
// strings. Sources (../shared/api-contract.md, "Two dialects"):
//   older revision of the docs (every translated page): SUBMITTED, IN_PROGRESS, SUCCESS, FAILED, ERROR
//   current revision (the English pages, examples from late April 2026 on): queued, in_progress,
//     completed, failed, error
//   other shapes seen on the same route family (the gateway in front of ByteDance's API): pending,
//     not_start, processing, running, success, succeeded, failure, cancelled, expired

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed';

const MEANING: Readonly<Record<string, TaskState>> = {
  queued: 'queued',
  submitted: 'queued',
  pending: 'queued',
  not_start: 'queued',
  in_progress: 'running',
  processing: 'running',
  running: 'running',
  completed: 'succeeded',
  success: 'succeeded',
  succeeded: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'failed',
  canceled: 'failed',
  expired: 'failed',
};

export interface StatusReading {
  readonly state: TaskState;
  /** False for a word no vocabulary has: the job keeps running under its deadline. */
  readonly known: boolean;
}

export function readStatus(raw: string): StatusReading {
  const word = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  // Own words only: "constructor" or "__proto__" from a provider must not read Object's.
  const state = Object.hasOwn(MEANING, word) ? MEANING[word] : undefined;
  return state ? { state, known: true } : { state: 'running', known: false };
}

/** Whether the provider is done with the task, one way or the other. */
export function isFinal(state: TaskState): boolean {
  return state === 'succeeded' || state === 'failed';
}
