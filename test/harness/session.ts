// One run of the product in a real VS Code: the simulator, a fresh profile whose settings point
// the extension at it, the packaged .vsix installed as a user installs it, a workspace with
// sample images, code-server, and (optionally) a browser on the workbench. Everything lives
// under one folder that is kept after the run, so a failure can be looked at.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Simulator, type SimulatorOptions } from '../simulator/simulator';
import { Workbench } from './browser';
import { CodeServer, installExtension } from './codeServer';
import { HarnessError } from './errors';
import type { VsCodeInstall } from './install';
import { packageTestExtension } from './vsix';
import { createWorkspace } from './workspace';

export interface SessionOptions {
  readonly install: VsCodeInstall;
  readonly vsix: string;
  /** The session's folder (profile, extensions, logs, screenshots); emptied at start. */
  readonly root: string;
  /** Keep the profile (settings, secrets, stored jobs) from the last run instead of a fresh one. */
  readonly keepProfile?: boolean;
  /** Where the workspace goes; default `root/workspace`, recreated each time. */
  readonly workspace?: string;
  readonly simulator?: SimulatorOptions;
  /** Test-only extension folders, packaged and installed next to the .vsix (the in-host runner). */
  readonly extraExtensions?: readonly string[];
  readonly env?: Record<string, string>;
  readonly settings?: Record<string, unknown>;
  readonly port?: number;
  /** Open a browser on the workbench (starts the extension host). Default true. */
  readonly browser?: boolean;
  /** The folder is not trusted: VS Code opens it in Restricted Mode. */
  readonly untrusted?: boolean;
  /** Open these workspace folders (URIs, e.g. `memfs:/project`) through a .code-workspace file. */
  readonly folderUris?: readonly string[];
  /** VS Code's display language, as a person who set it would have it (e.g. `ar`). */
  readonly locale?: string;
  /** Planted in the workspace's `.vscode/settings.json` (what a cloned repository may carry). */
  readonly workspaceSettings?: Record<string, unknown>;
}

export class Session {
  /** Every session not yet stopped (sibling sessions of UI suites included), for stopAll(). */
  static readonly #running = new Set<Session>();

  private constructor(
    readonly root: string,
    readonly sim: Simulator,
    readonly codeServer: CodeServer,
    readonly workspace: string,
    readonly workbench: Workbench | undefined,
    /** What it was started with: a test can start a sibling session from it. */
    readonly options: SessionOptions,
  ) {}

  static async start(o: SessionOptions): Promise<Session> {
    if (!o.keepProfile) await rm(o.root, { recursive: true, force: true });
    const userDataDir = join(o.root, 'user-data');
    const extensionsDir = join(o.root, 'extensions');
    await mkdir(extensionsDir, { recursive: true });
    const workspace = await createWorkspace(o.workspace ?? join(o.root, 'workspace'), o.workspaceSettings);

    await installExtension(o.install, o.vsix, extensionsDir, userDataDir);
    for (const dir of o.extraExtensions ?? []) {
      const vsix = await packageTestExtension(dir, join(o.root, `${basename(dir)}.vsix`));
      await installExtension(o.install, vsix, extensionsDir, userDataDir);
    }
    if (o.locale) await registerLanguagePacks(extensionsDir, userDataDir);

    // A task is done when first polled unless a test holds it (sim.pace = 'held', then finishTask):
    // nothing a test sees depends on how fast this machine is.
    const sim = await Simulator.start({ pace: 'instant', ...o.simulator });
    let codeServer: CodeServer | undefined;
    try {
      codeServer = await CodeServer.start({
        install: o.install,
        userDataDir,
        extensionsDir,
        workspace,
        port: o.port,
        logFile: join(o.root, 'code-server.log'),
        settings: { 'seedance.baseUrl': sim.apiUrl, ...o.settings },
        env: { SEEDANCE_SIM_URL: sim.apiUrl, SEEDANCE_SIM_KEY: sim.key, ...o.env },
        workspaceTrust: o.untrusted,
        locale: o.locale,
      });
      let query = `folder=${encodeURIComponent(workspace)}`;
      if (o.folderUris) {
        const file = join(o.root, 'virtual.code-workspace');
        await writeFile(file, JSON.stringify({ folders: o.folderUris.map((uri) => ({ uri })) }));
        query = `workspace=${encodeURIComponent(file)}`;
      }
      const workbench =
        o.browser === false
          ? undefined
          : await Workbench.open(`${codeServer.url}/?${query}`, join(o.root, 'screenshots'));
      const session = new Session(o.root, sim, codeServer, workspace, workbench, o);
      Session.#running.add(session);
      return session;
    } catch (err) {
      await codeServer?.stop();
      await sim.close();
      throw err;
    }
  }

