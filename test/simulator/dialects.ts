// How the service words a task, in the two revisions of its documentation
// (../shared/api-contract.md, "Two dialects"). The simulator speaks either; `current` is the
// default everywhere (npm start, tests, benchmarks) because it is what users get today.
import type { SimState } from './tasks';

export type Dialect = 'current' | 'legacy';
export const DIALECTS: readonly Dialect[] = ['current', 'legacy'];

const WORDS: Record<Dialect, Record<SimState, string>> = {
  // The English pages (create, query, "Webhook and polling"), examples from late April 2026 on.
  current: { queued: 'queued', running: 'in_progress', success: 'completed', failed: 'failed', error: 'error' },
  // Every translated page: the older revision.
  legacy: { queued: 'SUBMITTED', running: 'IN_PROGRESS', success: 'SUCCESS', failed: 'FAILED', error: 'ERROR' },
};

export function statusWord(dialect: Dialect, state: SimState): string {
  return WORDS[dialect][state];
}

export function parseDialect(value: string): Dialect {
  if (value === 'current' || value === 'legacy') return value;
  throw new Error(`unknown dialect "${value}": use current or legacy`);
}
