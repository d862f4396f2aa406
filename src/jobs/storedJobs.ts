// The shape jobs are stored in, and the migration of what every earlier version stored (0.1.0's
// key, and loose fields with sentences before jobs had one shape per phase). Nothing a person
// submitted is ever dropped for being in an older shape.
import * as z from 'zod/mini';
import { readStatus } from '../api/taskStatus';
import { PHASES } from './phases';
import type { Job, JobCore, JobPhase, TaskReport } from './job';
import type { CostEstimate } from '../pricing/estimate';
import type { Words } from '../api/i18n';
import {
  MAX_STORED_TEXT,
  MODERATED,
  isCount,
  isOrigin,
  isProviderFailure,
  isText,
  isTime,
  isTodaysJob,
  isTask,
  isWords,
} from './storedShape';

/** Where the jobs live in workspaceState (versioned: a new shape gets a new key). */
export const STORAGE_KEY = 'seedance.jobs.v2';
/** 0.1.0 stored them here, with the provider's raw status and one `progress` and `error`. */
export const LEGACY_STORAGE_KEY = 'seedance.jobs.v1';

/** Every phase there is (phases.ts's table, the one list of them). */
const KNOWN_PHASES: ReadonlySet<string> = new Set(Object.keys(PHASES));

/** A job as 0.1.0 stored it. */
interface JobV1 {
  id: string;
  prompt: string;
  model: string;
  seconds: number;
  size: string;
  resolution: string;
  image?: string;
  folder?: string;
  submittedAt: number;
  pollingSince: number;
  phase: JobPhase;
  status: string;
  progress: number;
  finishedAt?: number;
  error?: string;
  videoPath?: string;
  videoBytes?: number;
  seen?: boolean;
}

/** What was dropped while reading stored data, one line each (the caller logs them). */
export type Report = (line: string) => void;

/** What reads one stored field: a zod schema, or one with a quick check in front (`quick`). */
interface Parser<T = unknown> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/**
 * `schema`, with `ok` tried first: a value it accepts is the value the schema would give back
 * (no transform, no key stripped), so the schema runs only on what is unusual. 2,000 jobs load on
 * every start, and the schema's generic checks cost several times a typeof.
 */
function quick<T>(schema: z.ZodMiniType<T>, ok: (value: unknown) => boolean): Parser<T> {
  return {
    safeParse: (value) => (ok(value) ? { success: true, data: value as T } : schema.safeParse(value)),
  };
}

const text = z.string();
const time = z.number().check(z.nonnegative());
const percent = z.number().check(z.gte(0), z.lte(100));
const task = z.object({
  state: z.enum(['queued', 'running', 'succeeded', 'failed']),
  status: text,
  known: z.boolean(),
  progress: percent,
  model: z.optional(text),
});
/** Kept as its owner wrote it: a file and a place, and the owner's own strings and numbers. */
const origin = z.catchall(z.object({ file: text, index: z.int().check(z.nonnegative()) }), z.union([text, z.number()]));

/** The fields every job has; one of the wrong type is dropped (or defaulted) and the rest kept. */
const CORE_FIELDS: { [K in keyof JobCore]?: Parser } = {
  taskId: quick(text, isText),
  prompt: quick(text, isText),
  model: quick(text, isText),
  seconds: quick(z.int().check(z.positive()), (v) => Number.isSafeInteger(v) && (v as number) > 0),
  size: quick(text, isText),
  resolution: quick(text, isText),
  images: quick(z.array(text), (v) => Array.isArray(v) && v.every(isText)),
  tracked: z.boolean(),
  // Earlier versions stored the words too (`label`, in the language of that day): read, not kept.
  cost: z.pipe(
    z.object({
      usd: z.optional(z.number().check(z.nonnegative())),
      source: z.optional(z.enum(['provider', 'settings'])),
    }),
    z.transform(({ usd, source }): CostEstimate => ({ ...(usd !== undefined && { usd }), ...(source && { source }) })),
  ),
  origin: quick(origin, isOrigin),
  folder: quick(text, isText),
  submittedAt: quick(time, isTime),
  pollingSince: quick(time, isTime),
  task: quick(task, isTask),
};

/** What a job must have: without a readable one, the field gets this (and the drop is reported). */
const DEFAULTS = {
  prompt: () => '',
  model: () => 'unknown',
  submittedAt: () => 0,
  task: (): TaskReport => ({ state: 'running', status: '', known: true, progress: 0 }),
} satisfies { [K in keyof JobCore]?: () => JobCore[K] };

const CORE_ENTRIES = Object.entries(CORE_FIELDS) as [keyof JobCore, Parser][];
const DEFAULT_ENTRIES = Object.entries(DEFAULTS);

/** The provider's words kept to a sane length (a message can be huge); the person's prompt is never cut. */
const providerText = z.pipe(
  text,
  z.transform((v) => (v.length > MAX_STORED_TEXT ? `${v.slice(0, MAX_STORED_TEXT)}…` : v)),
);

