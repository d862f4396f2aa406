// What the output folders hold, kept up to date one file at a time: read whole once, then each
// file event (a teammate's pull, an agent's download, a copy) reads that one video again, never
// the whole folder, so a folder of thousands costs one read per change. Videos with a sidecar go
// to the list as found jobs (JobStore.adoptChanges), the others are "made elsewhere".
// Sidecars are parsed as untrusted. No `vscode`: folderWatcher.ts watches and feeds it.
import { dirname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Emitter } from '../common/emitter';
import { Disposable } from '../common/lifecycle';
import { type ElsewhereVideo, jobFromSidecar } from './folderJobs';
import type { DoneJob } from './job';
import type { JobStore } from './jobStore';
import { mp4Duration } from './mp4Duration';
import { DEFAULT_MAX_VIDEOS, type FolderVideo, listVideos, videoAt, videoOfFile } from './folderListing';

/** A video and its sidecar are written one after the other: their events are read together. */
const SETTLE_MS = 100;
/** Lengths read from headers at once (each opens a file). */
const BATCH = 32;

/** An output folder: where it is, and the workspace folder it belongs to (its path and URI). */
export interface OutputFolder {
  readonly dir: string;
  readonly root: string;
  readonly rootUri: string;
}

/** Videos past a folder's cap, not listed (the oldest). */
export interface NotListed {
  readonly dir: string;
  readonly count: number;
}

export class FolderModel extends Disposable {
  /** The videos made elsewhere, by path; `#newestFirst` is their order, made when asked for. */
  readonly #elsewhere = new Map<string, ElsewhereVideo>();
  #newestFirst: readonly ElsewhereVideo[] | undefined;
  #notListed: readonly NotListed[] = [];
  #folders: readonly OutputFolder[] = [];
  /** The folders the last scan found outside their root (a link out): their file events are not read either. */
  #outside = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Videos whose files changed since the last update, and whether a folder itself did. */
  #changed = new Set<string>();
  #rescan = false;
  /** Settles when the changes heard so far have been read. */
  #settled: { promise: Promise<void>; resolve: () => void } | undefined;
  /** Scans and updates, one at a time, in order. */
  #work: Promise<void> = Promise.resolve();
  readonly #onDidChange = this._register(new Emitter<void>());
  /** The videos made elsewhere changed (found jobs are announced by the store). */
  readonly onDidChange = this.#onDidChange.event;

