// Helpers for tests that talk to the simulator over real HTTP.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeedanceClient, type SeedanceClientOptions, type VideoTask, isFinal } from '../../src/api';
import { Simulator, type SimulatorOptions } from '../simulator/simulator';

/** Short waits so retry tests stay quick; the counts are what is asserted. */
export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 2000 };

/**
 * Starts a simulator before each test of the calling suite and stops it after. Its tasks are done
 * when first polled unless the suite asks for another pace (`held`: rendering until it ends them).
 */
export function useSimulator(options: SimulatorOptions = {}): { readonly sim: Simulator } {
  const holder = {} as { sim: Simulator };
  beforeEach(async () => {
    holder.sim = await Simulator.start({ pace: 'instant', ...options });
  });
  afterEach(async () => {
    await holder.sim.close();
  });
  return holder;
}

export function clientFor(sim: Simulator, options: Partial<SeedanceClientOptions> = {}): SeedanceClient {
  return new SeedanceClient({ baseUrl: sim.apiUrl, apiKey: sim.key, retry: FAST_RETRY, noProxy: '*', ...options });
}

/** A fresh temporary folder, removed after the calling suite's test. */
export function useTempDir(): { readonly path: string } {
  const holder = { path: '' };
  beforeEach(async () => {
    holder.path = await mkdtemp(join(tmpdir(), 'seedance-test-'));
  });
  afterEach(async () => {
    await rm(holder.path, { recursive: true, force: true });
  });
  return holder;
}

export async function waitForEnd(client: SeedanceClient, id: string, everyMs = 50): Promise<VideoTask> {
  for (;;) {
    const task = await client.retrieve(id);
    if (isFinal(task.state)) return task;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const listDir = (dir: string) => readdir(dir);

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Waits for what the test would see (a phase, a count, a file), never a fixed time. */
export async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
