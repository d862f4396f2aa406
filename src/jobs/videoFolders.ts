// The output folders as the source of truth for finished videos: each workspace folder's
// `seedance.outputFolder` is read at start and again whenever a file in it changes (a
// FileSystemWatcher: a teammate's pull, an agent's download, a copy), and what it holds goes to
// the list: videos with a sidecar as found jobs (JobStore.adopt), the others as "made elsewhere".
// Reading only, so Restricted Mode changes nothing here; sidecars are parsed as untrusted.
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { Emitter } from '../common/emitter';
import { Disposable } from '../common/lifecycle';
import { outputFolderSetting } from '../common/config';
import { type ElsewhereVideo, jobFromSidecar } from './folderJobs';
import { insideFolder } from './fileName';
import type { DoneJob } from './job';
import type { JobStore } from './jobStore';
import { mp4Duration } from './mp4Duration';
import { DEFAULT_OUTPUT_FOLDER } from './outputLocation';
import { videosIn } from './videoFolder';

/** Changes come in bursts (a video, then its sidecar; a pull of many): one scan after they settle. */
const SETTLE_MS = 300;

export class VideoFolders extends Disposable {
  #elsewhere: readonly ElsewhereVideo[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #watchers: vscode.Disposable[] = [];
  /** Durations already read, by path and modification time. */
  readonly #durations = new Map<string, number | undefined>();
  #scanning: Promise<void> = Promise.resolve();
  readonly #onDidChange = this._register(new Emitter<void>());
  /** The videos made elsewhere changed (found jobs are announced by the store). */
  readonly onDidChange = this.#onDidChange.event;

  constructor(
    private readonly store: JobStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.#watch()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seedance.outputFolder')) void this.#watch();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.#timer) });
    this._register({
      dispose: () => {
        for (const w of this.#watchers.splice(0)) w.dispose();
      },
    });
  }

  /** Starts watching and reads the folders once (after activation: activation reads no files). */
  start(): Promise<void> {
    return this.#watch();
  }

  /** Videos in the folders without a readable sidecar, newest first, except those taken off the list. */
  elsewhere(): readonly ElsewhereVideo[] {
    return this.#elsewhere.filter((v) => !this.store.isHidden(v.path));
  }

  /** Reads the folders now (one scan at a time; a scan asked for during one runs after it). */
  scan(): Promise<void> {
    this.#scanning = this.#scanning
      .then(() => this.#scan())
      .catch((err: unknown) => this.log.warn(`Reading the videos folders: ${String(err)}`));
    return this.#scanning;
  }

  #folders(): { dir: string; root: string; uri: vscode.Uri }[] {
    const out = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      try {
        const dir = insideFolder(folder.uri.fsPath, outputFolderSetting(folder.uri) ?? DEFAULT_OUTPUT_FOLDER);
        out.push({ dir, root: folder.uri.fsPath, uri: folder.uri });
      } catch (err) {
        this.log.warn(err instanceof Error ? err.message : String(err));
      }
    }
    return out;
  }

  /**
   * A watcher per output folder, as a pattern under its workspace folder (so a folder made later
   * is seen), then one scan of what they hold now.
   */
  #watch(): Promise<void> {
    for (const w of this.#watchers.splice(0)) w.dispose();
    for (const { dir, root, uri } of this.#folders()) {
      const rel = relative(root, dir).split(sep).join('/');
      // The folder itself too: made with its files at once (a pull, a copy), their own events can
      // come before the watcher sees inside it; its creation then brings the scan.
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(uri, rel ? `{${rel},${rel}/*}` : '*'),
      );
      const soon = () => {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.scan(), SETTLE_MS);
      };
      this.#watchers.push(watcher, watcher.onDidCreate(soon), watcher.onDidChange(soon), watcher.onDidDelete(soon));
    }
    return this.scan();
  }

  async #scan(): Promise<void> {
    const found: DoneJob[] = [];
    const elsewhere: ElsewhereVideo[] = [];
    for (const { dir, root, uri } of this.#folders()) {
      for (const video of await videosIn(dir, (line) => this.log.warn(line), root)) {
        const job = jobFromSidecar(video, root, uri.toString());
        if (job) found.push(job);
        else elsewhere.push({ ...video, seconds: await this.#duration(video.path, video.modifiedAt) });
      }
    }
    this.store.adopt(found);
    // Only the lengths of files still there are kept.
    const current = new Set(elsewhere.map((v) => `${v.modifiedAt}:${v.path}`));
    for (const key of this.#durations.keys()) if (!current.has(key)) this.#durations.delete(key);
    const before = this.#elsewhere;
    this.#elsewhere = elsewhere;
    const same =
      before.length === elsewhere.length &&
      before.every((v, i) => v.path === elsewhere[i].path && v.modifiedAt === elsewhere[i].modifiedAt);
    if (!same) this.#onDidChange.fire();
  }

  async #duration(path: string, modifiedAt: number): Promise<number | undefined> {
    const key = `${modifiedAt}:${path}`;
    if (!this.#durations.has(key)) this.#durations.set(key, await mp4Duration(path));
    return this.#durations.get(key);
  }
}
