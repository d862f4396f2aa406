// The account's places at the provider, counted across the VS Code windows of one profile (they
// share one key, so one account's limit). Each window writes into one locked file in the profile's
// storage how many of its jobs are rendering and which sends it has under way; a window takes a
// place only when the sum over every running window is under the limit. A window that ended
// without saying so (a crash) is recognised by its process and no longer counted.
import { randomBytes } from 'node:crypto';
import { isAlive, LockedFile, type Values } from '../common/lockedFile';
import type { Place, SendPlaces } from './jobManager';

const WINDOWS_KEY = 'windows';
/** A send's place lapses after this, should its window die mid-send. */
const SEND_HOLD_MS = 5 * 60_000;

interface Window {
  readonly pid: number;
  /** Jobs of this window the provider is rendering. */
  busy: number;
  /** Sends under way: hold id → when it lapses. */
  holds: Record<string, number>;
}

export interface WindowPlacesOptions {
  readonly report: (line: string) => void;
  /** This window's jobs in the provider's hands now. */
  readonly busyHere: () => number;
  /** This window's id in the file (tests give two "windows" in one process their own). */
  readonly id?: string;
  readonly pid?: number;
  readonly alive?: (pid: number) => boolean;
  readonly now?: () => number;
}

export class WindowPlaces implements SendPlaces {
  readonly #file: LockedFile;
  readonly #options: WindowPlacesOptions;
  readonly #id: string;
  readonly #pid: number;
  /** The busy count last written (a change that does not change it writes nothing). */
  #published = 0;
  #publishing: Promise<void> | undefined;

  constructor(path: string, options: WindowPlacesOptions) {
    this.#file = new LockedFile(path, options.report);
    this.#options = options;
    this.#pid = options.pid ?? process.pid;
    this.#id = options.id ?? `${this.#pid}-${randomBytes(4).toString('hex')}`;
  }

  async take(limit: number): Promise<Place | undefined> {
    const hold = randomBytes(8).toString('hex');
    const taken = await this.#change((windows, me, now) => {
      if (inUse(windows, now) >= limit) return false;
      me.holds[hold] = now + SEND_HOLD_MS;
      return true;
    });
    if (!taken) return undefined;
    let released = false;
    return {
      // The hold is this window's until its job is stored as rendering (counted in `busy` then).
      bind: () => Promise.resolve(),
      release: async () => {
        if (released) return;
        released = true;
        await this.#change((_windows, me) => void delete me.holds[hold]);
      },
    };
  }

  /** This window's jobs in the provider's hands may have changed: the others are told (coalesced). */
  changed(): Promise<void> {
    if (this.#publishing) return this.#publishing;
    if (this.#options.busyHere() === this.#published) return Promise.resolve();
    this.#publishing = Promise.resolve()
      .then(async () => {
        this.#publishing = undefined;
        if (this.#options.busyHere() !== this.#published) await this.#change(() => undefined);
      })
      .catch((err: unknown) => this.#options.report(`Could not share this window's jobs: ${String(err)}`));
    return this.#publishing;
  }

  /** Settles once every change asked for so far is written. */
  async idle(): Promise<void> {
    await this.#publishing;
    await this.#file.idle();
  }

  /** Takes this window out of the count (it is closing). */
  async close(): Promise<void> {
    await this.#file.change((disk) => {
      const windows = windowsOf(disk, this.#options.alive ?? isAlive);
      delete windows[this.#id];
      disk[WINDOWS_KEY] = windows;
    });
  }

  /** Changes the file with this window's entry brought up to date; windows that ended are dropped. */
  #change<T>(edit: (windows: Record<string, Window>, me: Window, now: number) => T): Promise<T> {
    return this.#file.change((disk) => {
      const now = (this.#options.now ?? Date.now)();
      const windows = windowsOf(disk, this.#options.alive ?? isAlive);
      const me = (windows[this.#id] ??= { pid: this.#pid, busy: 0, holds: {} });
      me.busy = this.#published = this.#options.busyHere();
      for (const [id, until] of Object.entries(me.holds)) if (until <= now) delete me.holds[id];
      const answer = edit(windows, me, now);
      if (me.busy === 0 && Object.keys(me.holds).length === 0) delete windows[this.#id];
      disk[WINDOWS_KEY] = windows;
      return answer;
    });
  }
}

/** Places in use across windows: jobs rendering and sends whose hold has not lapsed. */
function inUse(windows: Record<string, Window>, now: number): number {
  let n = 0;
  for (const w of Object.values(windows)) n += w.busy + Object.values(w.holds).filter((until) => until > now).length;
  return n;
}

/** The windows in the file that are still running (parsed: the file is untrusted). */
function windowsOf(disk: Values, alive: (pid: number) => boolean): Record<string, Window> {
  const stored = disk[WINDOWS_KEY];
  const windows = Object.create(null) as Record<string, Window>;
  if (typeof stored !== 'object' || stored === null) return windows;
  for (const [id, value] of Object.entries(stored)) {
    const { pid, busy, holds } = (value ?? {}) as { pid?: unknown; busy?: unknown; holds?: unknown };
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || !alive(pid as number)) continue;
    const held: Record<string, number> = Object.create(null) as Record<string, number>;
    if (typeof holds === 'object' && holds !== null)
      for (const [h, until] of Object.entries(holds))
        if (typeof until === 'number' && Number.isFinite(until)) held[h] = until;
    const count = Number.isSafeInteger(busy) && (busy as number) > 0 ? Math.min(busy as number, 1_000) : 0;
    windows[id] = { pid: pid as number, busy: count, holds: held };
  }
  return windows;
}
