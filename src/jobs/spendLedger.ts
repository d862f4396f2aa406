// This month's estimated spend: what each job confirmed this month was estimated to cost (a job
// waiting to be sent counts from the moment it was confirmed). Spend is per account, not per
// workspace, so it is one file in the profile's storage shared by every window: each record is
// made under the file's lock and merged with what other windows wrote (lockedFile.ts), so two
// windows recording at the same moment both count. Earlier versions kept it in globalState: that
// is merged in once and cleared.
import { Emitter } from '../common/emitter';
import { LockedFile } from '../common/lockedFile';
import type { CostEstimate } from '../pricing/estimate';
import { SPEND_KEY, type StoredSpend, readSpend } from './storedSpend';

export interface MonthSpend {
  readonly month: string;
  readonly usd: number;
  /** Jobs with no known price (not counted in `usd`). */
  readonly unpriced: number;
  readonly jobs: number;
}

/** Where earlier versions kept the spend (globalState). */
export interface LegacySpend {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export class SpendLedger {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #file: LockedFile;
  readonly #report: (line: string) => void;
  /** An earlier version's spend, counted until it is merged into the file. */
  #legacy: StoredSpend | undefined;
  /** The spend as this window last read it. */
  #spend: StoredSpend;
  readonly ready: Promise<void>;

  constructor(path: string, legacy: LegacySpend | undefined, report: (line: string) => void = () => undefined) {
    this.#report = report;
    this.#file = new LockedFile(path, report);
    this.#spend = readSpend(this.#file.values[SPEND_KEY], report);
    const old = legacy?.get<unknown>(SPEND_KEY);
    this.#legacy = old === undefined ? undefined : readSpend(old, report);
    this.ready = this.#legacy ? this.#migrate(legacy!) : Promise.resolve();
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }

  record(id: string, cost: CostEstimate, now = new Date()): Promise<void> {
    const month = monthOf(now);
    return this.#change((stored) => {
      const jobs = stored.month === month ? stored.jobs : {};
      jobs[id] = cost.usd ?? null;
      return { month, jobs };
    });
  }

  /** Takes back the estimate of a job that was never sent (cancelled while it waited, refused). */
  forget(id: string): Promise<void> {
    return this.#change((stored) => {
      delete stored.jobs[id];
      return stored;
    });
  }

  /** Reads what other windows recorded meanwhile (the window came to the front). */
  refresh(): void {
    const before = JSON.stringify(this.#spend);
    this.#spend = readSpend(this.#file.reread()[SPEND_KEY], () => undefined);
    if (JSON.stringify(this.#spend) !== before) this.#onDidChange.fire();
  }

  thisMonth(now = new Date()): MonthSpend {
    const month = monthOf(now);
    const jobs = { ...this.#legacyOf(month), ...(this.#spend.month === month ? this.#spend.jobs : {}) };
    const values = Object.values(jobs);
    return {
      month,
      usd: values.reduce<number>((sum, v) => sum + (v ?? 0), 0),
      unpriced: values.filter((v) => v === null).length,
      jobs: values.length,
    };
  }

  #legacyOf(month: string): StoredSpend['jobs'] {
    return this.#legacy?.month === month ? this.#legacy.jobs : {};
  }

  async #change(edit: (stored: StoredSpend) => StoredSpend): Promise<void> {
    await this.ready;
    await this.#file.change((disk) => {
      // What cannot be read was named once, when the window opened; it is dropped here quietly.
      const stored = readSpend(disk[SPEND_KEY], () => undefined);
      disk[SPEND_KEY] = this.#spend = edit({ month: stored.month, jobs: { ...stored.jobs } });
    });
    this.#onDidChange.fire();
  }

  /** Moves an earlier version's month into the shared file (entries already there win). */
  async #migrate(legacy: LegacySpend): Promise<void> {
    const old = this.#legacy!;
    try {
      await this.#file.change((disk) => {
        const stored = readSpend(disk[SPEND_KEY], this.#report);
        if (old.month && old.month >= stored.month) {
          const jobs = old.month === stored.month ? { ...old.jobs, ...stored.jobs } : { ...old.jobs };
          disk[SPEND_KEY] = this.#spend = { month: old.month, jobs };
        }
      });
      await legacy.update(SPEND_KEY, undefined);
      this.#legacy = undefined;
    } catch (err) {
      this.#report(`This month's spend stays where an earlier version kept it: ${String(err)}`);
    }
  }
}

function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
