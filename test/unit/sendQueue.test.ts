// The send queue (jobs/jobManager.ts) against the simulator over real HTTP, with the account's
// limit set there too (`maxRunning`, answered 429 as gateways do): at most the setting's number of
// jobs are in the provider's hands, the rest wait here in order, free to cancel, and are sent as
// places free up; a 429 pauses, one naming a quota stops, and nothing is sent twice.
import assert from 'node:assert/strict';
import { SeedanceClient, validateRequest } from '../../src/api';
import { Emitter } from '../../src/common/emitter';
import type { Job, NewJob } from '../../src/jobs/job';
import { JobManager, type Log, type QueueHold } from '../../src/jobs/jobManager';
import { JobStore } from '../../src/jobs/jobStore';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
import { VideoDownloads } from '../../src/jobs/videoDownloads';
import { WindowPlaces } from '../../src/jobs/windowPlaces';
import type { CostEstimate } from '../../src/pricing/estimate';
import { MemoryMemento } from '../support/memento';
import { clientFor, useSimulator, useTempDir, until } from '../support/sim';

describe('the send queue', () => {
  let parts: { dispose(): unknown }[] = [];
  let client: SeedanceClient;
  // First of the hooks: every manager is stopped (no download still writing) before the
  // simulator closes and the folder is removed.
  afterEach(async () => {
    for (const p of parts.reverse()) p.dispose();
    parts = [];
    // Windows' shared files are written before their folder goes.
    await Promise.all(windows.splice(0).map((w) => w.idle()));
    await client.close();
  });
  const windows: WindowPlaces[] = [];
  // Rendering until the test ends each task: a place frees up when the test says so.
  const api = useSimulator({ pace: 'held', maxRunning: 3 });
  const dir = useTempDir();
  const COST: CostEstimate = { usd: 0.4, source: 'provider' };

  beforeEach(() => {
    client = clientFor(api.sim);
  });

  function make(memento = new MemoryMemento(), limit = 3, window?: string) {
    const store = new JobStore(memento);
    // A window of one profile: its places are counted with every other window's in one file.
    const places =
      window === undefined
        ? undefined
        : new WindowPlaces(`${dir.path}/places.json`, {
            id: window,
            report: (l) => lines.push(l),
            busyHere: () => store.all().filter((j) => j.phase === 'rendering').length,
          });
    if (places) windows.push(places);
    const lines: string[] = [];
    const log: Log = {
      debug: () => undefined,
      info: (l) => lines.push(l),
      warn: (l) => lines.push(l),
      error: (l) => lines.push(l),
    };
    const clients = { require: () => Promise.resolve(client), onDidChangeKey: new Emitter<void>().event };
    const spend = new Map<string, CostEstimate>();
    const manager = new JobManager({
      store,
      clients,
      downloads: new VideoDownloads(
        clients,
        { folderOf: () => ({ dir: dir.path, root: dir.path }), maxBytes: () => 2 ** 30 },
        log,
      ),
      log,
      focus: { focused: () => true, onDidChange: new Emitter<boolean>().event },
      settings: {
        pollIntervalMs: () => 50,
        minPollMs: () => 20,
        adaptive: () => false,
        jobTimeoutMs: () => 60 * 60_000,
        maxConcurrent: () => limit,
      },
      ledger: {
        record: (id, cost) => Promise.resolve(void spend.set(id, cost)),
        forget: (id) => Promise.resolve(void spend.delete(id)),
      },
      ...(places && { places, recheckPlacesMs: 50 }),
    });
    const holds: (QueueHold | undefined)[] = [];
    parts.push(
      store,
      manager,
      manager.onDidChangeQueue((h) => holds.push(h)),
    );
    return { store, manager, memento, lines, spend, holds };
  }

  const planned = async (prompt: string): Promise<NewJob> => ({
    request: await validateRequest({ prompt, model: 'doubao-seedance-2-0', seconds: 5 }),
    cost: COST,
  });
  const how = () => ({ signal: new AbortController().signal });
  const posts = () => api.sim.received('api', 'POST');
  const phases = (store: JobStore, jobs: readonly Job[]) => jobs.map((j) => store.get(j.id)?.phase);
  /** Ends the task of a job that was sent, by its provider id. */
  const finish = (store: JobStore, job: Job) => {
    const now = store.get(job.id)!;
    api.sim.finishTask(now.taskId ?? now.id);
  };

  it('eight at once with a limit of three: three are sent, five wait in order, each sent once as a place frees up', async () => {
    const { store, manager, spend } = make();
    const prompts = Array.from({ length: 8 }, (_, i) => `Scene ${i + 1}: the keeper climbs`);
    const jobs: Job[] = [];
    for (const p of prompts) jobs.push(await manager.submit(await planned(p), how()));
    assert.deepEqual(phases(store, jobs), ['rendering', 'rendering', 'rendering', ...Array<string>(5).fill('waiting')]);
    assert.equal(posts().length, 3, 'only three requests');
    assert.deepEqual(
      manager.waiting().map((j) => j.prompt),
      prompts.slice(3),
      'waiting in the order they were asked for',
    );
    assert.equal(spend.size, 8, 'every confirmed estimate counts, sent or waiting');
    // Each finished job frees a place; the next in line is sent, never more than three at once.
    for (let sent = 3; sent < 8; sent++) {
      finish(store, jobs[sent - 3]);
      manager.poller.poke();
      await until(`job ${sent + 1} sent`, () => store.get(jobs[sent].id)?.phase === 'rendering');
      assert.equal(posts().length, sent + 1);
    }
    for (const job of jobs.slice(5)) finish(store, job);
    manager.poller.poke();
    await until('all eight videos', () => jobs.every((j) => store.get(j.id)?.phase === 'done'));
    assert.equal(posts().length, 8, 'one request each');
    assert.ok(api.sim.peakRunning <= 3, `at most three at once at the provider (${api.sim.peakRunning})`);
    assert.ok(
      posts().every((r) => r.status === 200),
      'the account’s limit was never met',
    );
    // The prompts reached the provider in the order asked for.
    assert.deepEqual(
      posts().map((r) => r.fields?.prompt),
      prompts,
    );
  });

  it('a waiting job cancelled is never sent and its estimate is taken back; the one behind it moves up', async () => {
    const { store, manager, spend } = make(undefined, 1);
    const first = await manager.submit(await planned('first'), how());
    const second = await manager.submit(await planned('second, cancelled'), how());
    const third = await manager.submit(await planned('third'), how());
    assert.deepEqual(phases(store, [first, second, third]), ['rendering', 'waiting', 'waiting']);
    assert.equal(await manager.cancelWaiting(second.id), true);
    assert.equal(store.get(second.id), undefined);
    assert.equal(spend.has(second.id), false);
    assert.equal(await manager.cancelWaiting(first.id), false, 'a sent job is not "cancelled" here');
    finish(store, first);
    manager.poller.poke();
    await until('the third sent', () => store.get(third.id)?.phase === 'rendering');
    assert.deepEqual(
      posts().map((r) => r.fields?.prompt),
      ['first', 'third'],
    );
  });

  it('a 429 pauses the queue until the time it names, then goes on; nothing waiting is lost or sent twice', async () => {
    const { store, manager, holds } = make(undefined, 1);
    const first = await manager.submit(await planned('first'), how());
    const second = await manager.submit(await planned('second'), how());
    api.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '1' }, match: { method: 'POST' } });
    finish(store, first);
    manager.poller.poke();
    const paused = await until('the pause', () => holds.find((h) => h?.kind === 'paused'));
    assert.ok(paused.kind === 'paused' && paused.until > Date.now() - 1000);
    assert.equal(store.get(second.id)?.phase, 'waiting', 'still waiting, not failed');
    await until('sent after the pause', () => store.get(second.id)?.phase === 'rendering', 5000);
    assert.deepEqual(
      posts().map((r) => r.status),
      [200, 429, 200],
    );
  });

  it('a 429 naming a quota stops the queue and names the quota; nothing is sent until the person resumes it', async () => {
    const { store, manager, holds } = make(undefined, 1);
    const first = await manager.submit(await planned('first'), how());
    const second = await manager.submit(await planned('second'), how());
    const third = await manager.submit(await planned('third'), how());
    api.sim.faults.add({ fault: { kind: 'status', status: 429, code: 'quota_exceeded' }, match: { method: 'POST' } });
    finish(store, first);
    manager.poller.poke();
    const stopped = await until('the stop', () => holds.find((h) => h?.kind === 'stopped'));
    assert.match(stopped.reason, /5-hour usage quota/);
    assert.deepEqual(phases(store, [second, third]), ['waiting', 'waiting']);
    const tried = posts().length;
    manager.poller.poke();
    await until('the first video', () => store.get(first.id)?.phase === 'done');
    assert.equal(posts().length, tried, 'nothing more sent while stopped');
    manager.resumeQueue();
    await until('sent once resumed', () => store.get(second.id)?.phase === 'rendering');
    assert.equal(store.get(third.id)?.phase, 'waiting', 'one at a time still');
  });

  it('a waiting job whose send has no definite answer ends saying a job may exist, and is never sent again', async () => {
    const { store, manager, spend } = make(undefined, 1);
    const first = await manager.submit(await planned('first'), how());
    const second = await manager.submit(await planned('second'), how());
    // The gateway times out after the origin accepted the job: it exists, and may be billed.
    api.sim.faults.add({ fault: { kind: 'status', status: 524 }, match: { method: 'POST' }, commit: true });
    finish(store, first);
    manager.poller.poke();
    const failed = await until('the send’s end', () => {
      const j = store.get(second.id);
      return j?.phase === 'failed' ? j : undefined;
    });
    assert.ok(failed.failure.code === 'send' && failed.failure.maybeStarted);
    assert.ok(spend.has(second.id), 'its estimate still counts: it may be billed');
    assert.equal(posts().length, 2, 'not sent again');
  });

  it('waiting jobs survive a reload (their request as checked) and are sent by the next window', async () => {
    const memento = new MemoryMemento();
    const before = make(memento, 1);
    const first = await before.manager.submit(await planned('first'), how());
    const second = await before.manager.submit(await planned('second, after the reload'), how());
    await before.store.flush();
    assert.equal(memento.get<Job[]>(STORAGE_KEY)?.find((j) => j.id === second.id)?.phase, 'waiting');
    for (const p of parts.splice(0)) p.dispose();
    finish(before.store, first);
    const after = make(memento, 1);
    await after.manager.restore();
    await until('sent by the new window', () => after.store.get(second.id)?.phase === 'rendering');
    assert.deepEqual(
      posts().map((r) => r.fields?.prompt),
      ['first', 'second, after the reload'],
    );
  });

  it('two windows of one profile share the account: three at the provider between them, the rest wait and go as places free', async () => {
    const a = make(new MemoryMemento(), 3, 'window-a');
    const b = make(new MemoryMemento(), 3, 'window-b');
    // Both windows confirm three videos at the same moment.
    const [inA, inB] = await Promise.all(
      [a, b].map(({ manager }, w) =>
        Promise.all([1, 2, 3].map(async (i) => manager.submit(await planned(`window ${w} scene ${i}`), how()))),
      ),
    );
    const all = [...inA.map((j) => ({ w: a, j })), ...inB.map((j) => ({ w: b, j }))];
    const rendering = () => all.filter(({ w, j }) => w.store.get(j.id)?.phase === 'rendering');
    await until('three sent', () => rendering().length === 3);
    assert.equal(posts().length, 3, 'three requests between the two windows');
    assert.ok(
      posts().every((r) => r.status === 200),
      'the provider refused none: no window sent past the account’s limit',
    );
    assert.equal(all.filter(({ w, j }) => w.store.get(j.id)?.phase === 'waiting').length, 3, 'three wait');
    // Each finished job frees a place for whichever window has one waiting.
    for (let done = 0; done < 6; done++) {
      const next = rendering()[0];
      if (!next) break;
      finish(next.w.store, next.j);
      next.w.manager.poller.poke();
      await until(`job ${done + 1} finished`, () => next.w.store.get(next.j.id)?.phase !== 'rendering');
      await until('the places filled again', () => rendering().length === Math.min(3, 6 - done - 1));
      assert.ok(api.sim.peakRunning <= 3, `never more than three at the provider (${api.sim.peakRunning})`);
    }
    assert.equal(posts().length, 6, 'each video sent once');
    assert.ok(posts().every((r) => r.status === 200));
  });
});
