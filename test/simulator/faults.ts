// Fault injection: what a real service and the network in front of it do on a bad day.
// Rules are set at start (CLI `--fault`) and changed at run time by tests (in-process or over
// the simulator's /__sim/faults endpoint). The first matching rule with uses left applies.

export type Fault =
  /** An error status. `retryAfter` is sent verbatim as Retry-After (seconds or a date);
   *  `code` sets the error body's code (a 500 `invalid_request` must not be retried). */
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: number; code?: string }
  /** The connection is cut after the headers and part of the body. With `swap` (video only), the
   *  stored video is meanwhile replaced by another copy: a CDN answering the resume from elsewhere. */
  | { kind: 'reset'; swap?: boolean }
  /** The response headers are held back this long, then the request is served normally. */
  | { kind: 'slow-headers'; delayMs: number }
  /** The request body is read at this rate (a slow uplink), then the request is served normally. */
  | { kind: 'slow-upload'; bytesPerSecond: number }
  /** 200 with a truncated JSON body. */
  | { kind: 'malformed-json' }
  /** What a wrong base URL meets: a 301 to the web site with an HTML body. */
  | { kind: 'html-301' }
  /** A create starts its task, but the answer carries the previous task's id (a gateway's bug). */
  | { kind: 'repeat-id' };

export type Target = 'api' | 'video';

export interface FaultRule {
  readonly fault: Fault;
  /** How many requests it hits; default 1. `Infinity` (or "always" in a spec) for every one. */
  times?: number;
  readonly match?: { readonly target?: Target; readonly method?: 'GET' | 'POST' };
  /**
   * For a POST: create the task anyway, then fail the answer (a gateway timing out after the
   * origin accepted the job). This is how a real "outcome unknown" comes about.
   */
  readonly commit?: boolean;
}

export class FaultPlan {
  #rules: FaultRule[] = [];

  add(...rules: FaultRule[]): void {
    for (const r of rules) this.#rules.push({ ...r, times: r.times ?? 1 });
  }

  clear(): void {
    this.#rules = [];
  }

  get pending(): readonly FaultRule[] {
    return this.#rules.filter((r) => (r.times ?? 0) > 0);
  }

  /** Takes one use of the first rule matching this request. */
  take(target: Target, method: string): FaultRule | undefined {
    const rule = this.#rules.find(
      (r) =>
        (r.times ?? 0) > 0 &&
        (r.match?.target ?? 'api') === target &&
        (r.match?.method === undefined || r.match.method === method),
    );
    if (rule) rule.times = (rule.times ?? 1) - 1;
    return rule;
  }
}

/**
 * Parses the CLI form `NAME[@ARG][*COUNT][/TARGET][!]`:
 * NAME is a status code (429, 500, 502, 503, 504, 524) or reset | reset-swap | slow-headers |
 * slow-upload | malformed-json | html-301 | repeat-id | quota (a 429 naming a used-up quota); ARG is Retry-After seconds for a status, milliseconds for
 * slow-headers, bytes per second for slow-upload; COUNT a number
 * or "always"; TARGET get | post | video; a trailing `!` commits a POST before failing.
 * Examples: `429@2*3`, `503*2/get`, `reset/video`, `slow-headers@5000`, `slow-upload@65536/post`,
 * `524/post!`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const m = /^([a-z0-9-]+)(?:@(\d+))?(?:\*(\d+|always))?(?:\/(get|post|video))?(!)?$/i.exec(spec.trim());
  if (!m) throw new Error(`bad --fault "${spec}": expected NAME[@ARG][*COUNT][/TARGET][!], e.g. 429@2*3`);
  const [, name, arg, count, target, commit] = m;
  const times = count === undefined ? 1 : count === 'always' ? Infinity : Number(count);
  const match =
    target === 'video'
      ? { target: 'video' as const }
      : target
        ? { method: target.toUpperCase() as 'GET' | 'POST' }
        : undefined;
  let fault: Fault;
  if (/^\d{3}$/.test(name)) {
    fault = { kind: 'status', status: Number(name), ...(arg !== undefined && { retryAfter: arg }) };
  } else if (name === 'quota') {
    fault = { kind: 'status', status: 429, code: 'quota_exceeded' };
  } else if (name === 'slow-headers') {
    fault = { kind: 'slow-headers', delayMs: Number(arg ?? 5000) };
  } else if (name === 'slow-upload') {
    fault = { kind: 'slow-upload', bytesPerSecond: Number(arg ?? 256 * 1024) };
  } else if (name === 'reset' || name === 'malformed-json' || name === 'html-301' || name === 'repeat-id') {
    fault = { kind: name };
  } else if (name === 'reset-swap') {
    fault = { kind: 'reset', swap: true };
  } else {
    throw new Error(`bad --fault "${spec}": unknown fault "${name}"`);
  }
  return { fault, times, ...(match && { match }), ...(commit && { commit: true }) };
}
