// Lenient readers for the API's JSON. The provider may add fields and statuses at any time and
// has changed its words once already: unknown fields pass, every documented shape of a field is
// read (../shared/api-contract.md, "Two dialects"), and only an id and a status are required.
import * as z from 'zod/mini';
import { moderationCodeIn } from './refusals';
import { type TaskState, readStatus } from './taskStatus';

export interface VideoTask {
  readonly id: string;
  /** As echoed; may be a resolved backend id that differs from the one sent. */
  readonly model?: string;
  /** What the provider's status word means. */
  readonly state: TaskState;
  /** The provider's word as it came (for the log and the tooltip, never for decisions). */
  readonly rawStatus: string;
  /** False when no vocabulary knows `rawStatus` (then `state` is 'running'). */
  readonly knownStatus: boolean;
  /** 0–100. */
  readonly progress: number;
  /** ms since the epoch (the provider sends seconds, sometimes milliseconds). */
  readonly createdAt?: number;
  /** ms since the epoch. May be set while the task still renders: never a reason to stop. */
  readonly completedAt?: number;
  /** Signed and expiring; on success, from whichever documented place carried it. */
  readonly videoUrl?: string;
  /** Why a failed task ended, when the provider said (its request id left in; see refusals.ts). */
  readonly failureReason?: string;
  /** The provider's code for the failure (`error.code`, or a moderation code in `fail_reason`). */
  readonly failureCode?: string;
}

const text = z.string().check(z.trim(), z.minLength(1));
/** A number, or a numeric string (`"50%"` included); anything else reads as absent. */
const lenientNumber = z.catch(
  z.optional(
    z.pipe(
      z.union([
        z.number(),
        z.pipe(
          z.string(),
          z.transform((s) => Number(s.trim().replace(/%$/, ''))),
        ),
      ]),
      z.number(),
    ),
  ),
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
  metadata: z.optional(z.unknown()),
  content: z.optional(z.unknown()),
  result: z.optional(z.unknown()),
  output: z.optional(z.unknown()),
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
  const { state, known } = readStatus(t.status);
  // On success, a `fail_reason` that is a link is the video's link (a gateway's quirk met by
  // public clients: "sometimes in fail_reason"), not a failure.
  const linkInFailReason = state === 'succeeded' && isHttpUrl(t.fail_reason);
  const failureReason = providerText(errorText(t.error) ?? (linkInFailReason ? undefined : t.fail_reason));
  return {
    task: {
      id,
      model: t.model,
      state,
      rawStatus: t.status,
      knownStatus: known,
      progress: Math.round(Math.min(100, Math.max(0, t.progress ?? 0))),
      createdAt: epochMs(t.created_at),
      completedAt: epochMs(t.completed_at),
      videoUrl:
        t.video_url ??
        nestedText(t.metadata, 'url') ??
        nestedText(t.content, 'video_url') ??
        nestedText(t.result, 'video_url') ??
        nestedText(t.output, 'video_url') ??
        (linkInFailReason ? t.fail_reason : undefined),
      failureReason,
      failureCode: errorCode(t.error) ?? moderationCodeIn(failureReason),
    },
  };
}

/** Unix seconds, or milliseconds when the value is above 10^12; 0 and negatives read as absent. */
function epochMs(value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  return value > 1e12 ? Math.round(value) : Math.round(value * 1000);
}

function nestedText(holder: unknown, key: string): string | undefined {
  const v = isRecord(holder) ? holder[key] : undefined;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function isHttpUrl(text: string | undefined): text is string {
  return /^https?:\/\/\S+$/i.test(text ?? '');
}

function errorCode(error: unknown): string | undefined {
  const code = isRecord(error) ? error.code : undefined;
  return typeof code === 'string' && code.trim() ? code.trim().slice(0, 100) : undefined;
}

function errorText(error: unknown): string | undefined {
  if (typeof error === 'string' && error.trim()) return error.trim();
  return nestedText(error, 'message');
}

/** The provider's message and code from either documented error shape (each cut to a sane length). */
export function readErrorBody(json: unknown): { message?: string; code?: string } {
  if (!isRecord(json)) return {};
  const inner = isRecord(json.error) ? json.error : json;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  return {
    message: providerText(str(inner.message) ?? str(json.error) ?? str(json.message)),
    code: (str(inner.code) ?? str(json.code))?.slice(0, 100),
  };
}

/** Longest provider text shown or stored (500 KB has been seen). */
export const MAX_PROVIDER_TEXT = 500;

/** Provider text as it is shown and kept: at most MAX_PROVIDER_TEXT characters, the end marked. */
export function providerText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > MAX_PROVIDER_TEXT ? `${text.slice(0, MAX_PROVIDER_TEXT)}…` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
