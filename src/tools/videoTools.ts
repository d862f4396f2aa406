// Copilot agent mode: two language-model tools. "Generate a video" never spends without the
// person's confirmation (prepareInvocation shows exactly what will be sent and its estimate;
// VS Code asks before invoke runs) and returns the task id at once; "check videos" reads the
// Videos view's jobs (free, no confirmation). What the person sees (the confirmation, progress)
// is in their language; what goes back to the model (results, errors) stays in English.
import * as vscode from 'vscode';
import { ValidationError, inEnglish, t } from '../api';
import { editorPlanContext } from '../plan/editorContext';
import { type Plan, planJob } from '../plan/plan';
import { type SubmitDeps, notStartedForAgent, submitPlan } from '../plan/submit';
import { costInEnglish, costLabel } from '../pricing/estimate';
import { modelCatalog } from '../common/config';
import { displayPath } from '../common/workspacePaths';
import { type Job, taskIdOf } from '../jobs/job';
import { traitsOf } from '../jobs/phases';
import type { JobManager } from '../jobs/jobManager';
import type { JobStore } from '../jobs/jobStore';
import { progressBadge, stateLabel } from '../views/jobLabels';

export const TOOL_NAMES = { generate: 'seedance_generate_video', check: 'seedance_check_videos' } as const;

export interface GenerateToolInput {
  prompt?: unknown;
  model?: unknown;
  seconds?: unknown;
  size?: unknown;
  resolution?: unknown;
  /** Workspace-relative (or absolute, inside the workspace) paths of reference images. */
  images?: unknown;
}

export interface CheckToolInput {
  taskId?: unknown;
}

export class GenerateVideoTool implements vscode.LanguageModelTool<GenerateToolInput> {
  /** VS Code asked the person before invoke runs; without a key the request fails and says so. */
  readonly #deps: SubmitDeps = {
    ensureKey: () => Promise.resolve(true),
    send: (p, how) => this.manager.submit(p, how),
  };

  constructor(private readonly manager: JobManager) {}

  /** Side-effect free: validates, and describes exactly what will be sent and what it costs. */
  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<GenerateToolInput>,
  ): Promise<vscode.PreparedToolInvocation> {
    const { request: req, cost } = await plan(options.input);
    const model = modelCatalog().find(req.model);
    // Plain text: VS Code shows it in a modal dialog outside a chat, where Markdown is not rendered.
    const rows: [string, string][] = [
      [t('Prompt'), req.prompt],
      [t('Model'), `${model?.label ?? req.model} (${req.model})`],
      [t('Duration'), t('{0} s', req.seconds)],
      [t('Size'), req.size],
      [t('Resolution'), req.resolution],
      // Workspace-relative, from the real path: a link named like a harmless file shows where it leads.
      ...req.images.map((img, i): [string, string] => [`[Image ${i + 1}]`, displayPath(img.path)]),
      [t('Estimated cost'), costLabel(cost)],
    ];
    const message = [
      t('This starts one paid job at CometAPI.'),
      ...rows.map(([k, v]) => `${k}: ${v.replace(/\s+/g, ' ')}`),
    ].join('\n');
    return {
      invocationMessage: t('Starting a Seedance video ({0}, {1} s)', model?.label ?? req.model, req.seconds),
      confirmationMessages: {
        title: t('Generate a video with {0}? {1}', model?.label ?? req.model, costLabel(cost)),
        message,
      },
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<GenerateToolInput>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    // Checked again: the input is what VS Code confirmed, but nothing is taken on trust.
    const planned = await plan(options.input);
    const { request: req, cost } = planned;
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const outcome = await submitPlan(planned, this.#deps, { signal: controller.signal });
      if (outcome.kind !== 'started')
        throw new Error(
          notStartedForAgent(outcome, 'ask the person to look for the job (Seedance: Track Task by ID) first'),
        );
      const { job } = outcome;
      return text(
        `Started Seedance task ${job.id} (${req.model}, ${req.seconds} s, ${req.size}, ${req.resolution}; ${costInEnglish(cost)}). ` +
          `It renders in the background, usually in 1 to 3 minutes, and appears in the Seedance Videos view; ` +
          `the video is saved into the workspace when it is ready. Call ${TOOL_NAMES.check} with taskId "${taskIdOf(job)}" to follow it.`,
      );
    } finally {
      sub.dispose();
    }
  }
}

