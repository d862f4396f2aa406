// Reading the extension's settings (and VS Code's proxy settings) in one place.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import { ModelCatalog, type ModelInfo, type Resolution, type Size, parseCustomModels } from '../api/models';
import { LOOPBACK_HOSTS } from '../api/transport';

/** Settings whose change rebuilds the API client. */
export const CLIENT_SETTINGS = ['seedance.baseUrl', 'http.proxy', 'http.noProxy'];

const seedance = (scope?: vscode.Uri) => vscode.workspace.getConfiguration('seedance', scope);

/**
 * The API origin. Application-scoped and read from user settings only, so a workspace's
 * settings can never redirect the key to another server.
 */
export function baseUrl(): string {
  const inspected = seedance().inspect<string>('baseUrl');
  return inspected?.globalValue?.trim() || DEFAULT_BASE_URL;
}

/** VS Code's own proxy settings, passed to the client's dispatcher. */
export function proxySettings(): { proxy?: string; noProxy?: string } {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy')?.trim() || undefined;
  const noProxy = http.get<string[]>('noProxy');
  return { proxy, noProxy: noProxy?.length ? [...noProxy, ...LOOPBACK_HOSTS].join(',') : undefined };
}

/** The person's minimum, 5 s (test sessions may go lower with `seedance.test.minPollSeconds`). */
export const MIN_POLL_SECONDS = 5;

export function pollIntervalMs(): number {
  return Math.max(minPollMs(), seedance().get<number>('pollIntervalSeconds', 10) * 1000);
}

/** The floor under the poll interval: 5 s, unless a test session lowered it (never shown to users). */
export function minPollMs(): number {
  const testFloor = seedance().inspect<number>('test.minPollSeconds')?.globalValue;
  return (typeof testFloor === 'number' && testFloor > 0 ? testFloor : MIN_POLL_SECONDS) * 1000;
}

/** `seedance.adaptivePolling`: polls placed around each job's estimated finish. */
export function adaptivePolling(): boolean {
  return seedance().get<boolean>('adaptivePolling', true);
}

export function jobTimeoutMs(): number {
  return Math.max(0.05, seedance().get<number>('jobTimeoutMinutes', 30)) * 60_000;
}

/** `seedance.outputFolder` for the workspace folder at `scope`. */
export function outputFolderSetting(scope: vscode.Uri): string | undefined {
  return seedance(scope).get<string>('outputFolder')?.trim() || undefined;
}

export interface GenerationDefaults {
  model?: string;
  seconds?: number;
  size?: Size;
  resolution?: Resolution;
}

/** `seedance.defaults.*`: answers fixed in settings skip their quick-pick step. */
export function generationDefaults(): GenerationDefaults {
  const c = vscode.workspace.getConfiguration('seedance.defaults');
  const fixed: GenerationDefaults = {};
  const model = c.get<string | null>('model');
  const seconds = c.get<number | null>('seconds');
  const size = c.get<string | null>('size');
  const resolution = c.get<string | null>('resolution');
  if (model) fixed.model = model;
  if (typeof seconds === 'number') fixed.seconds = seconds;
  if (size) fixed.size = size as Size;
  if (resolution) fixed.resolution = resolution as Resolution;
  return fixed;
}

/** Models added in `seedance.models`, and what was wrong with the entries that were skipped. */
export function customModels(): { models: ModelInfo[]; problems: string[] } {
  return parseCustomModels(seedance().get<unknown>('models'));
}

/**
 * The built-in models plus the valid entries of `seedance.models`, with the prices a person set
 * in `seedance.prices` (which win over the built-in table), as the settings are now.
 */
export function modelCatalog(): ModelCatalog {
  const prices = priceOverrides();
  const base = new ModelCatalog(customModels().models);
  return new ModelCatalog(
    base.all.map((m) => {
      const price = prices[m.id];
      if (price === undefined) return m;
      const perResolution =
        typeof price === 'number' ? Object.fromEntries(m.resolutions.map((r) => [r, price])) : price;
      return { ...m, pricePerSecond: perResolution, priceSource: 'settings' as const };
    }),
  );
}

/** `seedance.prices`: model id → US dollars per second (one number, or one per resolution). */
function priceOverrides(): Record<string, number | Partial<Record<Resolution, number>>> {
  const raw = seedance().get<unknown>('prices');
  if (typeof raw !== 'object' || raw === null) return {};
  const valid = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  const out: Record<string, number | Partial<Record<Resolution, number>>> = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (valid(v)) out[id] = v as number;
    else if (typeof v === 'object' && v !== null) {
      const each = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).filter(
          ([r, n]) => ['480p', '720p', '1080p'].includes(r) && valid(n),
        ),
      );
      if (Object.keys(each).length) out[id] = each;
    }
  }
  return out;
}

/** `seedance.confirmBeforeGenerate`: the summary step before anything is billed (user setting only). */
export function confirmBeforeGenerate(): boolean {
  return seedance().inspect<boolean>('confirmBeforeGenerate')?.globalValue ?? true;
}
