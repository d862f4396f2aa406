// Helpers for suites that run inside the extension host.
import assert from 'node:assert/strict';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DIALOG_REQUEST, DIALOG_SEEN, type SeenDialog } from '../harness/dialogs';
import type { SeedanceExtensionApi } from '../../src/extension';
import { type Job, type JobPhase, failureOf } from '../../src/jobs/job';
import { failureLabel } from '../../src/views/jobLabels';
import { removeJobsSince } from './world';

export { closeEditorsWithoutSaving } from './world';

export const EXTENSION_ID = 'seedance-tools.seedance-video';

/** The extension's package.json, as far as the tests read it. */
export interface Manifest {
  main: string;
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

export function manifest(): Manifest {
  return vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
}

export async function activateExtension(): Promise<SeedanceExtensionApi> {
  const ext = vscode.extensions.getExtension<SeedanceExtensionApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension gave no test API: was it packaged by the harness (SEEDANCE_TEST_BUILD=1)?');
  return api;
}

export interface SimRequest {
  seq: number;
  target: 'api' | 'video';
  method: string;
  path: string;
  status?: number;
  headers: Record<string, string>;
  fields?: Record<string, string | { name: string; type: string; size: number }>;
  images?: { name: string; type: string; size: number; width?: number; height?: number }[];
}

/** The simulator the harness started, controlled over HTTP. */
export const sim = {
  url: process.env.SEEDANCE_SIM_URL ?? '',
  key: process.env.SEEDANCE_SIM_KEY ?? '',
  // The simulator's own JSON, typed by each caller below.
  async control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${sim.url}/__sim/${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(res.status, 200, `simulator control ${method} ${path}: ${res.status}`);
    return (await res.json()) as T;
  },
  requests: () => sim.control<SimRequest[]>('GET', 'requests'),
  clearRequests: () => sim.control('DELETE', 'requests'),
  async posts(): Promise<SimRequest[]> {
    return (await sim.requests()).filter((r) => r.target === 'api' && r.method === 'POST');
  },
  /** The POST at `index` once the simulator has answered it: its fields are recorded while its body is still read. */
  async answeredPost(index: number): Promise<SimRequest | undefined> {
    const post = (await sim.posts())[index];
    return post?.status === undefined ? undefined : post;
  },
  fault: (rule: object) => sim.control('POST', 'faults', rule),
  clearFaults: () => sim.control('DELETE', 'faults'),
  config: (c: {
    /** `instant`: done when first polled (each test's default); `held`: rendering until `finish`. */
    pace?: 'instant' | 'held';
    urlTtlSeconds?: number;
    videoOrigin?: string;
    dialect?: 'current' | 'legacy';
    key?: string;
    linkIn?: 'video_url' | 'fail_reason' | 'none';
    contentRedirect?: boolean;
    /** Echo a dated backend model id (`<model>-260128`), as the service may. */
    resolvedModel?: boolean;
    /** The account's limit of tasks at once (null: none); setting it starts a new peak. */
    maxRunning?: number | null;
  }) => sim.control<{ videoOrigin: string; peakRunning: number }>('POST', 'config', c),
  /** Makes a task answer with another status word and/or without its video link. */
  override: (id: string, o: { status?: string | null; withholdLink?: boolean }) =>
    sim.control('POST', `tasks/${encodeURIComponent(id)}/override`, o),
  finish: (id: string, outcome = 'success') =>
    sim.control('POST', `tasks/${encodeURIComponent(id)}/finish`, { outcome }),
  forget: (id: string) => sim.control('DELETE', `tasks/${encodeURIComponent(id)}`),
  /**
   * Ends every task still queued or rendering at the simulator (earlier tests' tasks whose jobs are
   * gone): a test that sets the account's limit (`maxRunning`) starts from an empty account.
   */
  async endLeftovers(): Promise<void> {
    const tasks = await sim.control<{ id: string; state: { state: string } }[]>('GET', 'tasks');
    for (const task of tasks)
      if (task.state.state === 'queued' || task.state.state === 'running') await sim.finish(task.id, 'failed');
  },
};

/**
 * Has the next modal dialog answered with `button`, as a person would (the harness clicks it:
 * test/harness/dialogs.ts). Resolves with what the dialog said.
 */
export async function answerNextDialog(button: string, timeoutMs = 30_000): Promise<SeenDialog> {
  const results = process.env.SEEDANCE_HOST_RESULTS;
  if (!results) throw new Error('dialogs can only be answered under the harness (SEEDANCE_HOST_RESULTS)');
  const dir = dirname(results);
  await rm(join(dir, DIALOG_SEEN), { force: true });
  // Written whole, then renamed: the harness never reads half a request.
  await writeFile(join(dir, `${DIALOG_REQUEST}.partial`), JSON.stringify({ button }));
  await rename(join(dir, `${DIALOG_REQUEST}.partial`), join(dir, DIALOG_REQUEST));
  const text = await waitFor(
    'a modal dialog to be shown and answered',
    () => readFile(join(dir, DIALOG_SEEN), 'utf8').catch(() => undefined),
    timeoutMs,
  );
  await rm(join(dir, DIALOG_SEEN), { force: true });
  return JSON.parse(text) as SeenDialog;
}

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `command`, accepting each quick pick's pre-selected answer as it opens (a person pressing
 * Enter through the steps), until the command ends; resolves with what it returned.
 */
