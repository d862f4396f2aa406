// `npm run test:vscode`: the in-host suites (test/host, then test/host/restricted in Restricted
// Mode) inside a real VS Code's extension host, beside the UI suites (test/ui) driving the
// workbench through Chromium, then the MCP suite. Each kind gets a fresh session. One kind or
// more: --host, --restricted, --ui, --mcp (and --unit: the plain-Node suites alongside).
// Every test's outcome is recorded (testRecord.ts). Exit code: 0 all passed, 1 a test failed,
// 2 the harness itself failed.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Mocha from 'mocha';
import { REPO_ROOT } from '../support/paths';
import type { HostResults } from '../host/index';
import { siblings, ui } from '../ui/context';
import { lateFailures, uiRootHooks } from '../ui/world';
import { answerDialogs } from './dialogs';
import { HarnessError } from './errors';
import { TEST_PACKAGES, ensureDebianPackages, ensureVsCode, type VsCodeInstall } from './install';
import { Session } from './session';
import { packageVsix } from './vsix';
import {
  RESULTS,
  SUITE_KINDS,
  type SuiteKind,
  collect,
  readRecord,
  recordFile,
  withLateFailures,
  writeRecord,
} from './testRecord';

const OUT_TEST = join(REPO_ROOT, 'out', 'test');
const HOST_TIMEOUT_MS = Number(process.env.SEEDANCE_HOST_TIMEOUT_MS ?? 10 * 60_000);

const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  // --unit: the plain-Node suites too, and --lint: ESLint and Prettier, each in a child process
  // while VS Code is installed and the extension packaged (npm test); the VS Code suites start
  // once they are done. Run throughout, on two cores, they slowed every VS Code suite by more
  // than they took alone (a clean-clone run: 449 s of VS Code suites alongside them, 353 s after).
  const withUnit = args.includes('--unit');
  const setupStarted = Date.now();
  // Debian's packages first: unit tests run Chromium (the gallery's page) and curl.
  await ensureDebianPackages(log, TEST_PACKAGES);
  const lint = args.includes('--lint')
    ? runChild('Lint and format check (npm run lint)', 'npm', ['run', '--silent', 'lint'])
    : undefined;
  const only = args.filter((a) => a !== '--unit' && a !== '--lint');
  const wants = (kind: SuiteKind) => (only.length ? only.includes(`--${kind}`) : kind !== 'unit');
  for (const kind of SUITE_KINDS)
    if (kind === 'unit' ? withUnit : wants(kind)) rmSync(recordFile(kind), { force: true });
  const unit = withUnit ? runUnitSuites() : undefined;
  // SEEDANCE_TEST_GREP=<regexp> runs only the matching tests (in-host and UI) while working on one.
  const grep = process.env.SEEDANCE_TEST_GREP || undefined;
  const install = await ensureVsCode(log, { forTests: true });
  const vsix = await packageVsix(log, { forTests: true });
  const before = (unit ? await unit : 0) + (lint ? await lint : 0);
  if (unit || lint) log(`\nUnit tests and lint, with VS Code's install and packaging: ${seconds(setupStarted)} s`);
  const started = Date.now();
  // The two kinds run side by side, each in its own VS Code with its own simulator: most of their
  // time is waiting on a render or a poll, not the CPU.
  // The MCP suite follows the in-host ones while the UI suite goes on: by then every VS Code has
  // started (run from the start, its server and Inspector processes slowed every VS Code's start).
  const [host, uiFailures] = await Promise.all([
    (async () =>
      (wants('host') ? await runHostSuites(install, vsix) : 0) +
      (wants('restricted') ? await runHostSuites(install, vsix, { restricted: true }) : 0) +
      (wants('mcp') ? await runMcpSuites(install) : 0))(),
    wants('ui') ? runUiSuites(install, vsix, grep) : 0,
  ]);
  const failures = host + uiFailures + before;
  printSlowest(
    SUITE_KINDS.filter((k) => (k === 'unit' ? withUnit : wants(k))),
    10,
  );
  log(
    `\nVS Code tests finished in ${seconds(started)} s (${seconds(setupStarted)} s in all); results, logs and screenshots: ${RESULTS}`,
  );
  return failures ? 1 : 0;
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}

