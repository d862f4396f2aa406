// A job as the MCP server reports it: its state in plain English words, progress, the time it has
// been rendering, the file once downloaded, and why it ended without one. English only: an
// agent reads it and says it in the person's language.
import { type Job, failureOf, taskIdOf } from '../jobs/job';
import { describeRemaining } from '../jobs/finishTime';
import type { Estimates } from '../jobs/finishTimes';

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

export function describeJob(job: Job, estimates?: Estimates, now = Date.now()): JobReport {
  const base = {
    taskId: taskIdOf(job),
    prompt: job.prompt,
    model: job.model,
    elapsedSeconds: Math.max(
      0,
      Math.round(((('finishedAt' in job && job.finishedAt) || now) - job.submittedAt) / 1000),
    ),
  };
  switch (job.phase) {
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
      const failure = failureOf(job);
      const reason =
        failure?.code === 'provider'
          ? (failure.said ?? `the provider ended it as "${failure.status}"`)
          : failure?.code === 'lost'
            ? 'the provider no longer knows this task'
            : failure?.code === 'timed-out'
              ? `not finished after ${failure.minutes} min`
              : failure?.code === 'download'
                ? `the finished video could not be downloaded (${failure.problem.detail}); check again to retry, at no cost`
                : undefined;
      return { ...base, state: job.phase === 'failed' ? 'failed' : job.phase, ...(reason && { reason }) };
    }
  }
}
