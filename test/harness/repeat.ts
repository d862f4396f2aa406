// `npm run test:repeat -- <suite> <times> [--load] [--grep <regexp>]`: runs one suite kind (unit,
// host, restricted, ui, mcp) that many times, each in a fresh run, and prints per test how often
// it failed, then `N passed, N failed`. `--load` keeps a second CPU busy the whole time, as a
// loaded CI machine would. How a race is found before CI finds it (CONTRIBUTING: Habits).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { SUITE_KINDS, type SuiteKind, type TestOutcome, readRecord } from './testRecord';

const USAGE = 'Usage: npm run test:repeat -- <unit|host|restricted|ui|mcp> <times> [--load] [--grep <regexp>]';

interface Options {
  readonly kind: SuiteKind;
  readonly times: number;
  readonly load: boolean;
  readonly grep?: string;
}

function parse(args: readonly string[]): Options {
  const rest = [...args];
  const load = rest.includes('--load');
  const at = rest.indexOf('--grep');
  const grep = at >= 0 ? rest[at + 1] : undefined;
  if (at >= 0 && !grep) throw new Error('--grep needs a regexp');
  const plain = rest.filter((a, i) => a !== '--load' && (at < 0 || (i !== at && i !== at + 1)));
  const [kind, times] = plain;
  if (!SUITE_KINDS.includes(kind as SuiteKind)) throw new Error(`unknown suite "${kind ?? ''}"`);
  const n = Number(times);
  if (!Number.isInteger(n) || n < 1) throw new Error(`<times> must be a whole number from 1 (got ${times ?? ''})`);
  return { kind: kind as SuiteKind, times: n, load, grep };
}

/** One run of the suite, its output passed through; resolves with what it recorded. */
function runOnce(o: Options): Promise<{ code: number | null; outcomes?: TestOutcome[] }> {
  const node = process.execPath;
  const command =
    o.kind === 'unit'
      ? [
          join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
          '--reporter',
          join(REPO_ROOT, 'out', 'test', 'harness', 'recordingReporter.js'),
          '--reporter-option',
          'inner=dot,kind=unit',
          ...(o.grep ? ['--grep', o.grep] : []),
        ]
      : [join(REPO_ROOT, 'out', 'test', 'harness', 'runTests.js'), `--${o.kind}`];
  const child = spawn(node, command, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...(o.grep && { SEEDANCE_TEST_GREP: o.grep }) },
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, outcomes: readRecord(o.kind) })));
}

/** A process that keeps one CPU busy until stopped. */
function busyCpu(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const load = o.load ? busyCpu() : undefined;
  const failures = new Map<string, { failed: number; runs: number; last?: string }>();
  const runTimes: number[] = [];
  let passed = 0;
  let failed = 0;
  try {
    for (let i = 1; i <= o.times; i++) {
      console.log(`\n=== ${o.kind}: run ${i} of ${o.times}${o.load ? ', a second CPU kept busy' : ''} ===`);
      const started = Date.now();
      const { code, outcomes } = await runOnce(o);
      runTimes.push(Date.now() - started);
      const ran = outcomes?.filter((t) => t.state !== 'pending') ?? [];
      // A run that ended without recording its tests (the harness failed) is a failure of its own.
      if (!ran.length || (code !== 0 && !ran.some((t) => t.state === 'failed')))
        ran.push({ title: `(the run itself: exit code ${code})`, state: 'failed' });
      for (const t of ran) {
        const entry = failures.get(t.title) ?? { failed: 0, runs: 0 };
        entry.runs++;
        if (t.state === 'failed') {
          entry.failed++;
          entry.last = t.message?.split('\n')[0];
          failed++;
        } else passed++;
        failures.set(t.title, entry);
      }
    }
  } finally {
    load?.kill();
  }
  const rows = [...failures.entries()].sort((a, b) => b[1].failed - a[1].failed || a[0].localeCompare(b[0]));
  console.log(
    `\n${o.kind} suite, ${o.times} run(s)${o.load ? ' with a second CPU kept busy' : ''}${o.grep ? `, tests matching /${o.grep}/` : ''}: failed / runs, per test`,
  );
  for (const [title, e] of rows)
    console.log(`  ${`${e.failed}/${e.runs}`.padStart(6)}  ${title}${e.last ? `\n          last: ${e.last}` : ''}`);
  console.log(`run times: ${runTimes.map((ms) => `${Math.round(ms / 1000)} s`).join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  },
);