/** The slowest tests of every kind that ran, as a person deciding what to speed up reads them. */
function printSlowest(kinds: readonly SuiteKind[], n: number): void {
  const all = kinds.flatMap((kind) => (readRecord(kind) ?? []).map((t) => ({ kind, ...t })));
  const slowest = all.filter((t) => t.durationMs !== undefined).sort((a, b) => b.durationMs! - a.durationMs!);
  if (!slowest.length) return;
  log(`\nThe ${Math.min(n, slowest.length)} slowest tests:`);
  for (const t of slowest.slice(0, n))
    log(`  ${(t.durationMs! / 1000).toFixed(1).padStart(5)} s  ${t.kind}  ${t.title}`);
}

/** mocha over test/unit in a child process; its report is printed whole once it ends. */
function runUnitSuites(): Promise<number> {
  return runMocha(
    'Unit tests (test/unit, plain Node, while VS Code is installed and packaged)',
    recording('unit', 'dot'),
  );
}

/** Mocha's arguments for the recording reporter: prints as `inner` does, records as `kind`. */
function recording(kind: SuiteKind, inner: 'dot' | 'spec'): string[] {
  return [
    '--reporter',
    join(OUT_TEST, 'harness', 'recordingReporter.js'),
    '--reporter-option',
    `inner=${inner},kind=${kind}`,
  ];
}

/**
 * The MCP server (dist/mcp.js) driven by the MCP Inspector's CLI, which needs Node 22 or later:
 * the Node 24 installed for code-server runs it (SEEDANCE_NODE22).
 */
function runMcpSuites(install: VsCodeInstall): Promise<number> {
  return runMocha(
    'MCP tests (test/mcp: dist/mcp.js driven by the MCP Inspector, against the simulator)',
    ['--no-config', '--timeout', '120000', ...recording('mcp', 'spec'), 'out/test/mcp/**/*.test.js'],
    { SEEDANCE_NODE22: install.node },
  );
}

function runMocha(title: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const mocha = join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return runChild(title, process.execPath, [mocha, ...args], env);
}

/** A command in a child process; its output is printed whole, under `title`, once it ends. */
function runChild(title: string, command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      log(`\n${title}:${output.trimEnd().replace(/^/gm, '  ')}`);
      resolve(code === 0 ? 0 : 1);
    });
  });
}

/** The in-host suites in a trusted folder, or those of test/host/restricted in Restricted Mode. */
async function runHostSuites(install: VsCodeInstall, vsix: string, o: { restricted?: boolean } = {}): Promise<number> {
  const root = join(RESULTS, o.restricted ? 'host-restricted' : 'host');
  const resultsFile = join(root, 'results.json');
  log(
    o.restricted
      ? '\nIn-host tests in Restricted Mode: a VS Code whose folder is not trusted'
      : '\nIn-host tests: starting VS Code with the packaged extension and the test runner',
  );
  const session = await Session.start({
    install,
    vsix,
    root,
    untrusted: o.restricted,
    extraExtensions: [join(REPO_ROOT, 'test', 'harness', 'runner-extension')],
    env: {
      SEEDANCE_HOST_TESTS: join(OUT_TEST, 'host', 'index.js'),
      ...(o.restricted && { SEEDANCE_HOST_SUITES: 'restricted' }),
      SEEDANCE_HOST_RESULTS: resultsFile,
    },
    // Test sessions may poll faster than the 5 s a person can set (never shown in the UI).
    settings: { 'seedance.test.minPollSeconds': 0.5 },
  });
  // In-host tests cannot click: a modal dialog (a tool's confirmation) is answered from here.
  const dialogs = session.workbench ? answerDialogs(session.workbench, root, session.logsDir) : undefined;
  try {
    const results = await Promise.race([
      session.waitForResults<HostResults>(resultsFile, HOST_TIMEOUT_MS),
      session.codeServer.exited.then((code) => {
        throw new HarnessError(
          `VS Code exited (${code}) before the in-host tests finished; log: ${join(root, 'code-server.log')}`,
        );
      }),
    ]);
    await session.workbench?.screenshot('host-tests-finished');
    writeRecord(o.restricted ? 'restricted' : 'host', [
      ...results.passed.map((t) => ({ title: t.title, state: 'passed' as const, durationMs: t.durationMs })),
      ...results.failed.map((t) => ({ title: t.title, state: 'failed' as const, message: t.message })),
      ...results.pending.map((title) => ({ title, state: 'pending' as const })),
    ]);
    return report(results) + (await assertNoKeyInLogs(session));
  } finally {
    dialogs?.stop();
    await session.stop();
    log(`  extension host and Seedance logs: ${session.logsDir}`);
  }
}

