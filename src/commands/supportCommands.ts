// What a person sends when something went wrong: Copy Details (one job's state, codes and the
// provider's request id) and Copy Diagnostic Report (every request and answer of one job, with
// the key, signed queries and, unless they choose otherwise, the prompt removed).
import * as vscode from 'vscode';
import { type Transcripts, diagnosticReport, inEnglish, redact, t } from '../api';
import { UserCancelled } from '../common/cancelled';
import { baseUrl, proxySettings } from '../common/config';
import { Commands } from '../common/ids';
import { type Job, failureOf, finishedAtOf, shortPrompt, taskIdOf } from '../jobs/job';
import { failureLabel } from '../views/jobLabels';
import type { JobStore } from '../jobs/jobStore';
import { registerCommand } from './runCommand';

export interface SupportContext {
  readonly store: JobStore;
  readonly transcripts: Transcripts;
  /** The stored key, only to remove it from what is copied. */
  readonly key: () => Promise<string | undefined>;
  readonly version: string;
}

export function supportCommands(log: vscode.LogOutputChannel, c: SupportContext): vscode.Disposable[] {
  return [
    registerCommand(log, Commands.copyDetails, async (arg) => {
      const job = await jobFor(c.store, arg);
      const text = redact(
        Object.entries(stateOf(job))
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join('\n'),
        { key: await c.key(), prompt: job.prompt },
      );
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(t('Copied the details of task {0}', taskIdOf(job)), 3000);
      return text;
    }),
    registerCommand(log, Commands.copyDiagnosticReport, async (arg, include) => {
      const job = await jobFor(c.store, arg);
      const includePrompt = typeof include === 'boolean' ? include : await askIncludePrompt();
      const report = diagnosticReport({
        taskId: taskIdOf(job),
        state: stateOf(job),
        exchanges: c.transcripts.of(taskIdOf(job)),
        extensionVersion: c.version,
        vscodeVersion: vscode.version,
        platform: `${process.platform} ${process.arch}, ${vscode.env.appHost}`,
        baseUrl: baseUrl(),
        proxy: proxySettings().proxy ?? process.env.HTTPS_PROXY ?? process.env.https_proxy,
        key: await c.key(),
        prompt: job.prompt,
        includePrompt,
      });
      await vscode.env.clipboard.writeText(report);
      log.info(
        `Copied the diagnostic report of ${job.id} (${report.length} characters, prompt ${includePrompt ? 'included' : 'removed'})`,
      );
      vscode.window.setStatusBarMessage(t('Copied the diagnostic report of task {0}', taskIdOf(job)), 4000);
      return report;
    }),
  ];
}

/** The job a command is about: its argument (a row, an id), else one picked from the list. */
async function jobFor(store: JobStore, arg: unknown): Promise<Job> {
  const id = typeof arg === 'string' ? arg : (arg as { id?: string } | undefined)?.id;
  const given = id ? store.get(id) : undefined;
  if (given) return given;
  const jobs = store.all();
  if (!jobs.length) throw new Error(t('There are no videos in this workspace yet.'));
  const picked = await vscode.window.showQuickPick(
    jobs.map((j) => ({ label: shortPrompt(j.prompt), description: `${taskIdOf(j)} · ${j.phase}`, job: j })),
    { title: t('Seedance: which video?'), placeHolder: t('The report covers one video') },
  );
  if (!picked) throw new UserCancelled();
  return picked.job;
}

async function askIncludePrompt(): Promise<boolean> {
  const without = { label: t('Without the prompt'), description: t('recommended'), include: false };
  const withPrompt = {
    label: t('With the prompt'),
    description: t('if the prompt matters to the problem'),
    include: true,
  };
  const picked = await vscode.window.showQuickPick([without, withPrompt], {
    title: t('Seedance: Copy Diagnostic Report'),
    placeHolder: t('The key and signed links are always removed'),
  });
  if (!picked) throw new UserCancelled();
  return picked.include;
}

/** A job's state in plain words, for the report (English, for whoever reads it). */
function stateOf(job: Job): Record<string, string | number | undefined> {
  const failure = failureOf(job);
  const provider = failure?.code === 'provider' ? failure : undefined;
  const finished = finishedAtOf(job);
  return {
    'task id': taskIdOf(job),
    // Replaced by a placeholder in what is copied unless the person includes it.
    prompt: job.prompt,
    phase: job.phase,
    'provider status': job.task.status,
    'known status': String(job.task.known),
    progress: job.task.progress,
    model: job.model,
    seconds: job.seconds,
    size: job.size,
    resolution: job.resolution,
    images: job.images?.length,
    failure: failure && inEnglish(() => failureLabel(failure)),
    'failure code': failure?.code,
    'provider code': provider?.providerCode,
    moderated: provider?.moderated,
    'request id': provider?.requestId,
    'last error':
      job.phase === 'rendering' && job.lastError ? `${job.lastError.kind}: ${job.lastError.detail}` : undefined,
    submitted: new Date(job.submittedAt).toISOString(),
    finished: finished ? new Date(finished).toISOString() : undefined,
    'video bytes': job.phase === 'done' ? job.videoBytes : undefined,
  };
}
