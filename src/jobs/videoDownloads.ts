// Downloads a finished job's video at once (its signed link expires) into the output folder.
// An expired or refused link gets one fresh GET for a new one; after that the job shows the
// error and offers Retry Download. Reports an outcome; never shows anything itself.
import * as vscode from 'vscode';
import { SeedanceApiError } from '../api';
import type { ClientProvider } from '../auth/clientProvider';
import { type Job, taskIdOf } from './job';
import { videoFileName } from './fileName';
import { outputFolder, uniquePath } from './outputLocation';
import { maxDownloadBytes } from '../common/config';

export type DownloadOutcome =
  | { readonly ok: true; readonly result: { readonly path: string; readonly bytes: number } }
  | { readonly ok: false; readonly message: string; readonly cancelled: boolean };

export class VideoDownloads {
  readonly #active = new Map<string, AbortController>();

  constructor(
    private readonly clients: ClientProvider,
    private readonly globalStorage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  cancelAll(): void {
    for (const c of this.#active.values()) c.abort();
  }

  /** Downloads `job`'s video from `videoUrl`, reporting whole percents to `onProgress`. Never throws. */
  async download(job: Job, videoUrl: string, onProgress: (percent: number) => void): Promise<DownloadOutcome> {
    if (this.#active.has(job.id)) return { ok: false, message: 'Already downloading', cancelled: true };
    const controller = new AbortController();
    this.#active.set(job.id, controller);
    const started = Date.now();
    try {
      const result = await this.#download(job, videoUrl, controller.signal, onProgress);
      this.log.info(`Downloaded ${job.id} → ${result.path} (${result.bytes} bytes in ${Date.now() - started} ms)`);
      return { ok: true, result };
    } catch (err) {
      const cancelled = controller.signal.aborted;
      const message = cancelled ? 'Download cancelled' : err instanceof Error ? err.message : String(err);
      this.log.error(`Download of ${job.id} failed: ${message}`);
      return { ok: false, message, cancelled };
    } finally {
      this.#active.delete(job.id);
    }
  }

  async #download(job: Job, videoUrl: string, signal: AbortSignal, report: (percent: number) => void) {
    const client = await this.clients.require();
    const { dir, root } = outputFolder(job, this.globalStorage);
    let lastShown = -1;
    const onProgress = (received: number, total?: number) => {
      const pct = total ? Math.floor((received / total) * 100) : 0;
      if (pct >= lastShown + 5 || pct === 100) {
        lastShown = pct;
        report(pct);
      }
    };
    const attempt = async (url: string) =>
      client.download(url, await uniquePath(dir, videoFileName(job)), {
        signal,
        onProgress,
        maxBytes: maxDownloadBytes(),
        roots: [root],
      });
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
}
