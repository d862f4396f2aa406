// The job manager and its store end to end in plain Node (no VS Code): a submitted job is polled
// by the real poller against the simulator over real HTTP, downloaded by the real downloader into
// a folder, and every change arrives as (before, after) from the store. The clock is the test's:
// a job passes its deadline without anyone waiting for it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SeedanceClient, validateRequest } from '../../src/api';
import { Emitter } from '../../src/common/emitter';
import type { Job, NewJob } from '../../src/jobs/job';
import { JobManager, type Log } from '../../src/jobs/jobManager';
import { type JobChange, JobStore } from '../../src/jobs/jobStore';
import { readSidecar, sidecarOf, sidecarPath, writeSidecar } from '../../src/jobs/sidecar';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
import { VideoDownloads } from '../../src/jobs/videoDownloads';
import type { CostEstimate } from '../../src/pricing/estimate';
import { clientFor, useSimulator, useTempDir, until } from '../support/sim';
import { MemoryMemento } from '../support/memento';

describe('the job manager, end to end in plain Node', () => {
  const api = useSimulator();
  const dir = useTempDir();
  const COST: CostEstimate = { usd: 0.32, source: 'provider' };
  let offset = 0;
  let parts: { dispose(): unknown }[] = [];
  let client: SeedanceClient;

  beforeEach(() => {
    offset = 0;
    client = clientFor(api.sim);
  });
  afterEach(async () => {
    for (const p of parts.reverse()) p.dispose();
    parts = [];
    await client.close();
  });

  function make() {
    const memento = new MemoryMemento();
    const store = new JobStore(memento);
    const lines: string[] = [];
    const log: Log = {
      debug: () => undefined,
      info: (l) => lines.push(l),
      warn: (l) => lines.push(l),
      error: (l) => lines.push(l),
    };
    const clients = { require: () => Promise.resolve(client), onDidChangeKey: new Emitter<void>().event };
    const recorded: [string, CostEstimate][] = [];
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
      settings: { pollIntervalMs: () => 50, minPollMs: () => 20, adaptive: () => false, jobTimeoutMs: () => 60_000 },
      ledger: { record: (id, cost) => Promise.resolve(void recorded.push([id, cost])) },
      // The test's clock: real time plus whatever the test moves it on by.
      now: () => Date.now() + offset,
      describeVideo: async (job) =>
        void (await writeSidecar(job.videoPath, await sidecarOf(job, dir.path, 'test', job.task.model))),
    });
    const changes: JobChange[] = [];
    parts.push(
      store,
      manager,
      store.onDidChange((c) => changes.push(c)),
    );
    return { store, manager, memento, lines, recorded, changes };
  }

  const planned = async (prompt: string): Promise<NewJob> => ({
    request: await validateRequest({ prompt, model: 'doubao-seedance-2-0', seconds: 4 }),
    cost: COST,
  });
  const signal = () => new AbortController().signal;

  it('one POST, polled to the end, the video in its folder, and onDidFinish carries the job as stored', async () => {
    const { store, manager, memento, recorded, changes } = make();
    const finished = new Promise<Job>((resolve) => manager.onDidFinish(resolve));
    // Held until a poll has shown it rendering, then ended.
    api.sim.pace = 'held';
    const job = await manager.submit(await planned('a heron lifts off'), { signal: signal() });
    assert.equal(job.phase, 'rendering');
    assert.deepEqual(
      (memento.get<Job[]>(STORAGE_KEY) ?? []).map((j) => j.id),
      [job.id],
      'stored the moment the provider answered',
    );
    await until('a poll that shows it rendering', () =>
      changes.some((c) => c.after?.id === job.id && c.after.phase === 'rendering'),
    );
    api.sim.finishTask(job.id);
    const done = await finished;
    assert.ok(done.phase === 'done');
    assert.equal(dirname(done.videoPath), dir.path);
    assert.equal((await readFile(done.videoPath)).subarray(4, 8).toString(), 'ftyp', 'a video, by its bytes');
    assert.equal(store.get(job.id), done, 'the event carries the stored value, not one read before the download');
    const sidecar = await readSidecar(sidecarPath(done.videoPath), assert.fail);
    assert.equal(sidecar?.prompt, 'a heron lifts off', 'what made it is beside it by the time it is announced');
    assert.equal(sidecar?.taskId, job.id);
    assert.deepEqual(sidecar?.model, { sent: done.model, answered: done.model }, 'the model the provider said it ran');
    assert.deepEqual(recorded, [[job.id, COST]], 'the estimate joined this month’s spend once');
    assert.equal(api.sim.received('api', 'POST').length, 1);
    // Every change came through the store as (before, after), each starting where the last ended.
    const mine = changes.filter((c) => c.after?.id === job.id);
    for (let i = 1; i < mine.length; i++) assert.equal(mine[i].before, mine[i - 1].after);
    assert.deepEqual([...new Set(mine.map((c) => c.after!.phase))], ['rendering', 'downloading', 'done']);
    assert.ok(
      mine.every((c) => c.before !== c.after),
      'a change is a new value; the old one is left as it was',
    );
  });

  describe('a job that takes its time', () => {
    it('past its deadline on the test’s clock it times out; Resume polls it again to its video, not paid again', async () => {
      const { store, manager, lines } = make();
      const job = await manager.submit(await planned('very slow'), { signal: signal() });
      api.sim.overrideTask(job.id, { status: 'in_progress' });
      offset = 61_000;
      manager.poller.poke();
      const timedOut = await until('the deadline', () => {
        const j = store.get(job.id);
        return j?.phase === 'timed-out' ? j : undefined;
      });
      assert.deepEqual(timedOut.failure, { code: 'timed-out', minutes: 1 }, 'a code and its number, not a sentence');
      assert.ok(lines.some((l) => l.includes('not finished after 1 min')));
      api.sim.overrideTask(job.id, { status: null });
      api.sim.finishTask(job.id);
      await manager.resume(job.id);
      await until('the video', () => store.get(job.id)?.phase === 'done');
      assert.equal(api.sim.received('api', 'POST').length, 1);
    });

    it('refresh (an answer needed now) ends a job past its deadline too, instead of asking again', async () => {
      const { store, manager } = make();
      const job = await manager.submit(await planned('stuck on a word nobody knows'), { signal: signal() });
      api.sim.overrideTask(job.id, { status: 'thinking-about-it' });
      offset = 61_000;
      const gets = api.sim.received('api', 'GET').length;
      await manager.refresh([job.id]);
      assert.equal(store.get(job.id)?.phase, 'timed-out');
      assert.equal(api.sim.received('api', 'GET').length, gets, 'not asked again');
    });

    it('a task the provider no longer knows is lost; a link refused twice ends as download-failed with its kind', async () => {
      const { store, manager } = make();
      const failedDownloads: Job[] = [];
      parts.push(manager.onDidFailDownload((j) => failedDownloads.push(j)));
      const forgotten = await manager.submit(await planned('forgotten'), { signal: signal() });
      api.sim.tasks.delete(forgotten.id);
      manager.poller.poke();
      const lost = await until('lost', () => {
        const j = store.get(forgotten.id);
        return j?.phase === 'lost' ? j : undefined;
      });
      assert.deepEqual(lost.failure, { code: 'lost' });

      api.sim.faults.add({ fault: { kind: 'status', status: 403 }, match: { target: 'video' }, times: 2 });
      const refused = await manager.submit(await planned('a refused link'), { signal: signal() });
      const failed = await until('download-failed', () => {
        const j = store.get(refused.id);
        return j?.phase === 'download-failed' ? j : undefined;
      });
      assert.ok(failed.failure.code === 'download');
      assert.equal(failed.failure.problem.kind, 'download-rejected');
      assert.deepEqual(
        failedDownloads.map((j) => j.id),
        [refused.id],
      );
      await manager.resume(refused.id);
      await until('the retried download', () => store.get(refused.id)?.phase === 'done');
    });
  });
});
