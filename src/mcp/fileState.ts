// The MCP servers' memory, in one JSON file per root folder, shared by every server on that root
// (an agent's client may start a server per call, or several at once): the jobs they submitted,
// today's spend and its holds. Every change is made under the file's lock (lockedFile.ts), and
// this process's change is merged into what is on disk: a process never writes back a stale copy
// of another's data.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isAlive, LockedFile, type Values } from '../common/lockedFile';
import type { Place } from '../jobs/jobManager';
import type { Memento } from '../jobs/jobStore';
import { STORAGE_KEY } from '../jobs/storedJobs';

/** Which server follows each job (polls and downloads it): process ids, by job id. */
const OWNERS_KEY = 'mcp.owners';
/** Sends under way in any server (each holds a place at the provider until its job is stored). */
const SENDING_KEY = 'mcp.sending';
/** A send's place lapses after this, should its process die mid-send. */
const SEND_HOLD_MS = 5 * 60_000;

export interface FileStateOptions {
  readonly report: (line: string) => void;
  /** This process's id (the owner of the jobs it sends or takes over). */
  readonly pid?: number;
  /** Whether a process is still running (another server follows its jobs while it is). */
  readonly alive?: (pid: number) => boolean;
}

export class FileState implements Memento {
  readonly #file: LockedFile;
  readonly #pid: number;
  readonly #alive: (pid: number) => boolean;
  /** The jobs list as this process's store last saw it: what it changed is what differs from this. */
  #jobsSeen: readonly unknown[];
  /** Jobs another running server follows: left out of what this process reads, and never written by it. */
  #others = new Set<string>();

  constructor(dir: string, root: string, options: FileStateOptions) {
    const name = createHash('sha256').update(root).digest('hex').slice(0, 16);
    this.#file = new LockedFile(join(dir, `mcp-${name}.json`), options.report);
    this.#pid = options.pid ?? process.pid;
    this.#alive = options.alive ?? isAlive;
    this.#jobsSeen = listOf(this.#ownJobs());
  }

  /**
   * Takes over the jobs no running server follows (sent by one that has ended, or by this one), so
   * each job is polled and downloaded by one process. Call before the store reads the jobs.
   */
  claimJobs(): Promise<void> {
    return this.#locked((disk) => {
      const owners = ownersOf(disk);
      this.#others = new Set();
      for (const id of idsOf(disk[STORAGE_KEY])) {
        const owner = owners[id];
        if (owner !== undefined && owner !== this.#pid && this.#alive(owner)) this.#others.add(id);
        else owners[id] = this.#pid;
      }
      disk[OWNERS_KEY] = owners;
    }).then(() => void (this.#jobsSeen = listOf(this.#ownJobs())));
  }

  get path(): string {
    return this.#file.path;
  }

  keys(): readonly string[] {
    return Object.keys(this.#file.values);
  }

  get<T>(key: string): T | undefined {
    return (key === STORAGE_KEY ? this.#ownJobs() : this.#file.values[key]) as T | undefined;
  }

  /**
   * Stores `value` under `key`. The jobs list is merged: the jobs this process added, changed or
   * removed since it last saved are applied to the list on disk, and every other job stays as the
   * file has it. Any other key is replaced; the rest of the file is kept as it is on disk.
   */
  update(key: string, value: unknown): Promise<void> {
    const copy: unknown = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
    return this.#locked((disk) => {
      if (key === STORAGE_KEY) {
        const mine = Array.isArray(copy) ? copy : [];
        disk[key] = mergeJobs(this.#jobsSeen, mine, disk[key]);
        const owners = ownersOf(disk);
        for (const id of idsOf(mine)) if (!this.#others.has(id)) owners[id] ??= this.#pid;
        disk[OWNERS_KEY] = pruneOwners(owners, disk[key]);
        this.#jobsSeen = mine;
      } else if (copy === undefined) delete disk[key];
      else disk[key] = copy;
    });
  }

  /** Reads, changes and writes the file under its lock: `change` sees the file as it is now. */
  transact<T>(change: (values: Values) => T): Promise<T> {
    return this.#locked(change);
  }

  /**
   * A place at the provider for one send, counted across every server on the root: the jobs on disk
   * still rendering and the sends under way (a send tied to a job already on disk as rendering
   * counts once). Undefined when all `limit` places are taken.
   */
  async takePlace(limit: number, key?: string, now = Date.now()): Promise<Place | undefined> {
    const hold = randomBytes(8).toString('hex');
    const taken = await this.#locked((disk) => {
      const sending = sendsOf(disk, now);
      const rendering = new Set(
        listOf(disk[STORAGE_KEY])
          .filter((j) => (j as { phase?: unknown } | null)?.phase === 'rendering')
          .map(idOf),
      );
      const sends = Object.values(sending).filter((s) => s.job === undefined || !rendering.has(s.job)).length;
      if (rendering.size + sends >= limit) return false;
      disk[SENDING_KEY] = { ...sending, [hold]: { until: now + SEND_HOLD_MS, ...(key && { job: key }) } };
      return true;
    });
    if (!taken) return undefined;
    const change = (edit: (sends: Record<string, Send>) => void) =>
      this.#locked((disk) => {
        const sending = sendsOf(disk, Date.now());
        edit(sending);
        disk[SENDING_KEY] = sending;
      });
    return {
      bind: (job) => change((sends) => void (sends[hold] &&= { ...sends[hold], job })),
      release: () => change((sends) => void delete sends[hold]),
    };
  }

  /** Settles once every change asked for so far is written. */
  idle(): Promise<void> {
    return this.#file.idle();
  }

  /** The stored jobs but those another running server follows (undefined or not a list: as stored). */
  #ownJobs(): unknown {
    const jobs = this.#file.values[STORAGE_KEY];
    if (!Array.isArray(jobs)) return jobs;
    return jobs.filter((j) => !this.#others.has(idOf(j) ?? ''));
  }

  #locked<T>(change: (values: Values) => T): Promise<T> {
    return this.#file.change(change);
  }
}

