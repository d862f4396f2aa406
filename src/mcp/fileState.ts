// The MCP server's memory between runs, in one JSON file per root folder (an agent's client may
// start a server per call): the jobs it submitted, still to finish and download, and today's
// estimated spend. Written whole to a temporary file, then renamed; a file that cannot be read
// is started afresh with a line saying so (parsed as untrusted, like every stored state).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Memento } from '../jobs/jobStore';

export class FileState implements Memento {
  readonly path: string;
  readonly #values: Record<string, unknown>;

  constructor(dir: string, root: string, report: (line: string) => void) {
    const name = createHash('sha256').update(root).digest('hex').slice(0, 16);
    this.path = join(dir, `mcp-${name}.json`);
    this.#values = read(this.path, report);
  }

  keys(): readonly string[] {
    return Object.keys(this.#values);
  }

  get<T>(key: string): T | undefined {
    return this.#values[key] as T | undefined;
  }

  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) delete this.#values[key];
    else this.#values[key] = JSON.parse(JSON.stringify(value));
    mkdirSync(join(this.path, '..'), { recursive: true });
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(this.#values), { flag: 'wx' });
      renameSync(temp, this.path);
    } catch (err) {
      rmSync(temp, { force: true });
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return Promise.resolve();
  }
}

function read(path: string, report: (line: string) => void): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  report(`Ignored ${path}: it is not the server's state (started afresh)`);
  return {};
}

const DAY_KEY = 'spend.day';

/** Today's estimated spend (UTC day), for SEEDANCE_MAX_USD_PER_DAY. */
export function spentToday(state: Memento, now = new Date()): number {
  const stored = state.get<{ day?: unknown; usd?: unknown }>(DAY_KEY);
  return stored?.day === dayOf(now) && typeof stored.usd === 'number' && Number.isFinite(stored.usd) ? stored.usd : 0;
}

export async function addSpend(state: Memento, usd: number, now = new Date()): Promise<void> {
  await state.update(DAY_KEY, { day: dayOf(now), usd: spentToday(state, now) + usd });
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
