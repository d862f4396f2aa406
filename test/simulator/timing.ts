// Render times like the service's, for benchmarks and the demo: each model has its typical
// duration (most jobs take 1 to 3 minutes, as the provider says), spread log-normally; a job may
// wait in the queue at 0%; progress then rises unevenly. Seeded, so every run draws the same tasks,
// and scaled down by a factor so a benchmark does not take hours.

/** Typical seconds to render a 5 s clip at 720p, per model (the simulator's own reading). */
const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  'doubao-seedance-2-0': 110,
  'doubao-seedance-2-0-fast': 60,
  'doubao-seedance-1-5-pro': 90,
  'doubao-seedance-1-0-pro': 50,
  'seedance-2-5': 120,
};

export interface RenderTiming {
  /** Time in the queue at 0%, then rendering, in ms (already scaled). */
  readonly queueMs: number;
  readonly durationMs: number;
  /** Cumulative progress (0–1) at the end of each equal slice of the rendering time. */
  readonly curve: readonly number[];
}

/** mulberry32: a small seeded generator, enough for repeatable draws. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawTiming(
  random: () => number,
  model: string,
  seconds: number,
  resolution: string,
  scale: number,
): RenderTiming {
  const typical =
    (TYPICAL_SECONDS[model] ?? 80) *
    (0.6 + 0.08 * seconds) *
    (resolution === '1080p' ? 1.5 : resolution === '480p' ? 0.8 : 1);
  // Log-normal spread (sigma 0.3), from two uniform draws (Box–Muller).
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const renderSeconds = typical * Math.exp(0.3 * normal);
  // A third of the jobs start at once; the others wait in the queue up to 15 s.
  const queueSeconds = random() < 0.33 ? 0 : random() * 15;
  // Uneven progress: ten slices of random weight, some of them nearly flat (a stall).
  const weights = Array.from({ length: 10 }, () => (random() < 0.2 ? 0.05 : 0.3 + random()));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const curve = weights.map((w) => (sum += w / total));
  return { queueMs: queueSeconds * 1000 * scale, durationMs: (queueSeconds + renderSeconds) * 1000 * scale, curve };
}

/** Progress (0–100) `elapsed` ms into a task drawn above; 0 while queued, never 100 before the end. */
export function progressAt(t: RenderTiming, elapsed: number): number {
  if (elapsed < t.queueMs) return 0;
  const fraction = (elapsed - t.queueMs) / Math.max(1, t.durationMs - t.queueMs);
  const slice = Math.min(t.curve.length - 1, Math.floor(fraction * t.curve.length));
  const before = slice === 0 ? 0 : t.curve[slice - 1];
  const within = fraction * t.curve.length - slice;
  const value = before + (t.curve[slice] - before) * within;
  return Math.min(99, Math.max(1, Math.floor(value * 100)));
}
