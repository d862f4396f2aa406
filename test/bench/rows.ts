// A figure of `npm run bench`, and how growth with size is printed.

export interface Row {
  figure: string;
  measured: string;
  baseline: string;
  target: string;
  met: boolean;
  data: Record<string, unknown>;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** "×10 items → ×9.8 time" for each step of `sizes`, from the times measured at each. */
export function growth(sizes: readonly number[], ms: readonly number[]): string {
  const steps: string[] = [];
  for (let i = 1; i < sizes.length; i++)
    steps.push(`×${sizes[i] / sizes[i - 1]} → ×${(ms[i] / Math.max(ms[i - 1], 1e-3)).toFixed(1)}`);
  return steps.join(', ');
}

/** The time ratio of the last step of `sizes` over its size ratio: about 1 when linear, under it when flat. */
export function lastStep(sizes: readonly number[], ms: readonly number[]): number {
  const n = sizes.length - 1;
  return ms[n] / Math.max(ms[n - 1], 1e-3) / (sizes[n] / sizes[n - 1]);
}

export const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
