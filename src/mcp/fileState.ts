// The MCP servers' memory, in one JSON file per root folder, shared by every server on that root
// (an agent's client may start a server per call, or several at once): the jobs they submitted,
// today's spend and its holds. Every change is made under a lock on the file (proper-lockfile, so
// no process waits on a hand-rolled retry loop or a lock a crashed one left behind): the file is
// read afresh, this process's change is merged into what is there, and the whole is written to a
// temporary file and renamed. A process never writes back a stale copy of another's data.
// The file is parsed as untrusted, like every stored state; one that cannot be read is started
// afresh with a line saying so.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import type { Place } from '../jobs/jobManager';
import type { Memento } from '../jobs/jobStore';
import { STORAGE_KEY } from '../jobs/storedJobs';

type Values = Record<string, unknown>;

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
  readonly path: string;
  readonly #report: (line: string) => void;
  readonly #pid: number;
  readonly #alive: (pid: number) => boolean;
  /** The file as this process last read or wrote it. */
  #values: Values;
  /** The jobs list as this process's store last saw it: what it changed is what differs from this. */
  #jobsSeen: readonly unknown[];
  /** Jobs another running server follows: left out of what this process reads, and never written by it. */
  #others = new Set<string>();
  /** Changes are made one at a time, in the order they were asked for. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string, root: string, options: FileStateOptions) {
    const name = createHash('sha256').update(root).digest('hex').slice(0, 16);
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `mcp-${name}.json`);
    this.#report = options.report;
    this.#pid = options.pid ?? process.pid;
    this.#alive = options.alive ?? isAlive;
    this.#values = read(this.path, this.#report);
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

  keys(): readonly string[] {
    return Object.keys(this.#values);
  }

  get<T>(key: string): T | undefined {
    return (key === STORAGE_KEY ? this.#ownJobs() : this.#values[key]) as T | undefined;
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

  /** The stored jobs but those another running server follows (undefined or not a list: as stored). */
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
    return this.#queue.then(() => undefined);
  }

  #ownJobs(): unknown {
    const jobs = this.#values[STORAGE_KEY];
    if (!Array.isArray(jobs)) return jobs;
    return jobs.filter((j) => !this.#others.has(idOf(j) ?? ''));
  }

  #locked<T>(change: (values: Values) => T): Promise<T> {
    const run = async () => {
      const release = await lock(this.path, {
        realpath: false,
        lockfilePath: `${this.path}.lock`,
        // A lock is held for one read and one write: milliseconds. One left by a process that
        // died is taken over after 10 s.
        stale: 10_000,
        retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true },
        onCompromised: (err) => this.#report(`The lock on ${this.path} was lost: ${err.message}`),
      });
      try {
        const disk = read(this.path, this.#report);
        const answer = change(disk);
        write(this.path, disk);
        this.#values = disk;
        return answer;
      } finally {
        await release().catch(() => undefined);
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(path: string, report: (line: string) => void): Values {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Values;
  } catch {
    // Reported below.
  }
  report(`Ignored ${path}: it is not the server's state (started afresh)`);
  return {};
}

function write(path: string, values: Values): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(values), { flag: 'wx' });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