export async function acceptingAll<T>(command: Thenable<T>): Promise<T> {
  let done = false;
  const running = Promise.resolve(command).finally(() => (done = true));
  await waitFor('the command to end, its questions accepted', async () => {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return done;
  });
  return running;
}

/** The job once it is in `phase`, typed as that phase's shape. */
export function waitForPhase<P extends JobPhase>(
  api: SeedanceExtensionApi,
  id: string,
  phase: P,
  timeoutMs = 30_000,
): Promise<Extract<Job, { phase: P }>> {
  const why = () => {
    const job = api.jobs.get(id);
    const failure = job && failureOf(job);
    return `${job?.phase}${failure ? `: ${failureLabel(failure)}` : ''}`;
  };
  return waitFor(
    `job ${id} to be ${phase} (is ${why()})`,
    () => {
      const job = api.jobs.get(id);
      return job?.phase === phase ? (job as Extract<Job, { phase: P }>) : undefined;
    },
    timeoutMs,
  );
}

/** The Videos view's row of `job`, as VS Code would draw it now. */
export function rowItem(api: SeedanceExtensionApi, job: { id: string }): vscode.TreeItem {
  return api.tree.getTreeItem(api.tree.rowOf(job.id));
}

/** Why a job ended badly, in the words a person reads (English in the test host). */
export function reasonOf(job: Job | undefined): string | undefined {
  const failure = job && failureOf(job);
  return failure && failureLabel(failure);
}

export const workspaceFolder = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;

/**
 * The lenses VS Code shows on a file, as "line: title" (icons left out), or "line: command: title"
 * with `withCommand`.
 */
export async function lensTitles(uri: vscode.Uri, withCommand = false): Promise<string[]> {
  const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return all
    .filter((l) => l.command?.title)
    .map(
      (l) =>
        `${l.range.start.line}: ${withCommand ? `${l.command!.command}: ` : ''}${l.command!.title.replace(/\$\([^)]+\)\s*/g, '')}`,
    );
}

/** A row's tooltip as a person reads it: Markdown escapes and non-breaking spaces undone. */
export function tooltipText(item: vscode.TreeItem): string {
  const md = item.tooltip as vscode.MarkdownString;
  return md.value.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

/** Sets user settings for the suite and puts the previous values back after it. */
export function useSettings(values: Record<string, unknown>, target = vscode.ConfigurationTarget.Global): void {
  const previous = new Map<string, unknown>();
  before(async () => {
    for (const [key, value] of Object.entries(values)) {
      const [section, ...rest] = key.split('.');
      const config = vscode.workspace.getConfiguration(section);
      const name = rest.join('.');
      const inspected = config.inspect(name);
      previous.set(
        key,
        target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue,
      );
      await config.update(name, value, target);
    }
  });
  after(async () => {
    for (const [key, value] of previous) {
      const [section, ...rest] = key.split('.');
      await vscode.workspace.getConfiguration(section).update(rest.join('.'), value, target);
    }
  });
}

/**
 * The usual set-up of a feature suite: the extension activated, a 1 s poll interval (the harness
 * lowers the 5 s floor for test sessions), before each test a known simulator (no faults, tasks
 * done when first polled, the current dialect, its own key) and that key stored, and after it the
 * jobs it started taken off the list. Call it first in a suite, so its afterEach runs before the
 * suite's own (which may remove the folder those jobs write into).
 */
export function useExtension(): { readonly api: SeedanceExtensionApi } {
  const holder = {} as { api: SeedanceExtensionApi };
  let listed = new Set<string>();
  before(async () => {
    holder.api = await activateExtension();
  });
  useSettings({ 'seedance.pollIntervalSeconds': 1 });
  // The jobs a test starts go with it (before its own afterEach removes its folder).
  afterEach(() => removeJobsSince(holder.api, listed));
  beforeEach(async () => {
    listed = new Set(holder.api.jobs.all().map((j) => j.id));
    await sim.clearFaults();
    await sim.config({
      pace: 'instant',
      urlTtlSeconds: 3600,
      dialect: 'current',
      key: sim.key,
      linkIn: 'video_url',
      contentRedirect: false,
      resolvedModel: false,
      maxRunning: null,
    });
    await vscode.commands.executeCommand('seedance.setApiKey', sim.key);
    await sim.clearRequests();
  });
  return holder;
}
