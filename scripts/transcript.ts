// A transcript: every request one real job made and every answer it got, with the key and the
// signatures of signed links removed. Written by `npm run smoke:live`, replayed by the unit suite
// (test/unit/replay.test.ts), so what the provider actually said stays a fixture.

export interface Exchange {
  readonly method: 'GET' | 'POST';
  /** Path only; a signed link's query never appears. */
  readonly path: string;
  readonly status: number;
  /** The answer's JSON, scrubbed. */
  readonly body: unknown;
  /** ms since the create was sent. */
  readonly atMs: number;
}

export interface Transcript {
  /** Where it came from: "recorded from <origin> on <date>", or written from documented examples. */
  readonly source: string;
  readonly recorded: boolean;
  /** The fields sent with the create (no file contents). */
  readonly request: Record<string, string>;
  readonly exchanges: readonly Exchange[];
  /** Where the job ended: 'downloading' (finished with a link), 'failed', or 'rendering' (given up). */
  readonly ended: 'downloading' | 'failed' | 'rendering';
  /** What the downloaded video really was (ffprobe), when it was checked. */
  readonly video?: { readonly width?: number; readonly height?: number; readonly durationSeconds?: number };
}

/** Removes `secret` anywhere in `value`, and the query of every URL (signatures are credentials). */
export function scrub<T>(value: T, secret: string): T {
  const text = JSON.stringify(value)
    .split(secret)
    .join('[key removed]')
    .replace(/(https?:\/\/[^"?\s]+)\?[^"\s]*/g, '$1?[signature removed]');
  return JSON.parse(text) as T;
}