  constructor(
    private readonly store: JobStore,
    private readonly report: (line: string) => void,
    /** How many videos a folder lists (the newest). */
    private readonly maxVideos: () => number = () => DEFAULT_MAX_VIDEOS,
  ) {
    super();
    this._register({ dispose: () => clearTimeout(this.#timer) });
  }

  /** The folders to read (a workspace folder or a setting changed): read whole. */
  setFolders(folders: readonly OutputFolder[]): Promise<void> {
    this.#folders = folders;
    return this.scan();
  }

  /** Videos in the folders without a readable sidecar, newest first, except those taken off the list. */
  elsewhere(): readonly ElsewhereVideo[] {
    this.#newestFirst ??= [...this.#elsewhere.values()].sort((a, b) => b.modifiedAt - a.modifiedAt);
    return this.#newestFirst.filter((v) => !this.store.isHidden(v.path));
  }

  /** The video made elsewhere at `path`, if it is listed. */
  elsewhereAt(path: string): ElsewhereVideo | undefined {
    const video = this.#elsewhere.get(path);
    return video && !this.store.isHidden(path) ? video : undefined;
  }

  /** Folders holding more videos than `seedance.maxFolderVideos`: how many are not listed. */
  notListed(): readonly NotListed[] {
    return this.#notListed;
  }

  /** Reads the folders now, whole (after the queue of earlier scans and updates). */
  scan(): Promise<void> {
    return this.#queue(() => this.#scan());
  }

  /** Settles when the changes heard so far are read (tests, and a command that needs the list now). */
  idle(): Promise<void> {
    return this.#settled?.promise ?? this.#work;
  }

  #queue(work: () => Promise<void>): Promise<void> {
    this.#work = this.#work
      .then(work)
      .catch((err: unknown) => this.report(`Reading the videos folders: ${String(err)}`));
    return this.#work;
  }

  /** A file event: the video it is about is read again soon; the folder itself, a scan. */
  fileChanged(path: string): void {
    if (this.#folders.some((f) => f.dir === path)) this.#rescan = true;
    else {
      const video = videoOfFile(path);
      if (!video || !this.#folderOf(video)) return;
      this.#changed.add(video);
    }
    clearTimeout(this.#timer);
    const settled = (this.#settled ??= deferred());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#settled = undefined;
      const paths = [...this.#changed];
      const rescan = this.#rescan;
      this.#changed = new Set();
      this.#rescan = false;
      void this.#queue(() => (rescan ? this.#scan() : this.#update(paths))).then(() => settled.resolve());
    }, SETTLE_MS);
  }

  #folderOf(video: string): OutputFolder | undefined {
    const dir = dirname(video);
    return this.#outside.has(dir) ? undefined : this.#folders.find((f) => f.dir === dir);
  }

  /** The videos at `paths` read again, each alone (after earlier scans and updates). */
  update(paths: readonly string[]): Promise<void> {
    return this.#queue(() => this.#update(paths));
  }

  /** Each video at `paths` listed, changed or taken off, as a fresh scan would have it. */
  async #update(paths: readonly string[]): Promise<void> {
    const put: DoneJob[] = [];
    const gone: string[] = [];
    let elsewhere = false;
    // Only videos of a folder that is read (not one outside its root).
    const readable = paths.filter((p) => this.#folderOf(p));
    for (let at = 0; at < readable.length; at += BATCH) {
      const batch = readable.slice(at, at + BATCH);
      const read = await Promise.all(batch.map((p) => videoAt(p, this.report)));
      const lengths = await Promise.all(
        read.map((v) => (v && !v.sidecar ? mp4Duration(v.path) : Promise.resolve(undefined))),
      );
      batch.forEach((path, i) => {
        const video = read[i];
        const folder = this.#folderOf(path)!;
        const job = video ? jobFromSidecar(video, folder.root, folder.rootUri) : undefined;
        if (job) put.push(job);
        else gone.push(path);
        if (video && !job) {
          this.#elsewhere.set(path, elsewhereVideo(video, lengths[i]));
          elsewhere = true;
        } else if (this.#elsewhere.delete(path)) elsewhere = true;
      });
    }
    this.store.adoptChanges(put, gone);
    if (elsewhere) this.#changedElsewhere();
  }

  async #scan(): Promise<void> {
    const found: DoneJob[] = [];
    const elsewhere: FolderVideo[] = [];
    const notListed: NotListed[] = [];
    const outside = new Set<string>();
    for (const { dir, root, rootUri } of this.#folders) {
      const max = this.maxVideos();
      const listing = await listVideos(dir, this.report, { root, max });
      if (listing.outside) outside.add(dir);
      if (listing.over) {
        notListed.push({ dir, count: listing.over });
        this.report(
          `${dir} holds ${listing.videos.length + listing.over} videos: listing the newest ${max} (seedance.maxFolderVideos)`,
        );
      }
      for (const video of listing.videos) {
        const job = jobFromSidecar(video, root, rootUri);
        if (job) found.push(job);
        else elsewhere.push(video);
      }
    }
    this.#notListed = notListed;
    this.#outside = outside;
    this.store.adopt(found);
    // Lengths from the headers, a batch at a time; one already read is kept while its file is the same.
    const before = this.#elsewhere;
    const next = new Map<string, ElsewhereVideo>();
    for (let at = 0; at < elsewhere.length; at += BATCH) {
      const batch = elsewhere.slice(at, at + BATCH);
      const lengths = await Promise.all(
        batch.map((v) => {
          const known = before.get(v.path);
          return known?.modifiedAt === v.modifiedAt ? Promise.resolve(known.seconds) : mp4Duration(v.path);
        }),
      );
      batch.forEach((v, i) => next.set(v.path, elsewhereVideo(v, lengths[i])));
      await yieldToLoop();
    }
    const same =
      before.size === next.size && [...next.values()].every((v) => before.get(v.path)?.modifiedAt === v.modifiedAt);
    this.#elsewhere.clear();
    for (const [path, video] of next) this.#elsewhere.set(path, video);
    this.#newestFirst = undefined;
    if (!same) this.#onDidChange.fire();
  }

  #changedElsewhere(): void {
    this.#newestFirst = undefined;
    this.#onDidChange.fire();
  }
}

function elsewhereVideo(video: FolderVideo, seconds: number | undefined): ElsewhereVideo {
  return {
    path: video.path,
    bytes: video.bytes,
    modifiedAt: video.modifiedAt,
    ...(seconds !== undefined && { seconds }),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
