// The finish estimates of rendering jobs: their progress readings (in memory, bounded) and how long
// earlier jobs took (in globalState, bounded: estimate.ts), turned into an estimate on request.
import type { Memento } from './jobStore';
import type { VideoTask } from '../api';
import {
  type FinishEstimate,
  type History,
  type ProgressSample,
  estimateFinish,
  remember,
  typicalDuration,
} from './finishEstimate';
import type { Job } from './job';
import { HISTORY_KEY, readHistory } from './storedState';

/** Readings kept per job: enough for the rate, bounded for a job that runs for hours. */
const SAMPLES_KEPT = 40;

export class Estimates {
  readonly #samples = new Map<string, ProgressSample[]>();
  #history: History;

  constructor(
    private readonly memento: Memento,
    report: (line: string) => void = () => undefined,
  ) {
    this.#history = readHistory(memento.get<unknown>(HISTORY_KEY), report);
  }

  /** A fresh report on a job still at the provider. */
  observe(id: string, task: VideoTask, at: number): void {
    if (task.state !== 'queued' && task.state !== 'running') return;
    const samples = this.#samples.get(id) ?? [];
    samples.push({ at, progress: task.progress });
    // Keep the first reading that moved (the rate's start) and the latest ones.
    if (samples.length > SAMPLES_KEPT) samples.splice(1, samples.length - SAMPLES_KEPT);
    this.#samples.set(id, samples);
  }

  /** The provider finished `job` at `at`: its duration joins the history. */
  async finished(job: Job, at: number): Promise<void> {
    this.#samples.delete(job.id);
    if (job.tracked) return;
    this.#history = remember(this.#history, job, at - job.submittedAt);
    await this.memento.update(HISTORY_KEY, this.#history);
  }

  forget(id: string): void {
    this.#samples.delete(id);
  }

  estimate(job: Job, now: number): FinishEstimate | undefined {
    if (job.phase !== 'rendering') return undefined;
    return estimateFinish(job.submittedAt, this.#samples.get(job.id) ?? [], typicalDuration(this.#history, job), now);
  }
}
