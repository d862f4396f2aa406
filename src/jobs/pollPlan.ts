// When to ask about a job next, placed around its estimated finish. Far from it, no more often
// than the person's interval (up to three times as far apart, to save requests); around it, close
// together, so the video is seen soon after it is ready; after it has passed, at the same pace
// while requests are left over, then backing off. (Tuned with `npm run bench`'s seeded jobs.) Whatever
// happens, a job never gets more GETs than fixed polling at the person's interval would have made
// by the same moment: the n-th poll is never before firstAt + (n-1) × interval.

/** The window around the estimate: this share of the job's expected length on either side. */
const SPREAD = 0.15;
/** Far from the window, polls up to this many intervals apart. */
const FAR = 3;

export interface PollState {
  /** When the job was first polled (fixed polling's clock starts there). */
  readonly firstAt: number;
  /** Polls made so far. */
  readonly polls: number;
  readonly lastAt: number;
  /** The gap chosen after the previous poll (backing off after the estimate). */
  readonly lastGap: number;
}

export interface PlanInput {
  readonly now: number;
  /** The person's interval: the budget is fixed polling at this interval. */
  readonly intervalMs: number;
  /** The interval in effect now (slower while the window is in the background). */
  readonly currentIntervalMs: number;
  /** The shortest gap between two polls of one job. */
  readonly minGapMs: number;
  readonly submittedAt: number;
  /** Estimated finish (ms since the epoch), if there is one. */
  readonly finishAt?: number;
}

/** The earliest moment poll number `n` (1-based) may happen and stay within the budget. */
export function allowedAt(state: Pick<PollState, 'firstAt'>, n: number, intervalMs: number): number {
  return state.firstAt + (n - 1) * intervalMs;
}

/** When to poll next (ms since the epoch), and the gap that implies. */
export function nextPollAt(state: PollState, p: PlanInput): { at: number; gap: number } {
  const budget = allowedAt(state, state.polls + 1, p.intervalMs);
  const fixed = p.now + p.currentIntervalMs;
  if (p.finishAt === undefined) return done(Math.max(fixed, budget), p.now);
  // The window the finish probably falls in: wider for longer jobs.
  const spread = Math.max(2 * p.minGapMs, SPREAD * Math.max(0, p.finishAt - p.submittedAt));
  const opens = p.finishAt - spread;
  const closes = p.finishAt + spread;
  let at: number;
  let gap: number | undefined;
  if (p.now < opens) {
    // Far: no more often than the interval (up to FAR times apart, banking requests for the
    // window), never past the window's start.
    at = Math.min(p.now + FAR * p.currentIntervalMs, Math.max(opens, fixed));
  } else if (p.now <= closes) {
    // Around the finish: the requests the budget will allow by the window's end, spread evenly.
    const credits = Math.floor((closes - state.firstAt) / p.intervalMs) + 1 - state.polls;
    gap = Math.max(p.minGapMs, (closes - p.now) / Math.max(1, credits));
    at = p.now + gap;
  } else {
    // Past it: the same pace while requests are left over (a late finish is still likely close),
    // then backing off, doubling, never slower than the interval.
    const spare = Math.floor((p.now - state.firstAt) / p.intervalMs) + 1 - state.polls;
    gap =
      spare > 0
        ? Math.max(p.minGapMs, state.lastGap)
        : Math.min(p.currentIntervalMs, Math.max(2 * p.minGapMs, 2 * state.lastGap));
    at = p.now + gap;
  }
  return done(Math.max(at, budget), p.now, gap);
}

function done(at: number, now: number, gap?: number): { at: number; gap: number } {
  return { at, gap: gap ?? at - now };
}