function report(results: HostResults & { harnessError?: string }): number {
  if (results.harnessError) throw new HarnessError(`the in-host test runner failed: ${results.harnessError}`);
  log(`\n  VS Code 1.139.1, real extension host`);
  for (const t of results.passed) log(`    ✔ ${t.title} (${t.durationMs} ms)`);
  for (const t of results.pending) log(`    - ${t} (pending)`);
  results.failed.forEach((t, i) => {
    log(`    ✘ ${i + 1}) ${t.title}`);
  });
  results.failed.forEach((t, i) => {
    log(`\n  ${i + 1}) ${t.title}\n     ${t.message.split('\n').join('\n     ')}`);
    if (t.stack) log(`     ${t.stack.split('\n').slice(1, 6).join('\n     ')}`);
  });
  log(
    `\n  ${results.passed.length} passing, ${results.failed.length} failing, ${results.pending.length} pending (in-host)`,
  );
  // A grep that matches no test of a session is no harness failure (the other session had them).
  if (results.passed.length + results.failed.length === 0 && !process.env.SEEDANCE_TEST_GREP)
    throw new HarnessError('no in-host test ran');
  return results.failed.length;
}

async function runUiSuites(install: VsCodeInstall, vsix: string, grep?: string): Promise<number> {
  const root = join(RESULTS, 'ui');
  log('\nUI tests: starting VS Code with the packaged extension, driven through Chromium');
  // Polls every second (test sessions may go below the 5 s a person can set).
  ui.session = await Session.start({
    install,
    vsix,
    root,
    // Fixed polling here: the Videos view suites check what a person sees when several videos end in
    // the same poll (one notification). Adaptive polling, which polls each job on its own plan, is
    // covered by the in-host, unit and benchmark suites.
    settings: {
      'seedance.pollIntervalSeconds': 1,
      'seedance.test.minPollSeconds': 0.5,
      'seedance.adaptivePolling': false,
    },
  });
  try {
    await ui.session.waitForActivation();
    const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', ...(grep && { grep }) });
    mocha.rootHooks(uiRootHooks(root));
    const dir = join(OUT_TEST, 'ui');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    for (const f of files) mocha.addFile(join(dir, f));
    let record: ReturnType<typeof collect> | undefined;
    const failures = await new Promise<number>((resolve) => {
      record = collect(mocha.run(resolve));
    });
    if (files.length === 0) throw new HarnessError('no UI suite found');
    writeRecord('ui', withLateFailures(record!.outcomes(), lateFailures));
    // Tests that passed but left something behind (a dialog, a job rendering) failed.
    for (const [title, message] of lateFailures) log(`  ✘ ${title}\n     ${message}`);
    return failures + lateFailures.size + (await assertNoKeyInLogs(ui.session));
  } finally {
    for (const sibling of await Promise.all(siblings)) await sibling?.stop();
    await ui.session.stop();
    log(`  screenshots: ${join(root, 'screenshots')}`);
  }
}

/**
 * Fails the run if the API key shows up in any log (VS Code's, the browser's) of the session or
 * of the sibling sessions UI suites started next to it (`test-results/ui-*`).
 */
async function assertNoKeyInLogs(session: Session): Promise<number> {
  const leaks: string[] = [];
  const roots = (await readdir(RESULTS)).filter(
    (d) => d === basename(session.root) || d.startsWith(`${basename(session.root)}-`),
  );
  for (const root of roots.map((d) => join(RESULTS, d))) {
    for (const entry of await readdir(root, { recursive: true })) {
      const path = join(root, entry);
      if (!/\.log$/.test(entry)) continue;
      const text = await readFile(path, 'utf8').catch(() => '');
      if ([...session.sim.keysUsed].some((key) => text.includes(key))) leaks.push(path);
    }
  }
  if (leaks.length) log(`\n  ✘ the API key appears in ${leaks.length} log file(s):\n    ${leaks.join('\n    ')}`);
  else log('  ✔ the API key appears in no log file');
  return leaks.length ? 1 : 0;
}

process.on('SIGINT', () => void Session.stopAll().then(() => process.exit(130)));
process.on('SIGTERM', () => void Session.stopAll().then(() => process.exit(143)));

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch(async (err) => {
    await Session.stopAll();
    console.error(
      `\nHARNESS FAILURE${err instanceof HarnessError ? '' : ' (unexpected)'}: ${err instanceof Error ? err.message : err}`,
    );
    if (!(err instanceof HarnessError) && err instanceof Error) console.error(err.stack);
    process.exitCode = 2;
  });
