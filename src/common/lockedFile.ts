// A small JSON file that several processes change (MCP servers on one root, VS Code windows on one
// profile). Every change is made under a lock on the file (proper-lockfile, so no process waits on
// a hand-rolled retry loop or a lock a crashed one left behind): the file is read afresh, changed,
// written to a temporary file and renamed. Nobody writes back a stale copy of another's data.
// The file is parsed as untrusted, like every stored state; one that cannot be read is started
// afresh with a line saying so.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { lock } from 'proper-lockfile';

export type Values = Record<string, unknown>;

export class LockedFile {
  /** The file as this process last read or wrote it. */
  #values: Values;
  /** Changes are made one at a time, in the order they were asked for. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly report: (line: string) => void,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.#values = read(path, report);
  }

  /** The file as last read or written here (without a lock: another process may have changed it). */
  get values(): Values {
    return this.#values;
  }

  /** Reads the file again (no lock: a reader sees either the old or the new file, never half). */
  reread(): Values {
    return (this.#values = read(this.path, this.report));
  }

  /** Reads, changes and writes the file under its lock: `change` sees the file as it is now. */
  change<T>(change: (values: Values) => T): Promise<T> {
    const run = async () => {
      const release = await lock(this.path, {
        realpath: false,
        lockfilePath: `${this.path}.lock`,
        // A lock is held for one read and one write: milliseconds. One left by a process that
        // died is taken over after 10 s.
        stale: 10_000,
        retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true },
        onCompromised: (err) => this.report(`The lock on ${this.path} was lost: ${err.message}`),
      });
      try {
        const disk = read(this.path, this.report);
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

  /** Settles once every change asked for so far is written. */
  idle(): Promise<void> {
    return this.#queue.then(() => undefined);
  }
}

/** Whether a process on this machine is still running. */
export function isAlive(pid: number): boolean {
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
  report(`Ignored ${path}: it could not be read (started afresh)`);
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
