// Every test's outcome, written per suite kind to test-results/<kind>.tests.json once it has run:
// what the repeat runner counts, and where the slowest tests are read from.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

export const RESULTS = join(REPO_ROOT, 'test-results');

export type SuiteKind = 'unit' | 'host' | 'restricted' | 'ui' | 'mcp';
export const SUITE_KINDS: readonly SuiteKind[] = ['unit', 'host', 'restricted', 'ui', 'mcp'];

export interface TestOutcome {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly message?: string;
}

export function recordFile(kind: SuiteKind): string {
  return join(RESULTS, `${kind}.tests.json`);
}

export function writeRecord(kind: SuiteKind, outcomes: readonly TestOutcome[]): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(recordFile(kind), JSON.stringify(outcomes, null, 1));
}

/** What the last run of `kind` recorded, or undefined when it recorded nothing (it did not run). */
export function readRecord(kind: SuiteKind): TestOutcome[] | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(kind), 'utf8')) as TestOutcome[];
  } catch {
    return undefined;
  }
}

/**
 * Collects a mocha run's outcomes. `moveToFailed` lists tests that passed but left something
 * behind (late failures), reported as failed with their message.
 */
export function collect(runner: Mocha.Runner): { outcomes: () => TestOutcome[] } {
  const outcomes: TestOutcome[] = [];
  runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
  runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', message: err.message }));
  runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
  return { outcomes: () => outcomes };
}

/** `outcomes` with each late failure (a test that passed but left something behind) turned into a failure. */
export function withLateFailures(outcomes: readonly TestOutcome[], late: ReadonlyMap<string, string>): TestOutcome[] {
  return outcomes.map((o) =>
    o.state === 'passed' && late.has(o.title) ? { title: o.title, state: 'failed', message: late.get(o.title) } : o,
  );
}
