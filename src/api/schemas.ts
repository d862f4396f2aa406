// Lenient readers for the API's JSON. The provider may add fields and statuses at any time:
// unknown fields pass, unknown statuses are treated as "still running", progress is clamped.
// Only what we cannot work without (an id, a status) is required.
import * as z from 'zod/mini';

export const TERMINAL_STATUSES = ['SUCCESS', 'FAILED', 'ERROR'] as const;
export type KnownStatus = 'SUBMITTED' | 'IN_PROGRESS' | (typeof TERMINAL_STATUSES)[number];

export interface VideoTask {
  readonly id: string;
  readonly model?: string;
  /** Upper-cased. Anything but SUCCESS, FAILED or ERROR means the task is still going. */
  readonly status: KnownStatus | (string & {});
  /** 0–100. */
  readonly progress: number;
  /** Unix seconds. */
  readonly createdAt?: number;
  readonly completedAt?: number;
  /** Signed and expiring; present on SUCCESS. */
  readonly videoUrl?: string;
  /** Why a FAILED or ERROR task ended, when the provider said. */
  readonly failureReason?: string;
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

const text = z.string().check(z.trim(), z.minLength(1));
/** A number, or a numeric string; anything else reads as absent. */
const lenientNumber = z.catch(
  z.optional(z.pipe(z.union([z.number(), z.pipe(z.string(), z.transform(Number))]), z.number())),
  undefined,
);
const lenientText = z.catch(z.optional(text), undefined);

const taskBody = z.looseObject({
  id: lenientText,
  task_id: lenientText,
  model: lenientText,
  status: text,
  progress: lenientNumber,
  created_at: lenientNumber,
  completed_at: lenientNumber,
  video_url: lenientText,
  fail_reason: lenientText,
  error: z.optional(z.unknown()),
});

/** Parses a task from a create or retrieve answer. Returns the zod error message when unreadable. */
export function parseTask(json: unknown): { task: VideoTask } | { problem: string } {
  // Some gateways wrap the task in `data`; accept that too.
  const body = isRecord(json) && !('status' in json) && isRecord(json.data) ? json.data : json;
  const parsed = taskBody.safeParse(body);
  if (!parsed.success) {
    return { problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  }
  const t = parsed.data;
  const id = t.id ?? t.task_id;
  if (!id) return { problem: 'id: the answer has neither id nor task_id' };
  return {
    task: {
      id,
      model: t.model,
      status: t.status.toUpperCase(),
      progress: Math.round(Math.min(100, Math.max(0, t.progress ?? 0))),
      createdAt: t.created_at,
      completedAt: t.completed_at ?? undefined,
      videoUrl: t.video_url,
      failureReason: t.fail_reason ?? errorText(t.error),
    },
  };
}

function errorText(error: unknown): string | undefined {
  if (typeof error === 'string' && error.trim()) return error;
  if (isRecord(error) && typeof error.message === 'string' && error.message.trim()) return error.message;
  return undefined;
}

/** The provider's message and code from either documented error shape. */
export function readErrorBody(json: unknown): { message?: string; code?: string } {
  if (!isRecord(json)) return {};
  const inner = isRecord(json.error) ? json.error : json;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  return {
    message: str(inner.message) ?? str(json.error) ?? str(json.message),
    code: str(inner.code) ?? str(json.code),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
