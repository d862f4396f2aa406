// The shape jobs are stored in, and the migration of what earlier versions stored. Nothing a
// person submitted is ever dropped for being in an older shape.
import { readStatus } from '../api/taskStatus';
import type { Job, JobPhase } from './job';

/** Where the jobs live in workspaceState (versioned: a new shape gets a new key). */
export const STORAGE_KEY = 'seedance.jobs.v2';
/** 0.1.0 stored them here, with the provider's raw status and one `progress` and `error`. */
export const LEGACY_STORAGE_KEY = 'seedance.jobs.v1';

const PHASES: ReadonlySet<string> = new Set<JobPhase>([
  'rendering',
  'downloading',
  'done',
  'failed',
  'download-failed',
  'lost',
  'timed-out',
]);

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

export function readStored(value: unknown): Job[] {
  return Array.isArray(value) ? (value.filter(isJobLike) as Job[]) : [];
}

/** 0.1.0's jobs in today's shape. Unreadable entries (no id, prompt or phase) are skipped. */
export function migrateV1(value: unknown): Job[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isLegacyLike).map((old: JobV1): Job => {
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
}

const clamp = (n: unknown) =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : 0;

function isJobLike(v: unknown): boolean {
  const j = v as Partial<Job> | null;
  return (
    !!j &&
    typeof j.id === 'string' &&
    typeof j.prompt === 'string' &&
    PHASES.has(String(j.phase)) &&
    typeof j.task === 'object' &&
    j.task !== null
  );
}

function isLegacyLike(v: unknown): v is JobV1 {
  const j = v as Partial<JobV1> | null;
  return (
    !!j &&
    typeof j.id === 'string' &&
    typeof j.prompt === 'string' &&
    PHASES.has(String(j.phase)) &&
    typeof j.submittedAt === 'number'
  );
}
