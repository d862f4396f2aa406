// The MCP server's tools. Each input is read as untrusted (an agent wrote it): through the same
// schema as the editor's options and the same planning path as every paid job in the extension.
// generate_video sends at most one request per call, never before the budgets and (where the
// client can ask) the person agree, and never waits for the video.
import { basename } from 'node:path';
import * as z from 'zod/mini';
import { ValidationError, SeedanceApiError } from '../api';
import { BUILT_IN_CATALOG, type ModelCatalog } from '../api/models';
import { quotePrompt } from '../api/promptLength';
import { type Job, taskIdOf } from '../jobs/job';
import { type Plan, planJob } from '../plan/plan';
import { agentRequestJsonSchema, agentRequestShape, issueField } from '../plan/requestShape';
import { type Submission, notStartedForAgent, submitPlan } from '../plan/submit';
import { costInEnglish, formatUsd } from '../pricing/estimate';
import type { Engine } from './engine';
import { reserve, settle } from '../pricing/dayBudget';
import { jobReport } from './jobWords';

export interface ToolResult {
  readonly content: { readonly type: 'text'; readonly text: string }[];
  readonly structuredContent?: Record<string, unknown>;
  readonly isError?: boolean;
  readonly [key: string]: unknown;
}

/**
 * How the person is asked before a paid job, where the client can (MCP elicitation): 'no-answer'
 * when the time to answer ran out, 'gone' when the client went away meanwhile.
 */
export type Confirm = (message: string) => Promise<'accept' | 'decline' | 'unsupported' | 'no-answer' | 'gone'>;

const object = (properties: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  additionalProperties: false,
});

