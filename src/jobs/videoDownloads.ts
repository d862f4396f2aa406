// Downloads a finished job's video at once (its signed link expires) into the output folder.
// An expired or refused link gets one fresh GET for a new one; after that the job shows the
// error and offers Retry Download. Reports an outcome; never shows anything itself. No `vscode`:
// where the video goes and how big it may be are handed in.
import { type DownloadOptions, SeedanceApiError, type SeedanceClient, sleep } from '../api';
import { type Job, type Problem, taskIdOf } from './job';
import { uniquePath, videoFileName } from './fileName';
import type { Log } from './jobManager';
import { problemOf } from './reducer';

/** How often, and how patiently, /content is asked while the gateway says the task is not completed. */
const CONTENT_ATTEMPTS = 6;
const CONTENT_WAIT_MS = 2_000;

export type DownloadOutcome =
  | { readonly ok: true; readonly result: { readonly path: string; readonly bytes: number } }
  | { readonly ok: false; readonly problem: Problem; readonly cancelled: boolean };

export interface DownloadPlace {
  /** The folder the video goes in, and the root it must stay inside once links are resolved. */
  readonly folderOf: (job: Job) => { readonly dir: string; readonly root: string };
  /** `seedance.maxDownloadMB`, in bytes. */
  readonly maxBytes: () => number;
}

export class VideoDownloads {
  readonly #active = new Map<string, AbortController>();

  constructor(
    private readonly clients: { require(): Promise<SeedanceClient> },
    private readonly place: DownloadPlace,
    private readonly log: Log,
    /** The first wait between /content attempts (tests shorten it; the count stays). */
    private readonly contentWaitMs = CONTENT_WAIT_MS,
  ) {}

  cancelAll(): void {
    for (const c of this.#active.values()) c.abort();
  }

  /**
   * Downloads `job`'s video from `videoUrl` (or, without one, from the API's /content route),
   * reporting whole percents to `onProgress`. Never throws.
   */
  async download(
    job: Job,
    videoUrl: string | undefined,
    onProgress: (percent: number) => void,
  ): Promise<DownloadOutcome> {
    if (this.#active.has(job.id))
      return { ok: false, problem: { kind: 'busy', detail: 'Already downloading' }, cancelled: true };
    const controller = new AbortController();
    this.#active.set(job.id, controller);
    const started = Date.now();
    try {
      const result = await this.#download(job, videoUrl, controller.signal, onProgress);
      this.log.info(`Downloaded ${job.id} → ${result.path} (${result.bytes} bytes in ${Date.now() - started} ms)`);
      return { ok: true, result };
    } catch (err) {
      const cancelled = controller.signal.aborted;
      const problem = cancelled
        ? { kind: 'aborted', detail: 'Download cancelled' }
        : problemOf(err, err instanceof SeedanceApiError ? err.kind : 'disk');
      this.log.error(`Download of ${job.id} failed: ${problem.detail}`);
      return { ok: false, problem, cancelled };
    } finally {
      this.#active.delete(job.id);
    }
  }

  async #download(job: Job, videoUrl: string | undefined, signal: AbortSignal, report: (percent: number) => void) {
    const client = await this.clients.require();
    const { dir, root } = this.place.folderOf(job);
    let lastShown = -1;
    const onProgress = (received: number, total?: number) => {
      const pct = total ? Math.floor((received / total) * 100) : 0;
      if (pct >= lastShown + 5 || pct === 100) {
        lastShown = pct;
        report(pct);
      }
    };
    const options = { signal, onProgress, maxBytes: this.place.maxBytes(), roots: [root], taskId: taskIdOf(job) };
    const attempt = async (url: string) => client.download(url, await uniquePath(dir, videoFileName(job)), options);
    if (!videoUrl) {
      this.log.info(`${job.id}: no link in the provider's answers; fetching the video from the API (/content)`);
      return this.#fromContent(client, job, dir, options);
    }
    try {
      return await attempt(videoUrl);
    } catch (err) {
      if (!(err instanceof SeedanceApiError) || err.kind !== 'download-rejected') throw err;
      this.log.warn(`Video link of ${job.id} refused (${err.status}); asking for a fresh one`);
      const fresh = await client.retrieve(taskIdOf(job), { signal });
      if (!fresh.videoUrl) throw err;
      return await attempt(fresh.videoUrl);
    }
  }

  /**
   * The video from `/v1/videos/{id}/content`. A task the gateway does not count as completed yet
   * answers 400 there: waited for (a few times, a little longer each), never taken for a failure.
   */
  async #fromContent(
    client: SeedanceClient,
    job: Job,
    dir: string,
    options: DownloadOptions,
  ): Promise<{ path: string; bytes: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.downloadContent(taskIdOf(job), await uniquePath(dir, videoFileName(job)), options);
      } catch (err) {
        const notYet = err instanceof SeedanceApiError && err.kind === 'invalid-request' && err.status === 400;
        if (!notYet || attempt >= CONTENT_ATTEMPTS) throw err;
        const wait = this.contentWaitMs * attempt;
        this.log.info(`${job.id}: the API does not serve the video yet (${err.message}); asking again in ${wait} ms`);
        await sleep(wait, options.signal);
      }
    }
  }
}
