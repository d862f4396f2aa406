// Downloads a finished job's video at once (its signed link expires) into the output folder,
// with progress on the job's row and in the status bar. An expired or refused link gets one
// fresh GET for a new one; after that the job shows the error and offers Retry Download.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { SeedanceApiError } from '../api';
import { Batcher, NOTIFY_BATCH_MS } from '../common/batcher';
import type { ClientProvider } from '../common/clientProvider';
import { canReveal } from '../common/environment';
import { Commands } from '../common/ids';
import type { JobStore } from './jobStore';
import { outputFolder, uniquePath, videoFileName } from './outputLocation';

export class VideoDownloads {
  readonly #active = new Map<string, AbortController>();
  readonly #ready = new Batcher<{ id: string; path: string }>(NOTIFY_BATCH_MS, (videos) => void this.#announce(videos));

  constructor(
    private readonly store: JobStore,
    private readonly clients: ClientProvider,
    private readonly globalStorage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  cancelAll(): void {
    for (const c of this.#active.values()) c.abort();
    this.#ready.dispose();
  }

  /** Downloads the video of job `id` from `videoUrl`; never throws (the job records the outcome). */
  async download(id: string, videoUrl: string): Promise<void> {
    if (this.#active.has(id)) return;
    const controller = new AbortController();
    this.#active.set(id, controller);
    try {
      await this.#download(id, videoUrl, controller.signal);
    } finally {
      this.#active.delete(id);
    }
  }

  async #download(id: string, videoUrl: string, signal: AbortSignal): Promise<void> {
    const job = this.store.get(id);
    if (!job) return;
    await this.store.update(id, { phase: 'downloading', progress: 0, error: undefined });
    const started = Date.now();
    try {
      const client = await this.clients.get();
      if (!client) throw new Error('No API key is set');
      const dir = outputFolder(job, this.globalStorage);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Seedance: downloading video' },
        async () => {
          let lastShown = -1;
          const onProgress = (received: number, total?: number) => {
            const pct = total ? Math.floor((received / total) * 100) : 0;
            if (pct >= lastShown + 5 || pct === 100) {
              lastShown = pct;
              void this.store.update(id, { progress: pct });
            }
          };
          const attempt = async (url: string) => client.download(url, await uniquePath(dir, videoFileName(job)), { signal, onProgress });
          try {
            return await attempt(videoUrl);
          } catch (err) {
            if (!(err instanceof SeedanceApiError) || err.kind !== 'download-rejected') throw err;
            this.log.warn(`Video link of ${id} refused (${err.status}); asking for a fresh one`);
            const fresh = await client.retrieve(id, { signal });
            if (!fresh.videoUrl) throw err;
            return await attempt(fresh.videoUrl);
          }
        },
      );
      await this.store.update(id, { phase: 'done', progress: 100, videoPath: result.path, videoBytes: result.bytes, finishedAt: Date.now(), seen: false });
      this.log.info(`Downloaded ${id} → ${result.path} (${result.bytes} bytes in ${Date.now() - started} ms)`);
      this.#ready.add({ id, path: result.path });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.store.update(id, { phase: 'download-failed', error: signal.aborted ? 'Download cancelled' : message });
      this.log.error(`Download of ${id} failed: ${message}`);
      if (signal.aborted) return;
      // Not awaited: the download must stop counting as active now, or a retry would be ignored.
      void vscode.window.showErrorMessage(`Seedance: the video could not be downloaded. ${message}`, 'Retry Download', 'Show Log').then((choice) => {
        if (choice === 'Retry Download') void vscode.commands.executeCommand(Commands.retryDownload, id);
        if (choice === 'Show Log') this.log.show();
      });
    }
  }

  /** One notification for the videos that arrived together. */
  async #announce(videos: { id: string; path: string }[]): Promise<void> {
    if (videos.length > 1) {
      const names = videos.map((v) => basename(v.path));
      const choice = await vscode.window.showInformationMessage(`${videos.length} videos ready: ${names.join(', ')}`, 'Show Videos');
      if (choice) void vscode.commands.executeCommand(Commands.focusJobs);
      return;
    }
    const [{ id, path }] = videos;
    const actions = canReveal(path) ? ['Open', 'Reveal in Explorer'] : ['Open'];
    const choice = await vscode.window.showInformationMessage(`Video ready: ${basename(path)}`, ...actions);
    if (choice === 'Open') void vscode.commands.executeCommand(Commands.openVideo, id);
    if (choice === 'Reveal in Explorer') void vscode.commands.executeCommand(Commands.revealVideo, id);
  }
}
