// The polling controller's schedule, asserted exactly: an injected scheduler records every delay
// it asks for, the window's focus is a stub, and the polls go to the simulator over real HTTP.
import assert from 'node:assert/strict';
import { SeedanceApiError, type SeedanceClient, type VideoTask, isFinal, validateRequest } from '../../src/api';
import { MAX_BACKOFF_MS, Poller, type PollerOptions, UNFOCUSED_FACTOR } from '../../src/jobs/poller';
import { clientFor, useSimulator } from '../support/sim';

const INTERVAL = 10_000;

/** Holds scheduled callbacks until the test runs them. */
class ManualScheduler {
  pending: { fn: () => void; ms: number; handle: number }[] = [];
  #next = 1;
  setTimeout = (fn: () => void, ms: number) => {
    const handle = this.#next++;
    this.pending.push({ fn, ms, handle });
    return handle;
  };
  clearTimeout = (handle: unknown) => {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  };
  /** Runs the one pending tick and waits for the poller to settle. */
  async fire(poller: Poller): Promise<void> {
    const ticks = this.pending.splice(0);
    assert.ok(ticks.length === 1, `expected one scheduled tick, found ${ticks.length}`);
    ticks[0].fn();
    while (poller.running && !this.pending.length) await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the polling controller', () => {
  const ctx = useSimulator({ pace: 'held' });
  let scheduler: ManualScheduler;
  let focused: boolean;
  let unfinished: Set<string>;
  let seen: Map<string, VideoTask>;
  let jobErrors: SeedanceApiError[];
  let authFailures: number;
  let inFlight: number;
  let maxInFlight: number;

  beforeEach(() => {
    scheduler = new ManualScheduler();
    focused = true;
    unfinished = new Set();
    seen = new Map();
    jobErrors = [];
    authFailures = 0;
    inFlight = 0;
    maxInFlight = 0;
  });

  function poller(client: SeedanceClient, extra: Partial<PollerOptions> = {}): Poller {
    return new Poller({
      unfinished: () => [...unfinished],
      retrieve: async (id, signal) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await client.retrieve(id, { signal });
        } finally {
          inFlight--;
        }
      },
      onTask: (id, task) => {
        seen.set(id, task);
        if (isFinal(task.state)) unfinished.delete(id);
      },
      onJobError: (id, err) => {
        jobErrors.push(err);
        unfinished.delete(id);
      },
      onAuthFailure: () => authFailures++,
      intervalMs: () => INTERVAL,
      focused: () => focused,
      scheduler,
      random: () => 0,
      ...extra,
    });
  }

  async function submit(client: SeedanceClient, n = 1): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { id } = await client.create(
        await validateRequest({ prompt: `job ${i}`, model: 'doubao-seedance-2-0-fast' }),
      );
      unfinished.add(id);
      ids.push(id);
    }
    ctx.sim.requests.length = 0;
    return ids;
  }
  const gets = () => ctx.sim.received('api', 'GET').length;

  it('does nothing at all while no job is unfinished', async () => {
    const p = poller(clientFor(ctx.sim));
    p.poke();
    await scheduler.fire(p);
    assert.deepEqual(scheduler.pending, [], 'no timer left behind');
    assert.equal(gets(), 0, 'no request');
    assert.equal(p.running, false);
  });

  it('polls at once when poked, then every interval, one GET per job per tick', async () => {
    const client = clientFor(ctx.sim);
    await submit(client, 3);
    const p = poller(client);
    p.poke();
    assert.equal(scheduler.pending[0].ms, 0);
    await scheduler.fire(p);
    assert.equal(gets(), 3);
    assert.equal(scheduler.pending[0].ms, INTERVAL);
    await scheduler.fire(p);
    assert.equal(gets(), 6);
    assert.deepEqual(p.scheduled, [0, INTERVAL, INTERVAL]);
  });

  it('stops once every job has finished', async () => {
    const client = clientFor(ctx.sim);
    const [id] = await submit(client);
    const p = poller(client);
    p.poke();
    await scheduler.fire(p);
    ctx.sim.finishTask(id);
    await scheduler.fire(p);
    assert.equal(seen.get(id)?.state, 'succeeded');
    assert.deepEqual(scheduler.pending, [], 'no further tick');
    assert.equal(p.running, false);
  });

  it(`polls ${UNFOCUSED_FACTOR}× slower while the window is unfocused, and catches up on focus`, async () => {
    const client = clientFor(ctx.sim);
    await submit(client);
    const p = poller(client);
    focused = false;
    p.poke();
    await scheduler.fire(p);
    assert.equal(scheduler.pending[0].ms, INTERVAL * UNFOCUSED_FACTOR);
    focused = true;
    p.focusChanged(true);
    assert.equal(scheduler.pending.length, 1, 'the slow tick was replaced');
    assert.ok(scheduler.pending[0].ms <= 1000, `caught up within a second (${scheduler.pending[0].ms} ms)`);
  });

  it('never has more requests in flight than its bound', async () => {
    const client = clientFor(ctx.sim);
    await submit(client, 20);
    ctx.sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 50 }, times: Infinity });
    const p = poller(client, { concurrency: 4 });
    p.poke();
    await scheduler.fire(p);
    assert.equal(gets(), 20);
    assert.equal(maxInFlight, 4);
  });

  it('backs off on server errors, doubling up to the cap, without failing any job', async () => {
    const client = clientFor(ctx.sim, { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 10 } });
    const [id] = await submit(client);
    ctx.sim.faults.add({ fault: { kind: 'status', status: 503 }, times: 3 });
    const p = poller(client);
    p.poke();
    for (let i = 0; i < 4; i++) await scheduler.fire(p);
    assert.deepEqual(p.scheduled, [0, INTERVAL * 2, INTERVAL * 4, INTERVAL * 8, INTERVAL]);
    assert.deepEqual(jobErrors, []);
    assert.ok(unfinished.has(id), 'the job is still polled');
  });

  it(`never waits longer than the cap (${MAX_BACKOFF_MS / 60_000} min), however long the errors go on, and recovers at once`, async () => {
    const client = clientFor(ctx.sim, { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 10 } });
    const [id] = await submit(client);
    ctx.sim.faults.add({ fault: { kind: 'status', status: 503 }, times: 7 });
    const p = poller(client);
    p.poke();
    for (let i = 0; i < 8; i++) await scheduler.fire(p);
    // 20 s, 40 s, 80 s, 160 s, then 320 s capped to 300 s, and so on; a good answer resets it.
    const cap = MAX_BACKOFF_MS;
    assert.deepEqual(p.scheduled, [
      0,
      INTERVAL * 2,
      INTERVAL * 4,
      INTERVAL * 8,
      INTERVAL * 16,
      cap,
      cap,
      cap,
      INTERVAL,
    ]);
    assert.ok(unfinished.has(id), 'the job is still polled');
  });

  it('honours a Retry-After longer than the interval', async () => {
    const client = clientFor(ctx.sim, { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 10 } });
    await submit(client);
    ctx.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '90' } });
    const p = poller(client);
    p.poke();
    await scheduler.fire(p);
    assert.ok(scheduler.pending[0].ms >= 90_000, `waited ${scheduler.pending[0].ms} ms`);
  });

  it('pauses on a 401 with one report, and resumes when told', async () => {
    const good = clientFor(ctx.sim);
    await submit(good, 3);
    let client = clientFor(ctx.sim, { apiKey: 'sk-wrong' });
    const p = poller(client, {
      retrieve: (id, signal) => client.retrieve(id, { signal }),
    });
    p.poke();
    await scheduler.fire(p);
    assert.equal(authFailures, 1, 'one report, not one per job');
    assert.equal(p.paused, true);
    assert.deepEqual(scheduler.pending, [], 'no polling while paused');
    p.poke();
    assert.deepEqual(scheduler.pending, [], 'poking does not resume it');
    client = good;
    p.resume();
    await scheduler.fire(p);
    assert.equal(seen.size, 3);
  });

  it('reports a task the provider does not know, and keeps polling the others', async () => {
    const client = clientFor(ctx.sim);
    const [id] = await submit(client);
    unfinished.add('task_gone');
    const p = poller(client);
    p.poke();
    await scheduler.fire(p);
    assert.deepEqual(
      jobErrors.map((e) => e.kind),
      ['task-not-found'],
    );
    assert.ok(seen.has(id));
    assert.equal(scheduler.pending.length, 1);
  });

  it('a poke during a tick runs one more tick right after it, never two at once', async () => {
    const client = clientFor(ctx.sim);
    await submit(client, 2);
    ctx.sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 100 }, times: 2 });
    const p = poller(client);
    p.poke();
    scheduler.pending.shift()!.fn();
    p.poke();
    p.poke();
    assert.ok(scheduler.pending.length === 0, 'nothing scheduled while a tick runs');
    while (scheduler.pending.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(scheduler.pending[0].ms, 0);
    assert.equal(maxInFlight, 2);
  });

  it('one slow reply never holds up the others: its tick ends, and the slow job is not polled twice at once', async () => {
    const client = clientFor(ctx.sim);
    const [slow, quick1, quick2] = await submit(client, 3);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const polled: string[] = [];
    // The quick ones' answers are read over HTTP beforehand, so they are in before the tick's
    // budget runs out however slow the machine: a timer never fires before answers already there.
    const answers = new Map(
      await Promise.all([quick1, quick2].map(async (id) => [id, await client.retrieve(id)] as const)),
    );
    const p = poller(client, {
      tickBudgetMs: 50,
      retrieve: async (id, signal) => {
        polled.push(id);
        if (id !== slow) return answers.get(id)!;
        await held; // a reply trickled a byte at a time
        return client.retrieve(id, { signal });
      },
    });
    p.poke();
    await scheduler.fire(p);
    assert.ok(seen.has(quick1) && seen.has(quick2), 'the others were read');
    assert.ok(!seen.has(slow), 'the slow one is still under way');
    assert.equal(scheduler.pending.length, 1, 'the next tick is scheduled all the same');
    await scheduler.fire(p);
    assert.deepEqual(
      polled.filter((id) => id === slow),
      [slow],
      'not polled again while its first poll is in flight',
    );
    assert.equal(polled.filter((id) => id === quick1).length, 2);
    release();
    await waitUntil(() => seen.has(slow));
  });

  describe('adaptive (polls placed around the estimated finish)', () => {
    /** The simulated clock: a fired tick moves it to when the tick was due. */
    let clock: number;
    async function fireAt(p: Poller): Promise<number> {
      const [next] = scheduler.pending;
      clock += next.ms;
      await scheduler.fire(p);
      return clock;
    }

    beforeEach(() => {
      clock = 1_800_000_000_000;
    });

    it('with the setting off, today’s fixed schedule exactly', async () => {
      const client = clientFor(ctx.sim);
      await submit(client, 2);
      const p = poller(client, {
        adaptive: () => false,
        now: () => clock,
        estimate: () => ({ submittedAt: clock, finishAt: clock + 35_000 }),
      });
      p.poke();
      for (let i = 0; i < 4; i++) await fireAt(p);
      assert.deepEqual(p.scheduled, [0, INTERVAL, INTERVAL, INTERVAL, INTERVAL]);
      assert.equal(gets(), 8, 'both jobs every tick');
    });

    it('tightens near the estimate and stays within the GETs fixed polling would make', async () => {
      const client = clientFor(ctx.sim);
      const [id] = await submit(client);
      const submittedAt = clock;
      const finishAt = submittedAt + 120_000;
      const p = poller(client, { adaptive: () => true, now: () => clock, estimate: () => ({ submittedAt, finishAt }) });
      p.poke();
      const times: number[] = [];
      while (clock < finishAt + 15_000) times.push(await fireAt(p));
      // Every poll within the budget: the n-th never before the first + (n-1) intervals.
      times.forEach((t, k) =>
        assert.ok(k + 1 <= Math.floor((t - times[0]) / INTERVAL) + 1, `poll ${k + 1} at ${t - times[0]} ms`),
      );
      assert.equal(p.pollsOf(id), times.length);
      assert.ok(times.length <= Math.floor((times.at(-1)! - times[0]) / INTERVAL) + 1, `${times.length} GETs`);
      const gaps = times.slice(1).map((t, k) => t - times[k]);
      assert.ok(
        gaps.some((g, k) => times[k] < finishAt - 30_000 && g > INTERVAL),
        'saves requests while the finish is far',
      );
      assert.ok(
        gaps.some((g, k) => Math.abs(times[k] - finishAt) < 20_000 && g < INTERVAL / 2),
        `close together near it: ${gaps.join(', ')}`,
      );
      assert.ok(
        gaps.slice(-2).every((g) => g <= INTERVAL),
        'and back to no slower than the interval after it',
      );
    });

    it('polls a job the moment it is submitted, and then on its own plan, not its neighbours’', async () => {
      const client = clientFor(ctx.sim);
      const [first] = await submit(client);
      const p = poller(client, { adaptive: () => true, now: () => clock, estimate: () => undefined });
      p.poke();
      await fireAt(p);
      clock += 3_000;
      const [second] = await submit(client);
      p.poke();
      await fireAt(p);
      assert.equal(p.pollsOf(second), 1, 'the new job at once');
      assert.equal(p.pollsOf(first), 1, 'the other keeps its turn');
      assert.equal(scheduler.pending[0].ms, INTERVAL - 3_000, 'next: the first job’s turn');
    });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'timed out');
}
