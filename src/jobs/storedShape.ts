// Today's stored shape of a job, checked by hand: an entry exactly in it (every field of the right
// type, nothing extra, nothing the reader would cap or default) is what storedJobs.ts would build
// from it, so it is taken as it is. Anything else, an older shape or a damaged field, goes through
// the full reader, which keeps what it can and says what it dropped. 2,000 jobs load on every start.
import type { Job, JobPhase } from './job';

type Check = (v: unknown) => boolean;

/** Longest provider text the reader keeps whole (storedJobs.ts caps anything longer). */
export const MAX_STORED_TEXT = 2_000;

export const isText: Check = (v) => typeof v === 'string';
export const isShortText: Check = (v) => typeof v === 'string' && v.length <= MAX_STORED_TEXT;
export const isTime: Check = (v) => typeof v === 'number' && v >= 0 && Number.isFinite(v);
export const isCount: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFlag: Check = (v) => typeof v === 'boolean';
const isPercent: Check = (v) => typeof v === 'number' && v >= 0 && v <= 100;
export const optional =
  (ok: Check): Check =>
  (x) =>
    x === undefined || ok(x);
const oneOf =
  (...values: readonly string[]): Check =>
  (x) =>
    values.includes(x as string);

/** An object with only these keys, each passing its check (an absent optional one is undefined). */
export function shaped(checks: Record<string, Check>): (v: unknown) => v is Record<string, unknown> {
  const entries = Object.entries(checks);
  return (v): v is Record<string, unknown> => {
    if (!isObject(v)) return false;
    for (const k in v) if (!Object.hasOwn(checks, k)) return false;
    for (const [k, ok] of entries) if (!ok(v[k])) return false;
    return true;
  };
}

export const MODERATED = ['prompt', 'image', 'output', 'audio', 'unspecified'] as const;

export const isTask = shaped({
  state: oneOf('queued', 'running', 'succeeded', 'failed'),
  status: isText,
  known: isFlag,
  progress: isPercent,
  model: optional(isText),
});

export const isOrigin: Check = (v) => {
  if (!isObject(v) || typeof v.file !== 'string' || !isCount(v.index)) return false;
  for (const k in v) {
    const x = v[k];
    if (k !== 'file' && k !== 'index' && typeof x !== 'string' && !(typeof x === 'number' && Number.isFinite(x)))
      return false;
  }
  return true;
};

export const isProviderFailure = shaped({
  code: (x) => x === 'provider',
  status: isText,
  said: optional(isShortText),
  providerCode: optional(isShortText),
  moderated: optional(oneOf(...MODERATED)),
  requestId: optional(isShortText),
});
/** Words kept as data (api/i18n.ts): a short template and a few arguments, nested at most twice. */
export function isWords(v: unknown, depth = 0): boolean {
  if (!isObject(v) || !isShortText(v.says)) return false;
  for (const k in v) if (k !== 'says' && k !== 'args') return false;
  if (v.args === undefined) return true;
  return (
    Array.isArray(v.args) &&
    v.args.length <= 8 &&
    v.args.every(
      (a) => isShortText(a) || (typeof a === 'number' && Number.isFinite(a)) || (depth < 2 && isWords(a, depth + 1)),
    )
  );
}
const isProblem = shaped({ kind: isText, detail: isShortText, words: optional((v) => isWords(v)) });
const FAILURES = new Map<unknown, Check>(
  Object.entries({
    provider: isProviderFailure,
    lost: shaped({ code: isText }),
    'timed-out': shaped({ code: isText, minutes: isTime }),
    download: shaped({ code: isText, problem: isProblem }),
    send: shaped({ code: isText, problem: isProblem, maybeStarted: isFlag }),
  }),
);
const isFailure: Check = (v) => isObject(v) && !!FAILURES.get(v.code)?.(v);

const CORE: Record<string, Check> = {
  id: (v) => typeof v === 'string' && v.trim() !== '',
  taskId: optional(isText),
  prompt: isText,
  model: isText,
  seconds: optional((v) => Number.isSafeInteger(v) && (v as number) > 0),
  size: optional(isText),
  resolution: optional(isText),
  images: optional((v) => Array.isArray(v) && v.every(isText)),
  tracked: optional(isFlag),
  cost: optional(
    shaped({
      usd: optional((v) => typeof v === 'number' && v >= 0 && Number.isFinite(v)),
      source: optional(oneOf('provider', 'settings')),
    }),
  ),
  origin: optional(isOrigin),
  folder: optional(isText),
  submittedAt: isTime,
  pollingSince: isTime,
  task: isTask,
};

/** Each phase's own fields as today's reader would return them; `waiting` always takes the full reader. */
const PHASE_FIELDS: Partial<Record<JobPhase, Record<string, Check>>> = {
  rendering: { lastError: optional(isProblem), linkMisses: optional(isCount) },
  downloading: { downloadProgress: isPercent, finishedAt: optional(isTime) },
  done: {
    videoPath: (v) => typeof v === 'string' && v !== '',
    videoBytes: optional(isCount),
    finishedAt: isTime,
    seen: isFlag,
  },
  failed: { failure: isFailure, finishedAt: isTime },
  'download-failed': { failure: isFailure, finishedAt: optional(isTime) },
  lost: { failure: isFailure },
  'timed-out': { failure: isFailure },
};

const IN_PHASE = new Map(
  Object.entries(PHASE_FIELDS).map(([phase, fields]) => [
    phase,
    shaped({ ...CORE, phase: (v) => v === phase, ...fields }),
  ]),
);

/** Whether `entry` is a job in exactly today's stored shape, to be taken as it is. */
export function isTodaysJob(entry: unknown): entry is Job {
  return isObject(entry) && typeof entry.phase === 'string' && !!IN_PHASE.get(entry.phase)?.(entry);
}
