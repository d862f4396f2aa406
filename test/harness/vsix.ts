// Packages the extension as it ships (`npm run package`: vsce, the production bundle). For the
// test suites it is built with SEEDANCE_TEST_BUILD=1, the one constant that lets it hand its
// internals to its own in-host tests; `npm start`, the screenshots and the bench get the shipped one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { HarnessError } from './errors';

export const VSIX = join(REPO_ROOT, 'seedance-video.vsix');

export async function packageVsix(log: (line: string) => void, o: { forTests?: boolean } = {}): Promise<string> {
  log(`Packaging the extension (npm run package${o.forTests ? ', SEEDANCE_TEST_BUILD=1' : ''})`);
  await exec('npm', ['run', '--silent', 'package'], REPO_ROOT, VSIX, { SEEDANCE_TEST_BUILD: o.forTests ? '1' : '' });
  return VSIX;
}

/** Packages a test-only extension folder (the in-host runner) into `out`, to install like any other. */
export async function packageTestExtension(dir: string, out: string): Promise<string> {
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  await exec(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out],
    dir,
    out,
  );
  return out;
}

function exec(cmd: string, args: string[], cwd: string, produces: string, env?: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) =>
      code === 0 && existsSync(produces)
        ? resolve()
        : reject(new HarnessError(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${out}`)),
    );
  });
}
