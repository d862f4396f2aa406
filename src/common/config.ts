// Reading the extension's settings (and VS Code's proxy settings) in one place.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import {
  type ModelCatalog,
  type ModelInfo,
  type Resolution,
  type SizeAnswer,
  isResolution,
  isSizeAnswer,
  parseCustomModels,
} from '../api/models';
import { LOOPBACK_HOSTS } from '../api/transport';
import { t } from '../api/i18n';
import { parsePriceOverrides, pricedCatalog } from '../pricing/prices';
import { hasControlCharacters } from './text';

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

/** `seedance.pollIntervalSeconds`, bounded (a value that is not a number reads as the default). */
export function pollIntervalMs(): number {
  return Math.max(minPollMs(), bounded(seedance().get<unknown>('pollIntervalSeconds'), 0, 3600, 10) * 1000);
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

/**
 * `seedance.jobTimeoutMinutes`, from user settings only: a repository's settings could otherwise
 * time every job out at once.
 */
export function jobTimeoutMs(): number {
  return bounded(seedance().inspect<unknown>('jobTimeoutMinutes')?.globalValue, 0.05, 24 * 60, 30) * 60_000;
}

/**
 * `seedance.maxConcurrentJobs`: how many jobs may be in the provider's hands at once (the account's
 * limit; more wait here as "Waiting to send"). From user settings only: a repository cannot raise it.
 */
export function maxConcurrentJobs(): number {
  return Math.round(bounded(seedance().inspect<unknown>('maxConcurrentJobs')?.globalValue, 1, 100, 3));
}

/**
 * `seedance.maxFolderVideos`: how many videos a videos folder lists (the newest). From user settings
 * only: a repository of a million files cannot make the window read them all.
 */
export function maxFolderVideos(): number {
  return Math.round(bounded(seedance().inspect<unknown>('maxFolderVideos')?.globalValue, 100, 1_000_000, 10_000));
}

/** `seedance.maxDownloadMB` (machine scope: a repository cannot raise it), in bytes. */
export function maxDownloadBytes(): number {
  return bounded(seedance().get<unknown>('maxDownloadMB'), 1, 65_536, 2048) * 1024 * 1024;
}

/** A number setting kept within [min, max]; anything that is not a number reads as `fallback`. */
function bounded(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** `seedance.outputFolder` for the workspace folder at `scope`. Throws on control characters. */
export function outputFolderSetting(scope: vscode.Uri): string | undefined {
  const value = seedance(scope).get<unknown>('outputFolder');
  if (typeof value !== 'string') return undefined;
  // A line break would become a line of its own in the list of clips ffmpeg reads.
  if (hasControlCharacters(value))
    throw new Error(`seedance.outputFolder must be a folder name without line breaks or control characters`);
  return value.trim() || undefined;
}

/** Whether the workspace is trusted (Restricted Mode is off): scripts may send and write. */
export function workspaceTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** `seedance.script.linkVideos`: only in a trusted workspace, since it edits and saves files of the repository. */
export function linkVideos(scope?: vscode.Uri): boolean {
  return (
    workspaceTrusted() &&
    vscode.workspace.getConfiguration('seedance.script', scope).get<boolean>('linkVideos') === true
  );
}

/** `seedance.script.codeLens`: which Markdown files get scene lenses. */
export function scriptLensMode(scope?: vscode.Uri): 'scripts' | 'allMarkdown' | 'off' {
  const mode = vscode.workspace.getConfiguration('seedance.script', scope).get<unknown>('codeLens');
  return mode === 'allMarkdown' || mode === 'off' ? mode : 'scripts';
}

/**
 * Where a machine-scoped setting such as `seedance.ffmpegPath` is read from: the Remote settings
 * in a remote or browser window (its User settings are ignored there), else the User settings.
 */
export function machineSettingsPlace(): string {
  return vscode.env.remoteName || vscode.env.uiKind === vscode.UIKind.Web
    ? t('Remote settings (Preferences: Open Remote Settings)')
    : t('User settings');
}

/** `seedance.ffmpegPath` (machine scope). */
export function ffmpegPathSetting(): string | undefined {
  const value = seedance().get<unknown>('ffmpegPath');
  return typeof value === 'string' && value.trim() && !hasControlCharacters(value) ? value.trim() : undefined;
}

export interface GenerationDefaults {
  model?: string;
  seconds?: number;
  size?: SizeAnswer;
  resolution?: Resolution;
}

/** `seedance.defaults.*`: answers fixed in settings skip their quick-pick step. */
export function generationDefaults(): GenerationDefaults {
  const c = vscode.workspace.getConfiguration('seedance.defaults');
  const fixed: GenerationDefaults = {};
  const model = c.get<unknown>('model');
  const seconds = c.get<unknown>('seconds');
  const size = c.get<unknown>('size');
  const resolution = c.get<unknown>('resolution');
  // Parsed, never cast: a value that is not one of the allowed ones is as good as unset.
  if (typeof model === 'string' && model.trim()) fixed.model = model.trim();
  if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 && seconds <= 600)
    fixed.seconds = seconds;
  if (isSizeAnswer(size)) fixed.size = size;
  if (isResolution(resolution)) fixed.resolution = resolution;
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
  return pricedCatalog(customModels().models, parsePriceOverrides(seedance().get<unknown>('prices')));
}

/**
 * A page of the provider's web console, on the API's own host (the gateway serves both):
 * `topup` (the account's balance) or `token` (API keys and their limits).
 */
export function providerConsole(page: 'topup' | 'token'): string {
  return `${new URL(baseUrl()).origin}/console/${page}`;
}

/** `seedance.confirmBeforeGenerate`: the summary step before anything is billed (user setting only). */
export function confirmBeforeGenerate(): boolean {
  return seedance().inspect<boolean>('confirmBeforeGenerate')?.globalValue ?? true;
}
