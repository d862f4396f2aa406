// This month's spend as stored in globalState, parsed on load, never trusted (another version or
// damage may have written it): amounts that cannot be read are dropped with one line naming them.
import * as z from 'zod/mini';

/** globalState: this month's spend (per account, not per workspace). */
export const SPEND_KEY = 'seedance.spend.v1';

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
export function readSpend(value: unknown, report: (line: string) => void): StoredSpend {
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
