// Packages the extension exactly as it ships: `npm run package` (vsce, production bundle).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { HarnessError } from './errors';

export const VSIX = join(REPO_ROOT, 'seedance-video.vsix');

export async function packageVsix(log: (line: string) => void): Promise<string> {
  log('Packaging the extension (npm run package)');
  await exec('npm', ['run', '--silent', 'package'], REPO_ROOT, VSIX);
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

function exec(cmd: string, args: string[], cwd: string, produces: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
