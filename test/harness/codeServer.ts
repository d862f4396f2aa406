// Starts and stops a real VS Code (code-server) on a loopback port, in its own process group so
// that stopping it also stops its extension host and every other child.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HarnessError } from './errors';
import type { VsCodeInstall } from './install';

export interface CodeServerOptions {
  readonly install: VsCodeInstall;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  /** User settings of the throwaway profile. */
  readonly settings: Record<string, unknown>;
  /** Extra environment, inherited by the extension host. */
  readonly env?: Record<string, string>;
  readonly port?: number;
  readonly logFile: string;
  /** Ask whether the folder is trusted (it is not: Restricted Mode), instead of trusting all. */
  readonly workspaceTrust?: boolean;
  /** VS Code's display language (`--locale`), e.g. `ar`. */
  readonly locale?: string;
}

/** Settings that keep the workbench quiet and predictable for people and tests alike. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

export class CodeServer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(o: CodeServerOptions): Promise<CodeServer> {
    await mkdir(join(o.userDataDir, 'User'), { recursive: true });
    await mkdir(o.extensionsDir, { recursive: true });
    const trust = o.workspaceTrust
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
      : {};
    await writeFile(
      join(o.userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...o.settings }, null, 2),
    );
    const port = o.port ?? (await freePort());
    const args = [
      o.install.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ...(o.locale ? ['--locale', o.locale] : []),
      '--disable-getting-started-override',
      '--user-data-dir',
      o.userDataDir,
      '--extensions-dir',
      o.extensionsDir,
      o.workspace,
    ];
    const env = {
      ...process.env,
      // Keep code-server's config file out of the person's home folder.
      XDG_CONFIG_HOME: join(o.userDataDir, 'xdg-config'),
      ...o.env,
    };
    const child = spawn(o.install.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(o.logFile);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new HarnessError(`VS Code (code-server) did not start within 60 s; log: ${o.logFile}`)),
        60_000,
      );
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('HTTP server listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new HarnessError(`VS Code (code-server) exited with ${code} while starting; log: ${o.logFile}`));
      });
    });
    return new CodeServer(url, child);
  }

  get exited(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
  }

  /** Stops the whole process group: SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const group = -this.child.pid!;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(group, signal);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    kill('SIGKILL'); // stragglers of the group (pty host, file watcher)
  }
}

/** Installs a .vsix into an extensions folder exactly as `code --install-extension` does. */
export async function installExtension(
  install: VsCodeInstall,
  vsix: string,
  extensionsDir: string,
  userDataDir: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      install.node,
      [
        install.entry,
        '--install-extension',
        vsix,
        '--extensions-dir',
        extensionsDir,
        '--user-data-dir',
        userDataDir,
        '--force',
      ],
      {
        env: { ...process.env, XDG_CONFIG_HOME: join(userDataDir, 'xdg-config') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) =>
      code === 0 && /successfully installed/i.test(out)
        ? resolve()
        : reject(new HarnessError(`installing ${vsix} failed (exit ${code}):\n${out}`)),
    );
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
