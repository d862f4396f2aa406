// The MCP server's settings, from its environment (an agent's configuration, or VS Code's
// definition provider): the key and base URL, the root folder videos and images live in, added
// models, prices and the budgets. Read once at start; a bad value stops the server with a line
// that names it (stderr), never a guess.
import { readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BASE_URL, type ModelInfo, parseBaseUrl, parseCustomModels } from '../api';
import { type PerSecond, parsePriceOverrides } from '../pricing/prices';

export interface McpConfig {
  /** COMETAPI_KEY; without it the read-only tools still work and generate_video says what to set. */
  readonly key?: string;
  readonly baseUrl: string;
  /** The folder (real path) images must lie in and videos are saved under. */
  readonly root: string;
  /** Inside `root`: where videos go (the extension's seedance.outputFolder default). */
  readonly outputFolder: string;
  readonly models: readonly ModelInfo[];
  readonly prices: Record<string, PerSecond>;
  /** Problems of SEEDANCE_MODELS / SEEDANCE_PRICES entries that were skipped (logged). */
  readonly problems: readonly string[];
  /** Refuses a call whose estimate is above this, before sending. */
  readonly maxUsdPerCall?: number;
  /** Refuses a call that would take today's estimated spend above this, before sending. */
  readonly maxUsdPerDay?: number;
  /** Where the server keeps its jobs and today's spend between runs. */
  readonly stateDir: string;
  /** How long the person has to answer a confirmation (SEEDANCE_CONFIRM_MINUTES, 10 by default). */
  readonly confirmMs: number;
  /** Jobs in the provider's hands at once, across every server on the root (SEEDANCE_MAX_CONCURRENT_JOBS, 3). */
  readonly maxConcurrent: number;
}

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

export function readConfig(env: Env, cwd: string): McpConfig {
  const problems: string[] = [];
  const baseUrl = env.COMETAPI_BASE_URL?.trim() || DEFAULT_BASE_URL;
  try {
    parseBaseUrl(baseUrl);
  } catch (err) {
    throw new ConfigError(`COMETAPI_BASE_URL: ${(err as Error).message}`);
  }
  const rootSetting = env.SEEDANCE_ROOT?.trim() || cwd;
  let root: string;
  try {
    root = realpathSync(rootSetting);
  } catch {
    throw new ConfigError(`SEEDANCE_ROOT: no folder at ${rootSetting}`);
  }
  const models = parseCustomModels(jsonSetting(env.SEEDANCE_MODELS, 'SEEDANCE_MODELS') ?? []);
  problems.push(...models.problems.map((p) => `SEEDANCE_MODELS: ${p}`));
  const prices = parsePriceOverrides(jsonSetting(env.SEEDANCE_PRICES, 'SEEDANCE_PRICES') ?? {});
  return {
    ...(env.COMETAPI_KEY?.trim() && { key: env.COMETAPI_KEY.trim() }),
    baseUrl,
    root,
    outputFolder: env.SEEDANCE_OUTPUT_FOLDER?.trim() || 'videos',
    models: models.models,
    prices,
    problems,
    ...optionalUsd(env, 'SEEDANCE_MAX_USD_PER_CALL', 'maxUsdPerCall'),
    ...optionalUsd(env, 'SEEDANCE_MAX_USD_PER_DAY', 'maxUsdPerDay'),
    stateDir:
      env.SEEDANCE_STATE_DIR?.trim() ||
      join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'seedance-video'),
    confirmMs: confirmMinutes(env.SEEDANCE_CONFIRM_MINUTES) * 60_000,
    maxConcurrent: maxConcurrent(env.SEEDANCE_MAX_CONCURRENT_JOBS),
  };
}

/** A JSON value given inline, or the path of a JSON file. */
function jsonSetting(raw: string | undefined, name: string): unknown {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    return JSON.parse(value.startsWith('[') || value.startsWith('{') ? value : readFileSync(value, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${name}: neither JSON nor a readable JSON file (${(err as Error).message})`);
  }
}

function optionalUsd<K extends string>(env: Env, name: string, key: K): Partial<Record<K, number>> {
  const raw = env[name]?.trim();
  if (!raw) return {};
  const usd = Number(raw);
  if (!Number.isFinite(usd) || usd < 0)
    throw new ConfigError(`${name}: a number of US dollars, 0 or more (got "${raw}")`);
  return { [key]: usd } as Partial<Record<K, number>>;
}

/** Minutes a person may take to read and answer a confirmation: 10 unless set, at most a day. */
function confirmMinutes(raw: string | undefined): number {
  const text = raw?.trim();
  if (!text) return 10;
  const minutes = Number(text);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)
    throw new ConfigError(`SEEDANCE_CONFIRM_MINUTES: a number of minutes above 0 and at most 1440 (got "${text}")`);
  return minutes;
}

/** Jobs the account renders at once: 3 unless set (BytePlus: 3 for individual accounts, 10 for enterprise). */
function maxConcurrent(raw: string | undefined): number {
  const text = raw?.trim();
  if (!text) return 3;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new ConfigError(`SEEDANCE_MAX_CONCURRENT_JOBS: a whole number from 1 to 100 (got "${text}")`);
  return n;
}