export function toolList(catalog: ModelCatalog = BUILT_IN_CATALOG): Record<string, unknown>[] {
  return [
    {
      name: 'list_models',
      title: 'List Seedance models',
      description:
        'The Seedance models this server can use: id, length range in seconds, resolutions, whether it takes reference images, and its price per second of video (or "unknown").',
      inputSchema: object(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'estimate_video_cost',
      title: 'Estimate a video’s cost',
      description:
        'What a video request would cost, and every problem with it (each field named). Sends nothing and costs nothing: call it before generate_video.',
      inputSchema: agentRequestJsonSchema(catalog),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'check_videos',
      title: 'Check videos',
      description:
        'The state of one video job (taskId) or of the recent ones: queued, rendering with progress and time left, ready with the file path of the downloaded video, or failed with the reason. Finished videos are downloaded into the output folder with a sidecar (<video>.json) saying what made them.',
      inputSchema: object({
        taskId: { type: 'string', description: 'A task id generate_video returned; all recent jobs when left out.' },
      }),
      // It downloads finished videos and writes their sidecars into the root: not read-only. Asking
      // again changes nothing more, and it never deletes or overwrites a file.
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    {
      name: 'generate_video',
      title: 'Generate a video (paid)',
      description:
        'Starts ONE paid AI video generation job (ByteDance Seedance through CometAPI): each call costs the user money. Only call it when the user asked for a video, after estimate_video_cost. Returns the task id and the estimate at once (it does not wait for the video): then call check_videos. Reference images must be files inside the root folder, named in the prompt as [Image 1], [Image 2]…',
      inputSchema: agentRequestJsonSchema(catalog),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
  ];
}

export async function callTool(engine: Engine, name: string, args: unknown, confirm: Confirm): Promise<ToolResult> {
  try {
    switch (name) {
      case 'list_models':
        argumentsOf(noArguments, args);
        return listModels(engine);
      case 'estimate_video_cost':
        return await estimate(engine, args);
      case 'check_videos':
        return await check(engine, args);
      case 'generate_video':
        return await generate(engine, args, confirm);
      default:
        return refusal(
          `No tool named ${name}: the tools are list_models, estimate_video_cost, check_videos, generate_video.`,
        );
    }
  } catch (err) {
    if (err instanceof ValidationError) return problems(err);
    const message = err instanceof Error ? err.message : String(err);
    engine.log.error(`${name}: ${message}`);
    return refusal(message);
  }
}

function listModels(engine: Engine): ToolResult {
  const models = engine.catalog.all.map((m) => ({
    id: m.id,
    name: m.label,
    seconds: m.seconds,
    resolutions: m.resolutions,
    images: m.acceptsImage,
    pricePerSecond: m.pricePerSecond && Object.keys(m.pricePerSecond).length ? m.pricePerSecond : 'unknown',
    ...(m.priceSource && { priceSource: m.priceSource }),
  }));
  return result(
    models
      .map(
        (m) =>
          `${m.id}: ${m.seconds.min}–${m.seconds.max} s, ${m.resolutions.join('/')}${m.images ? ', takes images' : ''}`,
      )
      .join('\n'),
    { models },
  );
}

/**
 * An agent's arguments read through `shape` (every tool's: an unknown field is refused, never
 * ignored), or a ValidationError naming every problem.
 */
function argumentsOf<T>(shape: z.ZodMiniType<T>, args: unknown): T {
  const parsed = shape.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({
      field: issueField(i, 'arguments'),
      message: i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : i.message,
    })),
  );
}

const noArguments = z.strictObject({});
const checkArguments = z.strictObject({
  taskId: z.optional(z.string({ error: 'taskId must be text (a task id generate_video returned)' })),
});

/** The Plan of an agent's arguments, or a ValidationError naming every problem. */
async function plan(engine: Engine, args: unknown): Promise<Plan> {
  const a = argumentsOf(agentRequestShape, args);
  const intent = {
    kind: 'mcp' as const,
    prompt: a.prompt,
    model: a.model,
    seconds: a.seconds,
    size: a.size,
    resolution: a.resolution,
    images: a.images ?? [],
    // Named in an agent's call: inside the root only, links resolved (plan/images.ts).
    imagesFrom: 'named' as const,
  };
  try {
    return await planJob(intent, engine.planContext());
  } catch (err) {
    // The images are checked first; the request's other problems are named in the same answer.
    if (!(err instanceof ValidationError) || !intent.images.length) throw err;
    const others = await planJob({ ...intent, images: [] }, engine.planContext()).then(
      () => [],
      (e: unknown) => (e instanceof ValidationError ? e.issues : []),
    );
    const seen = new Set(err.issues.map((i) => `${i.field}\n${i.message}`));
    throw new ValidationError([...err.issues, ...others.filter((o) => !seen.has(`${o.field}\n${o.message}`))]);
  }
}

function summary(p: Plan): Record<string, unknown> {
  const r = p.request;
  return {
    // A long prompt is quoted shortened: the agent wrote it, and has it.
    prompt: quotePrompt(r.prompt),
    model: r.model,
    seconds: r.seconds,
    size: r.size,
    resolution: r.resolution,
    images: r.images.map((i) => i.path),
    estimate: costInEnglish(p.cost),
    ...(p.cost.usd !== undefined && { usd: Number(p.cost.usd.toFixed(4)) }),
  };
}

async function estimate(engine: Engine, args: unknown): Promise<ToolResult> {
  const p = await plan(engine, args);
  return result(
    `Would send ${p.request.model}, ${p.request.seconds} s, ${p.request.size}, ${p.request.resolution}: ${costInEnglish(p.cost)}. Nothing was sent.`,
    { request: summary(p), problems: [] },
  );
}

async function generate(engine: Engine, args: unknown, confirm: Confirm): Promise<ToolResult> {
  const p = await plan(engine, args);
  const { maxUsdPerCall, maxUsdPerDay } = engine.config;
  const usd = p.cost.usd;
  // Budgets, before anything is sent. An unknown price cannot be shown to be within one.
  if ((maxUsdPerCall !== undefined || maxUsdPerDay !== undefined) && usd === undefined)
    return refusal(
      `Not sent: the price of ${p.request.model} is unknown, so it cannot be checked against the budget (SEEDANCE_MAX_USD_PER_CALL / SEEDANCE_MAX_USD_PER_DAY).`,
    );
  if (maxUsdPerCall !== undefined && usd! > maxUsdPerCall)
    return refusal(
      `Not sent: this video is estimated at ${formatUsd(usd!)}, over the per-call budget of ${formatUsd(maxUsdPerCall)} (SEEDANCE_MAX_USD_PER_CALL).`,
    );
  // The estimate is held in today's ledger (shared by every server on this root) before the
  // person is asked, so two calls at once can never both take the last of the budget.
  const held = usd === undefined ? undefined : await reserve(engine.state, usd, maxUsdPerDay, engine.holdMs);
  if (held && !held.ok)
    return refusal(
      `Not sent: ${formatUsd(held.committed)} is already estimated for today; this video (${formatUsd(usd!)}) would go over the daily budget of ${formatUsd(maxUsdPerDay!)} (SEEDANCE_MAX_USD_PER_DAY).`,
    );
  let sent = false;
  try {
    const submission = await confirmAndSubmit(engine, p, confirm);
    // A send that may have reached the provider may be charged: it counts.
    sent = submission.kind === 'started' || submission.kind === 'outcome-unknown';
    return submission.answer;
  } finally {
    if (held?.ok) await settle(engine.state, held.hold, sent);
  }
}

/** Asks the person (where the client can), then sends the Plan once; the answer for the agent. */
async function confirmAndSubmit(
  engine: Engine,
  p: Plan,
  confirm: Confirm,
): Promise<{ kind: string; answer: ToolResult }> {
  const r = p.request;
  const images = r.images.length
    ? `, ${r.images.map((i, n) => `[Image ${n + 1}] ${basename(i.path)}`).join(', ')}`
    : '';
  const asked = await confirm(
    `Start a paid Seedance video? ${r.model}, ${r.seconds} s, ${r.size}, ${r.resolution}${images}: ${costInEnglish(p.cost)}.\n\nPrompt: ${r.prompt}`,
  );
  if (asked === 'decline')
    return { kind: 'declined', answer: refusal('Not sent: the person declined. Nothing was started or charged.') };
  if (asked === 'no-answer')
    return {
      kind: 'declined',
      answer: refusal(
        `Not sent: no answer to the confirmation within ${duration(engine.config.confirmMs)} (SEEDANCE_CONFIRM_MINUTES); nothing was started or charged.`,
      ),
    };
  if (asked === 'gone')
    return { kind: 'declined', answer: refusal('Not sent: the client went away before the person answered.') };
  const controller = new AbortController();
  const submission = await submitPlan(
    p,
    {
      send: (plan, how) => engine.manager.submit(plan, how),
      ensureKey: () => Promise.resolve(Boolean(engine.client())),
    },
    { signal: controller.signal },
  );
  return { kind: submission.kind, answer: answerOf(engine, p, submission) };
}

function answerOf(engine: Engine, p: Plan, submission: Submission): ToolResult {
  switch (submission.kind) {
    case 'started': {
      const job = submission.job;
      if (job.phase === 'waiting')
        return result(
          `Confirmed and waiting to send (${engine.manager.waiting().length} waiting): at most ${engine.config.maxConcurrent} videos render at once for this account (SEEDANCE_MAX_CONCURRENT_JOBS), so it is sent when a place frees up, by this server or the next one started on ${engine.config.root}. Nothing is charged until it is sent. Call check_videos with ${job.id}.`,
          { taskId: job.id, state: jobReport(job).state, request: summary(p) },
        );
      return result(
        `Started task ${job.id} (${costInEnglish(p.cost)}). It renders for a minute or more: call check_videos with this task id; the video is downloaded into ${engine.config.outputFolder}/ when it is ready.`,
        { taskId: job.id, state: jobReport(job).state, request: summary(p) },
      );
    }
    default:
      return refusal(notStartedForAgent(submission, 'check the CometAPI console before trying again'));
  }
}

async function check(engine: Engine, args: unknown): Promise<ToolResult> {
  const { taskId } = argumentsOf(checkArguments, args);
  // A job that waited its turn is known by its first id and, once sent, by the provider's.
  const jobs: readonly Job[] = taskId
    ? engine.store.all().filter((j) => j.id === taskId || taskIdOf(j) === taskId)
    : engine.store.all().slice(0, 20);
  if (taskId && !jobs.length)
    return refusal(`No job with the task id ${taskId} was started by this server for ${engine.config.root}.`);
  try {
    // A download that failed is tried again (the video is paid for already; a new link is free).
    for (const job of jobs) if (job.phase === 'download-failed') await engine.manager.resume(job.id);
    await engine.manager.refresh(jobs.map((j) => j.id));
  } catch (err) {
    if (!(err instanceof SeedanceApiError)) throw err;
    engine.log.warn(`check_videos: ${err.message}`);
  }
  const now = jobs.map((j) => engine.store.get(j.id) ?? j).map((j) => jobReport(j, engine.estimates));
  if (!now.length) return result('No videos yet: generate_video starts one.', { videos: [] });
  return result(
    now
      .map((v) => `${v.taskId}: ${v.state}${v.file ? ` → ${v.file}` : ''}${v.reason ? ` (${v.reason})` : ''}`)
      .join('\n'),
    { videos: now },
  );
}

/** "10 minutes", "1 minute", "30 seconds". */
function duration(ms: number): string {
  const [n, unit] = ms >= 60_000 ? [Math.round((ms / 60_000) * 10) / 10, 'minute'] : [Math.round(ms / 1000), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function result(text: string, structured: Record<string, unknown>): ToolResult {
  return {
    content: [{ type: 'text', text: `${text}\n\n${JSON.stringify(structured, null, 2)}` }],
    structuredContent: structured,
  };
}

function refusal(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function problems(err: ValidationError): ToolResult {
  const list = err.issues.map((i) => ({ field: i.field, problem: i.message }));
  return {
    content: [
      {
        type: 'text',
        text: `Nothing was sent. ${list.length === 1 ? 'One problem' : `${list.length} problems`}:\n${list.map((p) => `- ${p.field}: ${p.problem}`).join('\n')}\n\n${JSON.stringify({ problems: list }, null, 2)}`,
      },
    ],
    structuredContent: { problems: list },
    isError: true,
  };
}
