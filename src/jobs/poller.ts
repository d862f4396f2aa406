// One controller polls every unfinished job. It reschedules itself with a timer, polls only while
// some job is unfinished (no timer at all otherwise), keeps one request in flight per job and a
// bound on concurrent requests, slows down while the window is unfocused and catches up when it
// regains focus, backs off on errors and honours Retry-After. Adaptive (the default), each job is
// polled on its own plan around its estimated finish (pollPlan.ts), within the requests fixed
// polling would make; otherwise every job is polled every interval. No `vscode` import: its
// clock, timers and window state are injected, so its schedule is tested exactly.
import { setMaxListeners } from 'node:events';
import { SeedanceApiError, type VideoTask } from '../api';
import { type PollState, allowedAt, nextPollAt } from './pollPlan';

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollerOptions {
  /** Ids of the jobs still rendering, polled in this order. A query: it changes nothing. */
  readonly unfinished: () => readonly string[];
  /** Runs (and is awaited) before each tick reads `unfinished`: overdue jobs time out here. */
  readonly beforeTick?: () => Promise<void> | void;
  readonly retrieve: (id: string, signal: AbortSignal) => Promise<VideoTask>;
  /** A job's fresh state. */
  readonly onTask: (id: string, task: VideoTask) => Promise<void> | void;
  /** A job-specific failure (e.g. task-not-found). Transient ones never fail a job. */
  readonly onJobError: (id: string, error: SeedanceApiError) => Promise<void> | void;
  /** The key was refused: polling pauses until `resume()`. */
  readonly onAuthFailure: (error: SeedanceApiError) => void;
  readonly intervalMs: () => number;
  readonly focused: () => boolean;
  readonly log?: (line: string) => void;
  readonly scheduler?: Scheduler;
  readonly random?: () => number;
  readonly concurrency?: number;
  /** The shortest interval ever used; default MIN_INTERVAL_MS (test sessions go lower). */
  readonly minIntervalMs?: number;
  /** Poll each job around its estimated finish (seedance.adaptivePolling); default off here. */
  readonly adaptive?: () => boolean;
  /** A job's submission time and estimated finish, for the adaptive plan. */
  readonly estimate?: (id: string) => { readonly submittedAt: number; readonly finishAt?: number } | undefined;
  /** The shortest gap between two polls of one job near its finish; default 1 s. */
  readonly minGapMs?: number;
  readonly now?: () => number;
  /**
   * How long a tick waits for its polls before the next is scheduled (default: the interval).
   * A poll still in flight then goes on by itself, and its job is skipped until it answers: one
   * slow reply never holds up the others.
   */
  readonly tickBudgetMs?: number;
}

/** Jobs due within this of a tick are polled in it (timers fire a little early or late). */
const DUE_TOLERANCE_MS = 50;

export const MIN_INTERVAL_MS = 5_000;
/** Unfocused windows poll this many times slower. */
export const UNFOCUSED_FACTOR = 3;
export const MAX_BACKOFF_MS = 5 * 60_000;
export const DEFAULT_CONCURRENCY = 8;
const SCHEDULED_KEPT = 64;

export class Poller {
  readonly #o: PollerOptions;
  readonly #scheduler: Scheduler;
  readonly #random: () => number;
  readonly #concurrency: number;
  #timer: unknown;
  /** When the scheduled tick will run (ms since epoch). */
  #dueAt = 0;
  #ticking = false;
  #again = false;
  #paused = false;
  #disposed = false;
  #errorStreak = 0;
  #abort = new AbortController();
  /** The latest delays scheduled (at most SCHEDULED_KEPT), newest last: for tests and the log. */
  readonly scheduled: number[] = [];
  /** Adaptive: each unfinished job's polls so far and when it is due next. */
  readonly #plans = new Map<string, PollState & { due: number }>();
  /** Jobs whose poll is still under way (possibly from an earlier tick): never polled twice at once. */
  readonly #inFlight = new Set<string>();
  readonly #now: () => number;

