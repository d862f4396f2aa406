// Today's spend across every MCP server on one root, held like a card payment: a call's estimate
// is reserved (a hold) under the state file's lock before the person is asked, then either added
// to the day's spend once the job is sent or released when nothing was. Two servers can never
// both take the last dollar: the second sees the first's hold. A hold whose process died before
// settling it lapses after `HOLD_MS`.
import { randomBytes } from 'node:crypto';

/**
 * Values several processes share, changed under a lock: `change` sees them as they are now (the
 * MCP servers' state file, mcp/fileState.ts, is one). The budget's rule needs nothing more.
 */
export interface SharedValues {
  /** A value as last read. */
  get<T>(key: string): T | undefined;
  transact<T>(change: (values: Record<string, unknown>) => T): Promise<T>;
}

const DAY_KEY = 'spend.day';

interface Hold {
  readonly usd: number;
  /** When it lapses (ms since the epoch). */
  readonly until: number;
}

interface Day {
  readonly day: string;
  readonly usd: number;
  readonly holds: Record<string, Hold>;
}

export type Reservation =
  | { readonly ok: true; readonly hold: string }
  | { readonly ok: false; /** Spent and held today already. */ readonly committed: number };

/** Reserves `usd` if today's spend and holds leave room under `max` (none: always). */
export function reserve(
  state: SharedValues,
  usd: number,
  max: number | undefined,
  holdMs: number,
  now = Date.now(),
): Promise<Reservation> {
  return state.transact((values) => {
    const today = readDay(values[DAY_KEY], now);
    const committed = today.usd + Object.values(today.holds).reduce((sum, h) => sum + h.usd, 0);
    // A nano-dollar of slack: $0.40 + $0.40 is exactly a budget of $0.80, whatever floating point says.
    if (max !== undefined && committed + usd > max + 1e-9) return { ok: false, committed } as const;
    const hold = randomBytes(8).toString('hex');
    values[DAY_KEY] = { ...today, holds: { ...today.holds, [hold]: { usd, until: now + holdMs } } } satisfies Day;
    return { ok: true, hold } as const;
  });
}

/** Ends a hold: its amount is added to today's spend when the job was sent, released when not. */
export function settle(state: SharedValues, hold: string, sent: boolean, now = Date.now()): Promise<void> {
  return state.transact((values) => {
    const today = readDay(values[DAY_KEY], now);
    const held = Object.hasOwn(today.holds, hold) ? today.holds[hold] : undefined;
    const holds = Object.fromEntries(Object.entries(today.holds).filter(([id]) => id !== hold));
    values[DAY_KEY] = { ...today, usd: today.usd + (sent && held ? held.usd : 0), holds } satisfies Day;
  });
}

/** Today's estimated spend (UTC day), without holds. */
export function spentToday(state: SharedValues, now = Date.now()): number {
  return readDay(state.get(DAY_KEY), now).usd;
}

/** The stored day, parsed as untrusted: another day, a negative or unreadable amount counts as nothing. */
function readDay(stored: unknown, now: number): Day {
  const day = dayOf(now);
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof Day, unknown>>;
  if (value.day !== day) return { day, usd: 0, holds: {} };
  const holds: Record<string, Hold> = {};
  if (typeof value.holds === 'object' && value.holds !== null)
    for (const [id, h] of Object.entries(value.holds as Record<string, unknown>)) {
      const { usd, until } = (h ?? {}) as Partial<Record<keyof Hold, unknown>>;
      if (isAmount(usd) && typeof until === 'number' && until > now) holds[id] = { usd, until };
    }
  return { day, usd: isAmount(value.usd) ? value.usd : 0, holds };
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
