// Every job of this workspace, persisted (workspaceState) so a reload or a restart brings them
// back. A job is stored the moment the provider returns its id, before anything else happens.
// Jobs are immutable: a change goes through reduce() (reducer.ts) in apply(), which stores the new
// value and tells listeners (before, after). No `vscode`: unit-tested with a memento in memory.
import { Disposable } from '../common/lifecycle';
import { Emitter } from '../common/emitter';
import { type DoneJob, type Job, isRunning, taskIdOf, videoPathOf } from './job';
import { type Effect, type JobInput, reduce } from './reducer';
import { LEGACY_STORAGE_KEY, STORAGE_KEY, migrateV1, readStored } from './storedJobs';

const SAVE_DELAY_MS = 500;
/** Videos taken off the list by the person (paths): the folder's scan does not bring them back. */
export const HIDDEN_KEY = 'seedance.hiddenVideos';
/** The most remembered; the oldest are forgotten first. */
const MAX_HIDDEN = 2000;

/** Where the list is kept (vscode.Memento has this shape). */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** One job changed (its row is redrawn), or, with neither, the list itself changed. */
/**
 * One change of the list: a job changed (`before` → `after`, the same id), jobs were listed
 * (`added`) or taken off it (`removed`), or a video with no job was (`hidden`). A change names
 * everything it touched.
 */
export interface JobChange {
  readonly before?: Job;
  readonly after?: Job;
  readonly added?: readonly Job[];
  readonly removed?: readonly Job[];
  /** A video without a job (made elsewhere, no sidecar) taken off the list: its path. */
  readonly hidden?: string;
}

export interface Applied {
  readonly before: Job;
  readonly after: Job;
  readonly effects: readonly Effect[];
}

export class JobStore extends Disposable {
  readonly #memento: Memento;
  /** Newest first: the jobs made here (stored) and those found in the folder (`found`, never stored). */
  #jobs: readonly Job[];
  /** Video paths the person removed from the list; the files are still there. */
  readonly #hidden: Set<string>;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Every listed job by its key; the found ones by their video's path too. */
  readonly #byId = new Map<string, Job>();
  readonly #found = new Map<string, DoneJob>();
  /** What each found video was read as: read again the same, it is left as it is. */
  readonly #read = new Map<string, DoneJob>();
  /** The task ids and video paths of jobs made here: a found copy of one is keyed or left apart. */
  #ownTasks = new Set<string>();
  #ownPaths = new Set<string>();
  readonly #onDidChange = this._register(new Emitter<JobChange>());
  /** Fires with the job before and after a change, or with neither when the list itself changed. */
  readonly onDidChange = this.#onDidChange.event;

  /** `report` hears what stored data could not be read (one line, naming what was dropped). */
  constructor(memento: Memento, report: (line: string) => void = () => undefined) {
    super();
    this.#memento = memento;
    const stored = memento.get<unknown>(STORAGE_KEY);
    const legacy = stored === undefined ? memento.get<unknown>(LEGACY_STORAGE_KEY) : undefined;
    this.#jobs = legacy === undefined ? readStored(stored, report) : migrateV1(legacy, report);
    this.#index();
    const hidden = memento.get<unknown>(HIDDEN_KEY);
    this.#hidden = new Set(Array.isArray(hidden) ? hidden.filter((p): p is string => typeof p === 'string') : []);
  }

  /**
   * What the output folders hold now (folderJobs.ts), in place of what they held before: each video
   * not made here, not listed already and not removed by the person. A copy of a video (same task)
   * is listed apart. Fires only when the list changes.
   */
  adopt(found: readonly DoneJob[]): void {
    const paths = new Set(found.map((j) => j.videoPath));
    const gone = this.#jobs.filter((j) => j.found && !paths.has(videoPathOf(j) ?? '')).map((j) => videoPathOf(j)!);
    this.adoptChanges(found, gone);
  }

