// What the extension keeps besides the jobs (storedJobs.ts) and the spend (pricing/), parsed on load,
// never trusted: the render-time history, the last answers of the flow and the draft prompt.
// Yesterday's state may come from another version, or be damaged: what cannot be read is dropped
// with one line naming it, and the rest is kept. No `vscode`: unit-tested in plain Node.
import * as z from 'zod/mini';
import { RESOLUTIONS, type Resolution, SIZES, type Size, exactSize } from '../api/models';
import { HISTORY_PER_KIND, type History, MAX_ESTIMATE_MS } from './finishEstimate';

export type Report = (line: string) => void;

/** globalState: how long earlier jobs took. */
export const HISTORY_KEY = 'seedance.renderTimes.v1';

/** The stored render times, parsed: a kind whose times are not a list of positive numbers is dropped. */
export function readHistory(value: unknown, report: Report): History {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(`Dropped the stored render times: they were not readable (${HISTORY_KEY})`);
    return {};
  }
  const times = z.array(z.number().check(z.positive(), z.lte(MAX_ESTIMATE_MS)));
  const history: History = {};
  const dropped: string[] = [];
  for (const [kind, durations] of Object.entries(value)) {
    const parsed = times.safeParse(durations);
    if (parsed.success) history[kind] = parsed.data.slice(-HISTORY_PER_KIND);
    else dropped.push(kind);
  }
  if (dropped.length) report(`Dropped unreadable stored render times of: ${dropped.slice(0, 10).join(', ')}`);
  return history;
}

/** The answers of the flow remembered for next time (globalState `seedance.lastChoices`). */
export interface StoredChoices {
  model?: string;
  seconds?: number;
  size?: Size;
  resolution?: Resolution;
}

/** The remembered answers, each parsed on its own: one that is not a valid answer is forgotten. */
export function readChoices(value: unknown, report: Report): StoredChoices {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report('Dropped the remembered answers of Generate Video: they were not readable');
    return {};
  }
  const v = value as Record<string, unknown>;
  const out: StoredChoices = {};
  const dropped: string[] = [];
  const take = <K extends keyof StoredChoices>(key: K, ok: (x: unknown) => boolean) => {
    if (v[key] === undefined) return;
    if (ok(v[key])) out[key] = v[key] as StoredChoices[K];
    else dropped.push(key);
  };
  take('model', (x) => typeof x === 'string' && /^[A-Za-z0-9._:/-]{1,100}$/.test(x));
  take('seconds', (x) => typeof x === 'number' && Number.isInteger(x) && x > 0 && x <= 600);
  take('size', (x) => typeof x === 'string' && ((SIZES as readonly string[]).includes(x) || Boolean(exactSize(x))));
  take('resolution', (x) => typeof x === 'string' && (RESOLUTIONS as readonly string[]).includes(x));
  if (dropped.length) report(`Dropped unreadable remembered answers: ${dropped.join(', ')}`);
  return out;
}

/** The draft prompt (workspaceState `seedance.draftPrompt`): text, or nothing. */
export function readDraft(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.slice(0, 100_000) : undefined;
}
