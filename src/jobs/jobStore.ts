// Every job of this workspace, persisted in workspaceState so a reload or a restart brings them
// back. A job is stored the moment the provider returns its id, before anything else happens.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { type Job, isRunning } from './job';

/** Where the jobs live in workspaceState (versioned: a new shape gets a new key). */
export const STORAGE_KEY = 'seedance.jobs.v1';

export class JobStore extends Disposable {
  readonly #memento: vscode.Memento;
  /** Newest first. */
  #jobs: Job[];
  readonly #onDidChange = this._register(new vscode.EventEmitter<Job | undefined>());
  /** Fires with the job that changed, or undefined when the list itself changed. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(memento: vscode.Memento) {
    super();
    this.#memento = memento;
    const stored = memento.get<unknown>(STORAGE_KEY);
    this.#jobs = Array.isArray(stored) ? (stored.filter(isJobLike) as Job[]) : [];
  }

  all(): readonly Job[] {
    return this.#jobs;
  }

  get(id: string): Job | undefined {
    return this.#jobs.find((j) => j.id === id);
  }

  running(): Job[] {
    return this.#jobs.filter(isRunning);
  }

  async add(job: Job): Promise<void> {
    this.#jobs = [job, ...this.#jobs.filter((j) => j.id !== job.id)];
    await this.#save();
    this.#onDidChange.fire(undefined);
  }

  /** Changes a job in place (the tree keeps its row) and persists it. */
  async update(id: string, patch: Partial<Job>): Promise<Job | undefined> {
    const job = this.get(id);
    if (!job) return undefined;
    Object.assign(job, patch);
    await this.#save();
    this.#onDidChange.fire(job);
    return job;
  }

  async remove(id: string): Promise<void> {
    this.#jobs = this.#jobs.filter((j) => j.id !== id);
    await this.#save();
    this.#onDidChange.fire(undefined);
  }

  /** Removes every job that is no longer running; returns how many. */
  async clearFinished(): Promise<number> {
    const before = this.#jobs.length;
    this.#jobs = this.#jobs.filter(isRunning);
    await this.#save();
    this.#onDidChange.fire(undefined);
    return before - this.#jobs.length;
  }

  #save(): Thenable<void> {
    return this.#memento.update(STORAGE_KEY, this.#jobs);
  }
}

function isJobLike(v: unknown): boolean {
  const j = v as Partial<Job> | null;
  return !!j && typeof j.id === 'string' && typeof j.prompt === 'string' && typeof j.phase === 'string';
}