  get url(): string {
    return `${this.codeServer.url}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** VS Code's logs for this session, the extension host's and the Seedance channel's among them. */
  get logsDir(): string {
    return join(this.root, 'user-data', 'logs');
  }

  /** Every activation time the extension logged ("activated in … ms"), in ms. */
  async activationTimes(): Promise<number[]> {
    const times: number[] = [];
    for (const file of await findFiles(this.logsDir, 'Seedance.log')) {
      for (const m of (await readFile(file, 'utf8').catch(() => '')).matchAll(/activated in ([\d.]+) ms/g))
        times.push(Number(m[1]));
    }
    return times;
  }

  /** The lines of the extension's log (every window's) that match `pattern`, oldest window first. */
  async logLines(pattern: RegExp): Promise<string[]> {
    const lines: string[] = [];
    for (const file of await findFiles(this.logsDir, 'Seedance.log'))
      for (const line of (await readFile(file, 'utf8').catch(() => '')).split('\n'))
        if (pattern.test(line)) lines.push(line);
    return lines;
  }

  /** How many times the extension has activated so far (each window load logs one line). */
  async activationCount(): Promise<number> {
    return (await this.activationTimes()).length;
  }

  /**
   * Resolves once the extension has activated more than `after` times, read from its own log
   * line ("activated in … ms") in VS Code's log folder: before that, its commands are not there.
   */
  async waitForActivation(timeoutMs = 60_000, after = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.activationCount()) > after) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new HarnessError(`the extension did not activate within ${timeoutMs / 1000} s; logs: ${this.logsDir}`);
  }

  /**
   * The JSON a test-only extension writes at `path` once it is done (the in-host runner), or a
   * HarnessError with a screenshot after `timeoutMs`.
   */
  async waitForResults<T>(path: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text !== undefined) return JSON.parse(text) as T;
      if (Date.now() > deadline) {
        await this.workbench?.screenshot('in-host-timeout').catch(() => undefined);
        throw new HarnessError(
          `the in-host run did not report within ${timeoutMs / 1000} s (did the extension host start?); logs: ${this.logsDir}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Stops every running session: on Ctrl+C or a harness failure nothing is left behind. */
  static async stopAll(): Promise<void> {
    await Promise.all([...Session.#running].map((s) => s.stop().catch(() => undefined)));
  }

  #stopping: Promise<void> | undefined;

  /** Stops the browser, VS Code and the simulator; a second call waits for the first. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      Session.#running.delete(this);
      await this.workbench?.close();
      await this.codeServer.stop();
      await this.sim.close();
    })();
    return this.#stopping;
  }
}

async function findFiles(dir: string, name: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((e) => e.endsWith(`/${name}`) || e === name).map((e) => join(dir, e));
}

/**
 * Writes the `languagepacks.json` VS Code's server reads to know which display languages exist
 * (it writes it itself when a pack is installed from the UI, not from the command line): one entry
 * per installed extension that contributes `localizations`.
 */
async function registerLanguagePacks(extensionsDir: string, userDataDir: string): Promise<void> {
  type Manifest = {
    publisher: string;
    name: string;
    version: string;
    contributes?: {
      localizations?: {
        languageId: string;
        localizedLanguageName?: string;
        translations: { id: string; path: string }[];
      }[];
    };
  };
  const packs: Record<
    string,
    {
      hash: string;
      extensions: { extensionIdentifier: { id: string }; version: string }[];
      translations: Record<string, string>;
      label?: string;
    }
  > = {};
  for (const dir of await readdir(extensionsDir)) {
    const manifest = await readFile(join(extensionsDir, dir, 'package.json'), 'utf8').then(
      (t) => JSON.parse(t) as Manifest,
      () => undefined,
    );
    for (const l of manifest?.contributes?.localizations ?? []) {
      packs[l.languageId] = {
        hash: `${manifest!.publisher}.${manifest!.name}@${manifest!.version}`,
        extensions: [
          { extensionIdentifier: { id: `${manifest!.publisher}.${manifest!.name}` }, version: manifest!.version },
        ],
        translations: Object.fromEntries(l.translations.map((t) => [t.id, join(extensionsDir, dir, t.path)])),
        label: l.localizedLanguageName,
      };
    }
  }
  await mkdir(userDataDir, { recursive: true });
  await writeFile(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}