/** `theirs` (the list on disk) with what changed from `seen` to `mine` applied; newest first. */
export function mergeJobs(seen: readonly unknown[], mine: readonly unknown[], theirs: unknown): unknown[] {
  const before = new Map(seen.map((j) => [idOf(j), JSON.stringify(j)]));
  const now = new Map(mine.map((j) => [idOf(j), j]));
  const removed = new Set([...before.keys()].filter((id) => !now.has(id)));
  const merged = new Map<string | undefined, unknown>();
  for (const job of Array.isArray(theirs) ? (theirs as unknown[]) : []) {
    const id = idOf(job);
    if (id !== undefined && !removed.has(id)) merged.set(id, job);
  }
  for (const [id, job] of now) if (id !== undefined && before.get(id) !== JSON.stringify(job)) merged.set(id, job);
  return [...merged.values()].sort((a, b) => submittedAt(b) - submittedAt(a));
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function idOf(job: unknown): string | undefined {
  const id = (job as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

function idsOf(jobs: unknown): string[] {
  return Array.isArray(jobs) ? jobs.map(idOf).filter((id) => id !== undefined) : [];
}

function submittedAt(job: unknown): number {
  const at = (job as { submittedAt?: unknown } | null)?.submittedAt;
  return typeof at === 'number' && Number.isFinite(at) ? at : 0;
}

interface Send {
  readonly until: number;
  /** The job it sends, once its key is known. */
  readonly job?: string;
}

/** The sends under way that have not lapsed, by hold id (parsed: the file is untrusted). */
function sendsOf(disk: Values, now: number): Record<string, Send> {
  const stored = disk[SENDING_KEY];
  const sends: Record<string, Send> = Object.create(null) as Record<string, Send>;
  if (typeof stored !== 'object' || stored === null) return sends;
  for (const [id, value] of Object.entries(stored)) {
    const { until, job } = (value ?? {}) as { until?: unknown; job?: unknown };
    if (typeof until === 'number' && until > now) sends[id] = { until, ...(typeof job === 'string' && { job }) };
  }
  return sends;
}

function ownersOf(disk: Values): Record<string, number> {
  const stored = disk[OWNERS_KEY];
  const owners: Record<string, number> = Object.create(null) as Record<string, number>;
  if (typeof stored !== 'object' || stored === null) return owners;
  for (const [id, pid] of Object.entries(stored))
    if (Number.isSafeInteger(pid) && (pid as number) > 0) owners[id] = pid as number;
  return owners;
}

/** Owners of jobs still listed only. */
function pruneOwners(owners: Record<string, number>, jobs: unknown): Record<string, number> {
  const ids = new Set(idsOf(jobs));
  return Object.fromEntries(Object.entries(owners).filter(([id]) => ids.has(id)));
}
