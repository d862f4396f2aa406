// A job as the MCP server reports it: its state in plain English words, progress, the time it has
// been rendering, the file once downloaded, and why it ended without one. English only: an
// agent reads it and says it in the person's language.
import { quotePrompt } from '../api/promptLength';
import { type Job, failureOf, finishedAtOf, taskIdOf } from '../jobs/job';
import { inEnglish } from '../api/i18n';
import { describeRemaining } from '../jobs/finishEstimate';
import { failureLabel } from '../views/jobLabels';
import type { Estimates } from '../jobs/renderHistory';

export interface JobReport {
  readonly taskId: string;
  readonly state: string;
  readonly progress?: number;
  /** "about 40 s left", while it renders and an estimate can be made. */
  readonly timeLeft?: string;
  readonly elapsedSeconds: number;
  readonly file?: string;
  readonly reason?: string;
  readonly prompt: string;
  readonly model: string;
}

export function jobReport(job: Job, estimates?: Estimates, now = Date.now()): JobReport {
  const base = {
    taskId: taskIdOf(job),
    prompt: quotePrompt(job.prompt),
    model: job.model,
    elapsedSeconds: Math.max(0, Math.round(((finishedAtOf(job) ?? now) - job.submittedAt) / 1000)),
  };
  switch (job.phase) {
    case 'waiting':
      return {
        ...base,
        state:
          'waiting to send: confirmed, not sent and not charged yet; sent when the account has a free place (SEEDANCE_MAX_CONCURRENT_JOBS)',
      };
    case 'rendering': {
      const left = describeRemaining(estimates?.estimate(job, now), now);
      const timeLeft = left ? { timeLeft: left } : {};
      return job.task.state === 'queued'
        ? { ...base, state: `queued at the provider${left ? `, ${left}` : ''}`, ...timeLeft }
        : {
            ...base,
            state: `rendering, ${job.task.progress}% done${left ? `, ${left}` : ''}`,
            progress: job.task.progress,
            ...timeLeft,
          };
    }
    case 'downloading':
      return { ...base, state: `finished; downloading (${job.downloadProgress}%)`, progress: 100 };
    case 'done':
      return { ...base, state: 'ready', progress: 100, file: job.videoPath };
    default: {
      // The same words as the Videos view's (views/jobLabels.ts), in English.
      const failure = failureOf(job);
      const said = failure && inEnglish(() => failureLabel(failure));
      const reason = failure?.code === 'download' ? `${said}; check again to retry the download, at no cost` : said;
      return { ...base, state: job.phase, ...(reason && { reason }) };
    }
  }
}