/** Words that are not in today's shape are left out: the sentence said then (`detail`) stays. */
const words = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((v) => (isWords(v) ? (v as Words) : undefined)),
  ),
);
const problem = z.pipe(
  z.object({ kind: text, detail: providerText, words }),
  z.transform(({ words: w, ...rest }) => (w ? { ...rest, words: w } : rest)),
);
const failure = z.discriminatedUnion('code', [
  z.object({
    code: z.literal('provider'),
    status: text,
    said: z.optional(providerText),
    providerCode: z.optional(providerText),
    moderated: z.optional(z.enum(MODERATED)),
    requestId: z.optional(providerText),
  }),
  z.object({ code: z.literal('lost') }),
  z.object({ code: z.literal('timed-out'), minutes: z.number().check(z.nonnegative()) }),
  z.object({ code: z.literal('download'), problem }),
  z.object({ code: z.literal('send'), problem, maybeStarted: z.boolean() }),
]);

/**
 * A waiting job's request, exactly as it was checked (its images with the identity of the file
 * checked, so that a file changed since is refused at upload, client.ts).
 */
const storedRequest = z.object({
  prompt: text,
  model: text,
  seconds: z.int().check(z.positive()),
  size: text,
  resolution: z.enum(['480p', '720p', '1080p']),
  images: z.array(
    z.object({
      path: text,
      name: text,
      mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
      size: z.int().check(z.nonnegative()),
      identity: z.object({ dev: z.number(), ino: z.number(), size: z.number(), mtimeMs: z.number() }),
    }),
  ),
});

// Built once: a schema costs more to make than to run, and 2,000 jobs load on every start.
const failureOrSentence = quick(z.union([failure, text]), (v) => typeof v === 'string' || isProviderFailure(v));
const problemOrSentence = z.union([problem, text]);
const count = quick(z.int().check(z.nonnegative()), isCount);
const flag = quick(z.boolean(), (v) => typeof v === 'boolean');
const storedTime = quick(time, isTime);
const storedText = quick(text, isText);
const moderation = z.enum(MODERATED);

/**
 * Today's stored jobs, parsed, never trusted: an entry without a usable id or phase is dropped; a
 * field of the wrong type is dropped (or given its default) and the rest of the job kept, so a
 * paid job is never lost to one bad field. Each drop is reported once, naming what went. Jobs
 * stored before they had one shape per phase (loose fields, a failure written as a sentence) are
 * read into today's shape here.
 */
export function readStored(value: unknown, report: Report = () => undefined): Job[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report(`Stored jobs were not a list (${typeof value}); none could be read`);
    return [];
  }
  const jobs: Job[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    // Today's shape exactly (nearly every entry): taken as it is, as the reader below would build it.
    if (isTodaysJob(entry) && !seen.has(entry.id)) {
      seen.add(entry.id);
      jobs.push(entry);
      return;
    }
    const raw = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    // Earlier versions kept a script's scene as `scene`; it is the job's origin now.
    const e = raw.origin === undefined && raw.scene !== undefined ? { ...raw, origin: raw.scene } : raw;
    const id = typeof e.id === 'string' && e.id.trim() ? e.id : undefined;
    const phase = KNOWN_PHASES.has(e.phase as string) ? (e.phase as JobPhase) : undefined;
    if (!id || !phase || seen.has(id)) {
      dropped.push(
        id
          ? seen.has(id)
            ? `job ${id} (a second entry with its id)`
            : `job ${id} (no phase)`
          : `entry #${i + 1} (no id)`,
      );
      return;
    }
    seen.add(id);
    const core: Record<string, unknown> = { id };
    for (const [key, schema] of CORE_ENTRIES) {
      if (!(key in e) || e[key] === undefined) continue;
      const parsed = schema.safeParse(e[key]);
      if (parsed.success) core[key] = parsed.data;
      else dropped.push(`${key} of job ${id}`);
    }
    for (const [key, make] of DEFAULT_ENTRIES) {
      if (core[key] !== undefined) continue;
      core[key] = make();
      if (!(key in e)) dropped.push(`${key} of job ${id} (missing)`);
    }
    core.pollingSince ??= core.submittedAt;
    const field = <T>(key: string, schema: Parser<T>): T | undefined => {
      if (e[key] === undefined) return undefined;
      const parsed = schema.safeParse(e[key]);
      if (parsed.success) return parsed.data;
      dropped.push(`${key} of job ${id}`);
      return undefined;
    };
    jobs.push(inPhase(core as unknown as JobCore, phase, field));
  });
  if (dropped.length)
    report(
      `Dropped unreadable stored data: ${dropped.slice(0, 20).join(', ')}${dropped.length > 20 ? ` and ${dropped.length - 20} more` : ''}`,
    );
  return jobs;
}

type Field = <T>(key: string, schema: Parser<T>) => T | undefined;