  constructor(options: PollerOptions) {
    this.#o = options;
    this.#scheduler = options.scheduler ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.#random = options.random ?? Math.random;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#now = options.now ?? Date.now;
    // One signal ends every request in flight: as many listeners as requests (the concurrency).
    setMaxListeners(Math.max(10, this.#concurrency * 2), this.#abort.signal);
  }

  /** Requests made for a job so far (adaptive), for tests and benchmarks. */
  pollsOf(id: string): number {
    return this.#plans.get(id)?.polls ?? 0;
  }

  get running(): boolean {
    return this.#timer !== undefined || this.#ticking;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** A job was submitted or restored: poll now (or right after the tick under way). */
  poke(): void {
    if (this.#disposed || this.#paused) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  /** The window gained or lost focus. Regaining it catches up soon, with jitter. */
  focusChanged(focused: boolean): void {
    if (!focused || this.#timer === undefined) return;
    const soon = Math.round(this.#random() * 1000);
    const now = this.#now();
    // Adaptive: each job is brought forward too, but never ahead of its request budget.
    for (const plan of this.#plans.values())
      plan.due = Math.min(plan.due, Math.max(now + soon, allowedAt(plan, plan.polls + 1, this.#interval())));
    if (this.#dueAt - now > soon) this.#schedule(soon);
  }

  pause(): void {
    this.#paused = true;
    this.#cancelTimer();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#errorStreak = 0;
    this.poke();
  }

  dispose(): void {
    this.#disposed = true;
    this.#cancelTimer();
    this.#abort.abort();
  }

  #schedule(delay: number): void {
    this.#cancelTimer();
    this.scheduled.push(delay);
    if (this.scheduled.length > SCHEDULED_KEPT) this.scheduled.shift();
    this.#dueAt = this.#now() + delay;
    this.#timer = this.#scheduler.setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, delay);
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#scheduler.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    if (this.#disposed || this.#paused) return;
    this.#ticking = true;
    await this.#o.beforeTick?.();
    this.#ticking = false;
    if (this.#disposed || this.#paused) return;
    const unfinished = this.#o.unfinished();
    if (unfinished.length === 0) {
      this.#again = false;
      this.#plans.clear();
      this.#o.log?.('Polling stopped: no unfinished job');
      return;
    }
    const adaptive = this.#o.adaptive?.() ?? false;
    for (const id of this.#plans.keys()) if (!unfinished.includes(id)) this.#plans.delete(id);
    const tickAt = this.#now();
    // Adaptive: only the jobs whose turn it is (a new one is due at once); fixed: every job.
    const ids = (
      adaptive ? unfinished.filter((id) => (this.#plans.get(id)?.due ?? 0) <= tickAt + DUE_TOLERANCE_MS) : unfinished
    ).filter((id) => !this.#inFlight.has(id));
    this.#ticking = true;
    let retryAfter = 0;
    let transient = false;
    let authFailed: SeedanceApiError | undefined;
    let tickOver = false;
    const queue = [...ids];
    const worker = async () => {
      // Once the tick is over, a worker that was held up takes no new job: the next tick has them.
      for (let id = queue.shift(); id !== undefined && !authFailed && !this.#disposed; id = queue.shift()) {
        if (tickOver) return;
        const polledAt = this.#now();
        this.#inFlight.add(id);
        try {
          await this.#o.onTask(id, await this.#o.retrieve(id, this.#abort.signal));
          if (adaptive) this.#planNext(id, polledAt);
        } catch (err) {
          if (adaptive) this.#planNext(id, polledAt);
          if (!(err instanceof SeedanceApiError)) {
            this.#o.log?.(`Polling ${id}: ${err instanceof Error ? err.message : String(err)}`);
            transient = true;
          } else if (err.kind === 'authentication') {
            authFailed = err;
            // A poll that outlived its tick still pauses polling on a refused key.
            if (tickOver && !this.#paused && !this.#disposed) {
              this.pause();
              this.#o.onAuthFailure(err);
            }
          } else if (err.transient || err.kind === 'protocol') {
            // Never fails a job: the next poll may well succeed.
            transient = true;
            retryAfter = Math.max(retryAfter, err.retryAfterMs ?? 0);
            this.#o.log?.(`Polling ${id}: ${err.message}`);
          } else if (err.kind !== 'aborted') {
            await this.#o.onJobError(id, err);
          }
        } finally {
          this.#inFlight.delete(id);
        }
      }
    };
    // Workers only for the free places: polls still in flight from an earlier tick hold theirs.
    const workers = Math.min(Math.max(0, this.#concurrency - this.#inFlight.size), ids.length);
    await this.#within(Promise.all(Array.from({ length: workers }, worker)), this.#o.tickBudgetMs ?? this.#interval());
    tickOver = true;
    this.#ticking = false;
    if (this.#disposed) return;
    if (authFailed) {
      this.pause();
      this.#o.onAuthFailure(authFailed);
      return;
    }
    this.#errorStreak = transient ? this.#errorStreak + 1 : 0;
    if (this.#again) {
      this.#again = false;
      this.#schedule(0);
      return;
    }
    const left = this.#o.unfinished();
    if (left.length === 0) {
      this.#plans.clear();
      this.#o.log?.('Polling stopped: every job has finished');
    } else if (adaptive) {
      this.#schedule(this.#nextAdaptiveDelay(left, retryAfter));
    } else {
      this.#schedule(this.#nextDelay(retryAfter));
    }
  }

  /** Waits for `work`, but no longer than `ms`: a poll still under way goes on by itself. */
  async #within(work: Promise<unknown>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      work.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms))),
    ]);
    clearTimeout(timer);
    if (late) this.#o.log?.(`A poll is taking longer than ${Math.round(ms / 1000)} s; the other jobs go on without it`);
  }

  /** The person's interval, floored. */
  #interval(): number {
    return Math.max(this.#o.minIntervalMs ?? MIN_INTERVAL_MS, this.#o.intervalMs());
  }

  /** After a poll of `id` made at `at`: its next turn, from its plan. */
  #planNext(id: string, at: number): void {
    const before = this.#plans.get(id);
    const state: PollState = before
      ? { firstAt: before.firstAt, polls: before.polls + 1, lastAt: at, lastGap: before.lastGap }
      : { firstAt: at, polls: 1, lastAt: at, lastGap: 0 };
    const interval = this.#interval();
    const estimate = this.#o.estimate?.(id);
    const { at: due, gap } = nextPollAt(state, {
      now: this.#now(),
      intervalMs: interval,
      currentIntervalMs: this.#o.focused() ? interval : interval * UNFOCUSED_FACTOR,
      minGapMs: this.#o.minGapMs ?? 1_000,
      submittedAt: estimate?.submittedAt ?? state.firstAt,
      finishAt: estimate?.finishAt,
    });
    this.#plans.set(id, { ...state, lastGap: gap, due });
  }

  /** Until the earliest job is due; errors and Retry-After push every job back alike. */
  #nextAdaptiveDelay(ids: readonly string[], retryAfter: number): number {
    const now = this.#now();
    const earliest = Math.min(...ids.map((id) => this.#plans.get(id)?.due ?? now));
    let delay = Math.max(0, earliest - now);
    if (this.#errorStreak > 0)
      delay = Math.max(delay, Math.min(MAX_BACKOFF_MS, this.#interval() * 2 ** this.#errorStreak));
    delay = Math.max(delay, retryAfter);
    if (delay > 0) for (const plan of this.#plans.values()) plan.due = Math.max(plan.due, now + delay);
    return Math.round(delay);
  }

  #nextDelay(retryAfter: number): number {
    const interval = this.#interval();
    let delay = this.#o.focused() ? interval : interval * UNFOCUSED_FACTOR;
    if (this.#errorStreak > 0) delay = Math.min(MAX_BACKOFF_MS, delay * 2 ** this.#errorStreak);
    delay = Math.max(delay, retryAfter);
    // Up to 10% jitter, so windows and machines do not poll in lockstep.
    return Math.round(delay * (1 + 0.1 * this.#random()));
  }
}