export class CheckVideosTool implements vscode.LanguageModelTool<CheckToolInput> {
  constructor(private readonly store: JobStore) {}

  prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<CheckToolInput>,
  ): vscode.PreparedToolInvocation {
    return {
      invocationMessage:
        typeof options.input.taskId === 'string'
          ? t('Checking Seedance task {0}', options.input.taskId)
          : t('Checking recent Seedance videos'),
    };
  }

  invoke(options: vscode.LanguageModelToolInvocationOptions<CheckToolInput>): vscode.LanguageModelToolResult {
    const { taskId } = options.input;
    if (taskId !== undefined && typeof taskId !== 'string')
      throw new Error('taskId must be a task id string such as "task_abc123", or left out for all recent videos.');
    if (taskId) {
      const job = this.store.get(taskId.trim());
      if (!job)
        throw new Error(
          `No Seedance job with task id "${taskId}" in this workspace. Leave taskId out to list the recent ones.`,
        );
      return text(jobLineForAgent(job));
    }
    const recent = this.store.all().slice(0, 10);
    if (!recent.length) return text('There are no Seedance videos in this workspace yet.');
    return text(recent.map(jobLineForAgent).join('\n'));
  }
}

/** One line per job, in English whatever the person's language (a model reads it). */
function jobLineForAgent(job: Job): string {
  const file = job.phase === 'done' ? `; file: ${job.videoPath}` : '';
  const progress = progressBadge(job);
  // What the phase offers (jobs/phases.ts): a free way back to the video is never a new paid job.
  const free = traitsOf(job).primary;
  const next =
    free === 'retryDownload'
      ? ' (the video exists: the person can use Retry Download in the Seedance Videos view; do not generate it again)'
      : free === 'resume'
        ? ' (the person can use Resume in the Seedance Videos view to keep waiting; do not generate it again)'
        : '';
  return `- ${job.id}: ${inEnglish(() => stateLabel(job))}${progress ? ` ${progress}` : ''} — "${job.prompt.split('\n')[0].slice(0, 120)}" (${job.model}${job.seconds ? `, ${job.seconds} s` : ''})${file}${next}`;
}

const text = (s: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(s)]);

/** The tool input planned like any intent (plan/: validation, images confined, trust, cost); errors name the field. */
async function plan(input: GenerateToolInput): Promise<Plan> {
  const ctx = editorPlanContext();
  const fail = (err: unknown): never => {
    const why =
      err instanceof ValidationError
        ? err.issues.map((i) => i.message).join('; ')
        : err instanceof Error
          ? err.message
          : String(err);
    throw new Error(
      `Invalid Seedance request, nothing was sent: ${why}. Models: ${ctx.catalog.all.map((m) => `${m.id} (${m.seconds.min}-${m.seconds.max} s, ${m.resolutions.join('/')}${m.acceptsImage ? ', images' : ''})`).join('; ')}.`,
    );
  };
  if (input.images !== undefined && (!Array.isArray(input.images) || input.images.some((p) => typeof p !== 'string')))
    fail(new Error('images must be a list of workspace file paths'));
  // As given: plan/ reads a relative path from the workspace folders, resolves links and keeps it inside.
  const images = (input.images ?? []) as string[];
  return planJob(
    {
      kind: 'agent',
      prompt: input.prompt,
      model: input.model,
      seconds: input.seconds,
      size: input.size,
      resolution: input.resolution,
      images,
      imagesFrom: 'named',
    },
    ctx,
  ).catch(fail);
}

export function registerVideoTools(manager: JobManager, store: JobStore): vscode.Disposable[] {
  return [
    vscode.lm.registerTool(TOOL_NAMES.generate, new GenerateVideoTool(manager)),
    vscode.lm.registerTool(TOOL_NAMES.check, new CheckVideosTool(store)),
  ];
}