/** The phase's own fields, today's shape or an earlier one (a failure written as a sentence). */
function inPhase(core: JobCore, phase: JobPhase, field: Field): Job {
  const finishedAt = field('finishedAt', storedTime);
  const stored = field('failure', failureOrSentence);
  const said = typeof stored === 'string' ? capped(stored) : undefined;
  const failed = typeof stored === 'object' ? stored : undefined;
  switch (phase) {
    case 'waiting': {
      const request = field('request', storedRequest);
      // Without its request it cannot be sent: nothing was, so nothing is charged.
      if (!request)
        return {
          ...core,
          phase: 'failed',
          failure: {
            code: 'send',
            problem: { kind: 'stored', detail: 'The stored request could not be read' },
            maybeStarted: false,
          },
          finishedAt: core.submittedAt,
        };
      return { ...core, phase, request };
    }
    case 'rendering': {
      const lastError = field('lastError', problemOrSentence);
      const linkMisses = field('linkMisses', count);
      return {
        ...core,
        phase,
        ...(lastError !== undefined && {
          lastError: typeof lastError === 'string' ? { kind: 'unknown', detail: capped(lastError) } : lastError,
        }),
        ...(linkMisses !== undefined && { linkMisses }),
      };
    }
    case 'downloading':
      return {
        ...core,
        phase,
        downloadProgress: field('downloadProgress', percent) ?? 0,
        ...(finishedAt !== undefined && { finishedAt }),
      };
    case 'done': {
      const videoPath = field('videoPath', storedText);
      // A finished job whose file cannot be named: fetched again for free (Retry Download).
      if (!videoPath)
        return {
          ...core,
          phase: 'download-failed',
          failure: {
            code: 'download',
            problem: { kind: 'stored', detail: 'The stored path of the video could not be read' },
          },
        };
      const videoBytes = field('videoBytes', count);
      return {
        ...core,
        phase,
        videoPath,
        ...(videoBytes !== undefined && { videoBytes }),
        finishedAt: finishedAt ?? core.submittedAt,
        seen: field('seen', flag) ?? false,
      };
    }
    case 'failed': {
      const moderated = field('moderated', moderation);
      const providerCode = field('failureCode', providerText);
      const requestId = field('requestId', providerText);
      return {
        ...core,
        phase,
        failure: failed ?? {
          code: 'provider',
          status: core.task.status,
          ...(said && { said }),
          ...(providerCode && { providerCode }),
          ...(moderated && { moderated }),
          ...(requestId && { requestId }),
        },
        finishedAt: finishedAt ?? core.submittedAt,
      };
    }
    case 'download-failed':
      return {
        ...core,
        phase,
        failure: failed ?? { code: 'download', problem: { kind: 'unknown', detail: said ?? '' } },
        ...(finishedAt !== undefined && { finishedAt }),
      };
    case 'lost':
      return { ...core, phase, failure: failed ?? { code: 'lost' } };
    case 'timed-out': {
      // Written as "Not finished after 30 min" before.
      const minutes = Number(/(\d+) min/.exec(said ?? '')?.[1] ?? 0);
      return { ...core, phase, failure: failed ?? { code: 'timed-out', minutes } };
    }
  }
}

function capped(value: string): string {
  return value.length > MAX_STORED_TEXT ? `${value.slice(0, MAX_STORED_TEXT)}…` : value;
}

/** 0.1.0's jobs in today's shape. Unreadable entries (no id, prompt or phase) are skipped. */
export function migrateV1(value: unknown, report: Report = () => undefined): Job[] {
  if (!Array.isArray(value)) return [];
  const migrated = value.filter(isLegacyLike).map((old: JobV1): Record<string, unknown> => {
    const status = typeof old.status === 'string' && old.status ? old.status : 'unknown';
    const { state, known } = readStatus(status);
    const rendering = old.phase === 'rendering';
    const ended = !rendering && old.phase !== 'downloading' && old.phase !== 'done';
    // 0.1.0 wrote `seconds: 0, size: ''` for a tracked task.
    const tracked = !old.seconds;
    return {
      id: old.id,
      prompt: old.prompt,
      model: old.model,
      ...(!tracked && { seconds: old.seconds, size: old.size, resolution: old.resolution }),
      ...(tracked && { tracked: true }),
      ...(old.image && { images: [old.image] }),
      ...(old.folder && { folder: old.folder }),
      submittedAt: old.submittedAt,
      pollingSince: old.pollingSince ?? old.submittedAt,
      phase: old.phase,
      task: {
        state,
        status,
        known,
        progress: old.phase === 'downloading' || old.phase === 'done' ? 100 : clamp(old.progress),
      },
      ...(old.phase === 'downloading' && { downloadProgress: clamp(old.progress) }),
      ...(old.error && ended && { failure: old.error }),
      ...(old.error && rendering && { lastError: old.error }),
      ...(old.finishedAt && { finishedAt: old.finishedAt }),
      ...(old.videoPath && { videoPath: old.videoPath }),
      ...(old.videoBytes && { videoBytes: old.videoBytes }),
      ...(old.seen !== undefined && { seen: old.seen }),
    };
  });
  // Through today's reader too: 0.1.0's fields are checked as strictly as today's.
  return readStored(migrated, report);
}

const clamp = (n: unknown) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : 0;

function isLegacyLike(v: unknown): v is JobV1 {
  const j = v as Partial<JobV1> | null;
  return (
    !!j &&
    typeof j.id === 'string' &&
    typeof j.prompt === 'string' &&
    KNOWN_PHASES.has(String(j.phase)) &&
    typeof j.submittedAt === 'number'
  );
}
