// This month's estimated spend: what each job submitted this month was estimated to cost when the
// person confirmed it. Kept in globalState (spend is per account, not per workspace), bounded to
// the current month.
import * as vscode from 'vscode';
import type { CostEstimate } from './estimate';
import { SPEND_KEY, type StoredSpend, readSpend } from './storedSpend';

export interface MonthSpend {
  readonly month: string;
  readonly usd: number;
  /** Jobs with no known price (not counted in `usd`). */
  readonly unpriced: number;
  readonly jobs: number;
}

export class SpendLedger implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly report: (line: string) => void = () => undefined,
  ) {
    this.#read(true);
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }

  async record(taskId: string, cost: CostEstimate, now = new Date()): Promise<void> {
    const month = monthOf(now);
    const stored = this.#read();
    const jobs = stored.month === month ? { ...stored.jobs } : {};
    jobs[taskId] = cost.usd ?? null;
    await this.memento.update(SPEND_KEY, { month, jobs } satisfies StoredSpend);
    this.#onDidChange.fire();
  }

  /** Takes back the estimate of a job that was never sent (cancelled while it waited, refused). */
  async forget(id: string): Promise<void> {
    const stored = this.#read();
    if (!Object.hasOwn(stored.jobs, id)) return;
    const jobs = Object.fromEntries(Object.entries(stored.jobs).filter(([k]) => k !== id));
    await this.memento.update(SPEND_KEY, { month: stored.month, jobs } satisfies StoredSpend);
    this.#onDidChange.fire();
  }

  thisMonth(now = new Date()): MonthSpend {
    const month = monthOf(now);
    const stored = this.#read();
    const values = stored.month === month ? Object.values(stored.jobs) : [];
    return {
      month,
      usd: values.reduce<number>((sum, v) => sum + (v ?? 0), 0),
      unpriced: values.filter((v) => v === null).length,
      jobs: values.length,
    };
  }

  #read(reportDrops = false): StoredSpend {
    return readSpend(this.memento.get<unknown>(SPEND_KEY), reportDrops ? this.report : () => undefined);
  }
}

function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