  /**
   * What changed in the output folders (a file event): the videos `put` found or read again, and
   * the videos at the paths `gone` no longer there. Costs what changed, not what is listed.
   */
  adoptChanges(put: readonly DoneJob[], gone: readonly string[]): void {
    let jobs: Job[] | undefined;
    const edit = () => (jobs ??= [...this.#jobs]);
    const added: DoneJob[] = [];
    const removed: Job[] = [];
    for (const path of gone) {
      const held = this.#found.get(path);
      if (!held) continue;
      const list = edit();
      list.splice(list.indexOf(held), 1);
      removed.push(held);
      this.#found.delete(path);
      this.#read.delete(path);
      this.#byId.delete(held.id);
    }
    for (const job of put) {
      const held = this.#found.get(job.videoPath);
      // The same video as before keeps its object (a row is known by it) and what was done to it.
      // Compared only when read again (an event, a rescan), never on a folder's first read.
      if (held && sameRead(this.#read.get(job.videoPath), job)) continue;
      if (held) {
        const list = edit();
        list.splice(list.indexOf(held), 1);
        removed.push(held);
        this.#found.delete(job.videoPath);
        this.#byId.delete(held.id);
      }
      if (!this.#listable(job)) continue;
      edit();
      let id = job.id;
      for (let n = 2; this.#byId.has(id) || this.#ownTasks.has(id); n++) id = `${job.id}~${n}`;
      const fresh: DoneJob = id === job.id ? job : { ...job, id, taskId: job.id };
      added.push(fresh);
      this.#found.set(fresh.videoPath, fresh);
      this.#read.set(fresh.videoPath, job);
      this.#byId.set(id, fresh);
    }
    const list = jobs;
    if (!list) return;
    // A few go where they belong; many (a folder's first scan) are sorted in at once.
    if (added.length > 16) {
      for (const job of added) list.push(job);
      list.sort((a, b) => b.submittedAt - a.submittedAt);
    } else for (const job of added) list.splice(newestFirstIndex(list, job.submittedAt), 0, job);
    this.#jobs = list;
    this.#onDidChange.fire({ added, removed });
  }

  /** A found video is listed unless a job made here has its file, or the person removed it. */
  #listable(job: DoneJob): boolean {
    return !this.#ownPaths.has(job.videoPath) && !this.#hidden.has(job.videoPath);
  }

  /** Whether the person took the video at `path` off the list. */
  isHidden(path: string): boolean {
    return this.#hidden.has(path);
  }

  /** Takes a video that has no job (made elsewhere) off the list; its file stays. */
  async hide(path: string): Promise<void> {
    this.#hidden.add(path);
    await this.#saveHidden();
    this.#onDidChange.fire({ hidden: path });
  }

  /**
   * Writes jobs migrated from 0.1.0's key under today's, and only then drops the old key, so a
   * failure half-way leaves the old data to migrate again next time.
   */
  async migrate(): Promise<number> {
    if (this.#memento.get(STORAGE_KEY) !== undefined || this.#memento.get(LEGACY_STORAGE_KEY) === undefined) return 0;
    await this.#save();
    await this.#memento.update(LEGACY_STORAGE_KEY, undefined);
    return this.#jobs.length;
  }

  all(): readonly Job[] {
    return this.#jobs;
  }

  get(id: string): Job | undefined {
    return this.#byId.get(id);
  }

  /** A key for a job whose task id an earlier job already has: `id~2`, `id~3`… */
  freeKey(id: string): string {
    if (!this.get(id)) return id;
    for (let n = 2; ; n++) if (!this.get(`${id}~${n}`)) return `${id}~${n}`;
  }

  running(): Job[] {
    return this.#jobs.filter(isRunning);
  }

  /** Adds a new job. Its id must be new: a job is never replaced (JobManager keys a repeated task id apart). */
  async add(job: Job): Promise<void> {
    const held = this.get(job.id);
    if (held && !held.found) throw new Error(`A job with the id ${job.id} is already stored`);
    // One found in the folder gives way to the job made here.
    this.#jobs = [job, ...this.#jobs.filter((j) => j !== held)];
    this.#index();
    await this.#save();
    this.#onDidChange.fire({ added: [job], removed: held ? [held] : [] });
  }

  /**
   * What `input` does to the job `id` (reducer.ts), stored: the only way a job changes. A change of
   * phase is persisted at once; progress and status alone are coalesced into one save per
   * SAVE_DELAY_MS, since every save writes the whole list (500 jobs polled in one tick would
   * otherwise mean 500 saves). Undefined when there is no such job. `first` sees the job's next
   * value before anyone else does (the sidecar is written before a video is called Ready).
   */
  async apply(id: string, input: JobInput, first?: (next: Job) => Promise<void>): Promise<Applied | undefined> {
    if (first) {
      const held = this.get(id);
      if (!held) return undefined;
      await first(reduce(held, input).job);
    }
    const before = this.get(id);
    if (!before) return undefined;
    const { job: after, effects } = reduce(before, input);
    if (after !== before) {
      let jobs = [...this.#jobs];
      jobs[jobs.indexOf(before)] = after;
      this.#byId.set(id, after);
      if (after.found && after.phase === 'done') this.#found.set(after.videoPath, after);
      this.#indexOwn(after);
      // The folder may have listed the file while it was being written (before this job named
      // it): that copy gives way to the job made here.
      const path = after.found ? undefined : videoPathOf(after);
      const copy = path === undefined ? undefined : this.#found.get(path);
      if (copy) {
        jobs = jobs.filter((j) => j !== copy);
        this.#found.delete(copy.videoPath);
        this.#read.delete(copy.videoPath);
        this.#byId.delete(copy.id);
      }
      this.#jobs = jobs;
      this.#onDidChange.fire({ before, after });
      if (copy) this.#onDidChange.fire({ removed: [copy] });
      if (after.phase !== before.phase) await this.#save();
      else this.#saveSoon();
    }
    return { before, after, effects };
  }

  /** Persists a pending coalesced save now (deactivation). */
  flush(): PromiseLike<void> | undefined {
    return this.#saveTimer ? this.#save() : undefined;
  }

  /** Takes a job off the list (its files stay); returns it and where it was, for Undo. */
  async remove(id: string): Promise<{ job: Job; at: number } | undefined> {
    const at = this.#jobs.findIndex((j) => j.id === id);
    if (at < 0) return undefined;
    const job = this.#jobs[at];
    this.#jobs = this.#jobs.filter((j) => j !== job);
    this.#index();
    // The folder would list it again: the person's choice is kept.
    const video = videoPathOf(job);
    if (video) this.#hidden.add(video);
    await this.#save();
    if (video) await this.#saveHidden();
    this.#onDidChange.fire({ removed: [job] });
    return { job, at };
  }

  /** Puts a removed job back where it was (Undo); nothing when its id is listed again meanwhile. */
  async restore(job: Job, at: number): Promise<boolean> {
    const held = this.get(job.id);
    if (held && !held.found) return false;
    // Back in the list before anything is awaited: a folder read landing meanwhile must find the
    // job made here (and leave its file alone), not list the file as someone else's video.
    const video = videoPathOf(job);
    const unhidden = video !== undefined && this.#hidden.delete(video);
    // A copy the folder listed meanwhile (the same task or the same file) gives way to it.
    const copies = this.#jobs.filter((j) => j.found && (j.id === job.id || videoPathOf(j) === video));
    const jobs = this.#jobs.filter((j) => !copies.includes(j));
    jobs.splice(Math.min(at, jobs.length), 0, job);
    this.#jobs = jobs;
    this.#index();
    await this.#save();
    if (unhidden) await this.#saveHidden();
    this.#onDidChange.fire({ added: [job], removed: copies });
    return true;
  }

  /** Removes every job that is no longer running; returns how many. */
  async clearFinished(): Promise<number> {
    const before = this.#jobs.length;
    for (const job of this.#jobs) {
      const video = videoPathOf(job);
      if (video) this.#hidden.add(video);
    }
    const cleared = this.#jobs.filter((j) => !isRunning(j));
    this.#jobs = this.#jobs.filter(isRunning);
    this.#index();
    await this.#save();
    await this.#saveHidden();
    this.#onDidChange.fire({ removed: cleared });
    return before - this.#jobs.length;
  }

  /** The maps, from the list (after a change of the list itself, not on every poll result). */
  #index(): void {
    this.#byId.clear();
    this.#found.clear();
    this.#ownTasks = new Set();
    this.#ownPaths = new Set();
    for (const job of this.#jobs) {
      this.#byId.set(job.id, job);
      if (job.found && job.phase === 'done') this.#found.set(job.videoPath, job);
      else this.#indexOwn(job);
    }
    for (const path of this.#read.keys()) if (!this.#found.has(path)) this.#read.delete(path);
  }

  #indexOwn(job: Job): void {
    if (job.found) return;
    this.#ownTasks.add(job.id).add(taskIdOf(job));
    const video = videoPathOf(job);
    if (video) this.#ownPaths.add(video);
  }

  #saveSoon(): void {
    this.#saveTimer ??= setTimeout(() => void this.#save(), SAVE_DELAY_MS);
  }

  #save(): PromiseLike<void> {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    // Found jobs are the folder's to say; only jobs made here are stored.
    return this.#memento.update(
      STORAGE_KEY,
      this.#jobs.filter((j) => !j.found),
    );
  }

  #saveHidden(): PromiseLike<void> {
    const hidden = [...this.#hidden].slice(-MAX_HIDDEN);
    return this.#memento.update(HIDDEN_KEY, hidden);
  }

  override dispose(): void {
    void this.flush();
    super.dispose();
  }
}

function sameRead(before: DoneJob | undefined, now: DoneJob): boolean {
  return before !== undefined && JSON.stringify(before) === JSON.stringify(now);
}

/** Where a job submitted at `at` goes in a newest-first list (after those submitted at the same time). */
function newestFirstIndex(jobs: readonly Job[], at: number): number {
  let lo = 0;
  let hi = jobs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (jobs[mid].submittedAt >= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
