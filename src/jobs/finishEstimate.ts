// When will a rendering job probably be done? Two witnesses, both pure arithmetic here:
// - the job's own progress over time (the average rate since it left the queue: a stall slows
//   the estimate down, a jump speeds it up, a job stuck at 0% says nothing);
// - how long earlier jobs of the same model, duration and resolution took (kept in storage,
//   bounded; a model's other durations are scaled when there is no exact match).
// Progress gets more weight the further the job is. Nothing is said without a witness, and no
// estimate is ever negative or absurd.
import { t } from '../api/i18n';

/** One progress reading of a job. */
export interface ProgressSample {
  readonly at: number;
  readonly progress: number;
}

/** What a job is, for the history: jobs alike take alike long. */
export interface JobKind {
  readonly model: string;
  readonly seconds?: number;
  readonly resolution?: string;
}

export interface FinishEstimate {
  /** ms since the epoch. */
  readonly finishAt: number;
  /** What it rests on, for the tooltip. */
  readonly basis: 'progress' | 'history' | 'both';
}

/** Longest wait worth stating; beyond it the row says "estimating…". */
export const MAX_ESTIMATE_MS = 2 * 60 * 60_000;
/** Durations kept per kind, and kinds kept in all (oldest dropped). */
export const HISTORY_PER_KIND = 20;
export const HISTORY_KINDS = 60;
/** Progress below this (or readings closer than this) say too little about the rate. */
const MIN_PROGRESS = 3;
const MIN_SPAN_MS = 1_000;

export type History = Record<string, number[]>;

export function kindKey(kind: JobKind): string {
  return `${kind.model}|${kind.seconds ?? '?'}|${kind.resolution ?? '?'}`;
}

/** The history with one more finished job (most recent last), bounded; its kind moves last. */
export function remember(history: History, kind: JobKind, durationMs: number): History {
  if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > MAX_ESTIMATE_MS) return history;
  const key = kindKey(kind);
  const { [key]: previous = [], ...others } = history;
  const next: History = { ...others, [key]: [...previous, Math.round(durationMs)].slice(-HISTORY_PER_KIND) };
  // Object keys keep insertion order: the kinds used longest ago go first.
  const keys = Object.keys(next);
  for (const old of keys.slice(0, Math.max(0, keys.length - HISTORY_KINDS))) delete next[old];
  return next;
}

/** The typical duration of a job like this one, from the history; undefined without one. */
export function typicalDuration(history: History, kind: JobKind): number | undefined {
  const exact = history[kindKey(kind)];
  if (exact?.length) return median(exact);
  // Same model, other durations: scale by the seconds asked for (a 10 s clip takes longer).
  const sameModel = Object.entries(history).filter(([k]) => k.startsWith(`${kind.model}|`));
  if (!sameModel.length || !kind.seconds) return undefined;
  const scaled = sameModel.flatMap(([k, ds]) => {
    const s = Number(k.split('|')[1]);
    return Number.isFinite(s) && s > 0 ? ds.map((d) => (d * kind.seconds!) / s) : [];
  });
  return scaled.length ? median(scaled) : undefined;
}

/**
 * The estimated finish of a job submitted at `submittedAt` with these progress readings, or
 * undefined when there is nothing to go on yet ("estimating…").
 */
export function estimateFinish(
  submittedAt: number,
  samples: readonly ProgressSample[],
  typical: number | undefined,
  now: number,
): FinishEstimate | undefined {
  const fromHistory = typical === undefined ? undefined : submittedAt + typical;
  const fromProgress = progressFinish(samples, now);
  let finishAt: number;
  let basis: FinishEstimate['basis'];
  if (fromProgress !== undefined && fromHistory !== undefined) {
    // The further the job, the more its own progress tells.
    const w = Math.min(1, samples.at(-1)!.progress / 60);
    finishAt = w * fromProgress + (1 - w) * Math.max(fromHistory, now);
    basis = 'both';
  } else if (fromProgress !== undefined) {
    finishAt = fromProgress;
    basis = 'progress';
  } else if (fromHistory !== undefined) {
    finishAt = fromHistory;
    basis = 'history';
  } else {
    return undefined;
  }
  if (!Number.isFinite(finishAt) || finishAt - now > MAX_ESTIMATE_MS) return undefined;
  return { finishAt, basis };
}

/** From the average rate since the job left the queue; a reading that stays put slows it down. */
function progressFinish(samples: readonly ProgressSample[], now: number): number | undefined {
  const moving = samples.filter((s) => s.progress > 0);
  if (moving.length === 0) return undefined;
  const last = moving.at(-1)!;
  if (last.progress >= 100) return last.at;
  // Started: the last reading at 0 before it moved (the queue ended then), else the first move.
  const firstMove = samples.indexOf(moving[0]);
  const start = firstMove > 0 ? samples[firstMove - 1] : moving[0];
  // Time since the last reading counts too: a stall that has gone on is a slower rate.
  const end = Math.max(now, last.at);
  const gained = last.progress - start.progress;
  const span = end - start.at;
  if (last.progress < MIN_PROGRESS || gained <= 0 || span < MIN_SPAN_MS) return undefined;
  const rate = gained / span;
  return end + (100 - last.progress) / rate;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "about 40 s left", "about 3 min left", "any moment now"; undefined when nothing is known. */
export function describeRemaining(estimate: FinishEstimate | undefined, now: number): string | undefined {
  if (!estimate) return undefined;
  const ms = estimate.finishAt - now;
  if (ms <= 5_000) return t('any moment now');
  const s = Math.round(ms / 1000);
  if (s < 60) return t('about {0} s left', Math.max(5, Math.round(s / 5) * 5));
  const min = Math.round(s / 60);
  return t('about {0} min left', min);
}
