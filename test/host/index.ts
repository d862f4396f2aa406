// Runs every `*.test.js` in this folder with mocha, inside a real extension host. Used by the
// harness's runner extension (runSuites) and by @vscode/test-electron (run). Adding a suite is
// adding a file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { lateFailures, rootHooks } from './world';

export interface HostResults {
  readonly passed: { title: string; durationMs: number }[];
  readonly failed: { title: string; message: string; stack?: string }[];
  readonly pending: string[];
}

/** Given by the harness's runner extension: its own context, for suites that need real storage. */
export let runnerContext: import('vscode').ExtensionContext | undefined;

export function runSuites(options: { context?: import('vscode').ExtensionContext } = {}): Promise<HostResults> {
  runnerContext = options.context;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.rootHooks(rootHooks);
  if (process.env.SEEDANCE_TEST_GREP) mocha.grep(process.env.SEEDANCE_TEST_GREP);
  // SEEDANCE_HOST_SUITES=restricted: the suites of test/host/restricted, run by the harness in a
  // VS Code whose folder is not trusted (Restricted Mode). Default: the suites of this folder.
  const dir = process.env.SEEDANCE_HOST_SUITES ? join(__dirname, process.env.SEEDANCE_HOST_SUITES) : __dirname;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(dir, file));
  }
  const results: HostResults = { passed: [], failed: [], pending: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      // A test that passed but left a dialog open failed: it is reported as such.
      for (const [title, message] of lateFailures) {
        const at = results.passed.findIndex((t) => t.title === title);
        if (at >= 0) results.passed.splice(at, 1);
        results.failed.push({ title, message });
      }
      resolve(results);
    });
    runner.on('pass', (t) => results.passed.push({ title: t.fullTitle(), durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) =>
      results.failed.push({ title: t.fullTitle(), message: err.message, stack: err.stack }),
    );
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
  });
}

/** @vscode/test-electron's entry point: rejects when any test failed. */
export async function run(): Promise<void> {
  const { failed } = await runSuites();
  if (failed.length)
    throw new Error(
      `${failed.length} in-host test(s) failed:\n${failed.map((f) => `  ${f.title}: ${f.message}`).join('\n')}`,
    );
}
