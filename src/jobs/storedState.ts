// What the extension keeps besides the jobs (storedJobs.ts), parsed on load, never trusted: this
// month's spend, the render-time history, the last answers of the flow and the draft prompt.
// Yesterday's state may come from another version, or be damaged: what cannot be read is dropped
// with one line naming it, and the rest is kept. No `vscode`: unit-tested in plain Node.
import * as z from 'zod/mini';
import { RESOLUTIONS, type Resolution, SIZES, type Size, exactSize } from '../api/models';
import { HISTORY_PER_KIND, type History, MAX_ESTIMATE_MS } from './finishTime';

export type Report = (line: string) => void;

/** globalState: this month's spend (per account, not per workspace). */
export const SPEND_KEY = 'seedance.spend.v1';
/** globalState: how long earlier jobs took. */
export const HISTORY_KEY = 'seedance.renderTimes.v1';

export interface StoredSpend {
  /** `YYYY-MM` (local time). */
  month: string;
  /** Job id → estimated US dollars, or null when the price was unknown. */
  jobs: Record<string, number | null>;
}

const spendShape = z.object({
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  jobs: z.record(z.string(), z.unknown()),
});

/** The stored month, parsed: amounts that are not a non-negative number (or null) are left out. */
export function readSpend(value: unknown, report: Report): StoredSpend {
  if (value === undefined) return { month: '', jobs: {} };
  const parsed = spendShape.safeParse(value);
  if (!parsed.success) {
    report(`Dropped this month's stored spend: it was not readable (${SPEND_KEY})`);
    return { month: '', jobs: {} };
  }
  const jobs: Record<string, number | null> = {};
  const dropped: string[] = [];
  for (const [id, usd] of Object.entries(parsed.data.jobs)) {
    if (usd === null || (typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) jobs[id] = usd;
    else dropped.push(id);
  }
  if (dropped.length)
    report(`Dropped unreadable stored spend of ${dropped.length} job(s): ${dropped.slice(0, 10).join(', ')}`);
  return { month: parsed.data.month, jobs };
}

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
