// The downloader of finished videos (src/jobs/videoDownloads.ts) against the simulator over real
// HTTP: what the person sees of its progress, a refused link asked for afresh once, a video from
// /content waited for while the gateway says it is not completed, and a cancel or a second click.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { type SeedanceClient, validateRequest } from '../../src/api';
import type { Job } from '../../src/jobs/job';
import type { Log } from '../../src/jobs/jobManager';
import { type DownloadOutcome, VideoDownloads } from '../../src/jobs/videoDownloads';
import { clientFor, useSimulator, useTempDir, waitForEnd, until } from '../support/sim';

describe('downloading a finished video', () => {
  const api = useSimulator();
  const dir = useTempDir();
  let client: SeedanceClient;
  let lines: string[];
  let downloads: VideoDownloads;

  beforeEach(() => {
    client = clientFor(api.sim);
    lines = [];
    const log: Log = {
      debug: () => undefined,
      info: (l) => lines.push(`info ${l}`),
      warn: (l) => lines.push(`warn ${l}`),
      error: (l) => lines.push(`error ${l}`),
    };
    downloads = new VideoDownloads(
      { require: () => Promise.resolve(client) },
      { folderOf: () => ({ dir: dir.path, root: dir.path }), maxBytes: () => 2 ** 30 },
      log,
      5,
    );
  });
  afterEach(async () => {
    downloads.cancelAll();
    await client.close();
  });

  /** A task made at the simulator, as the job the store would hold for it. */
  async function sent(prompt: string): Promise<Job> {
    const task = await client.create(await validateRequest({ prompt, model: 'doubao-seedance-2-0', seconds: 4 }));
    return {
      id: task.id,
      prompt,
      model: 'doubao-seedance-2-0',
      seconds: 4,
      size: '16:9',
      resolution: '720p',
      submittedAt: Date.now(),
      pollingSince: Date.now(),
      phase: 'downloading',
      downloadProgress: 0,
      task: { state: 'succeeded', status: 'completed', known: true, progress: 100 },
    };
  }
  const linkOf = async (job: Job) => (await waitForEnd(client, job.id)).videoUrl;
  const videosOnDisk = async () => (await readdir(dir.path)).filter((f) => f.endsWith('.mp4'));
  const failure = (o: DownloadOutcome) => (o.ok ? assert.fail('the download succeeded') : o);

  it('reports whole percents every 5 at most, ending at 100, and logs where the video went', async () => {
    // The simulator writes 1 MB at a time: 64 of them make a percent or two each.
    api.sim.videoBytes = 64 << 20;
    const job = await sent('a slow tide');
    const shown: number[] = [];
    const outcome = await downloads.download(job, await linkOf(job), (p) => shown.push(p));
    assert.ok(outcome.ok);
    assert.equal(outcome.result.bytes, 64 << 20);
    assert.equal((await readFile(outcome.result.path)).length, 64 << 20);
    assert.equal(shown.at(-1), 100);
    const steps = shown.slice(1).map((p, i) => p - shown[i]);
    assert.ok(shown.length >= 16 && shown.length <= 21, `about twenty reports, not one per chunk: ${shown.join(',')}`);
    assert.ok(
      steps.slice(0, -1).every((s) => s >= 5 && s <= 6),
      `steps of 5 (a chunk may add one): ${shown.join(',')}`,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`info Downloaded ${job.id} → ${outcome.result.path} (${64 << 20} bytes`)),
      lines.join('\n'),
    );
  });

  it('a refused link is asked for afresh once, and the fresh one is downloaded', async () => {
    const job = await sent('a refused link');
    const link = await linkOf(job);
    const gets = api.sim.received('api', 'GET').length;
    api.sim.faults.add({ fault: { kind: 'status', status: 403 }, match: { target: 'video' }, times: 1 });
    const outcome = await downloads.download(job, link, () => undefined);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(api.sim.received('api', 'GET').length, gets + 1, 'one fresh GET of the task');
    assert.equal(api.sim.received('video', 'GET').length, 2);
    assert.ok(
      lines.some((l) => l.startsWith(`warn Video link of ${job.id} refused (403)`)),
      lines.join('\n'),
    );
    assert.deepEqual(await videosOnDisk(), [outcome.result.path.slice(dir.path.length + 1)]);
  });

  it('a link refused twice fails as refused, with nothing left on disk; a task with no fresh link too', async () => {
    const job = await sent('refused twice');
    api.sim.faults.add({ fault: { kind: 'status', status: 403 }, match: { target: 'video' }, times: 2 });
    const twice = failure(await downloads.download(job, await linkOf(job), () => undefined));
    assert.equal(twice.problem.kind, 'download-rejected');
    assert.equal(twice.cancelled, false);
    assert.equal(api.sim.received('video', 'GET').length, 2, 'no third try');
    assert.ok(
      lines.some((l) => l.startsWith(`error Download of ${job.id} failed: `)),
      lines.join('\n'),
    );

    const other = await sent('no fresh link');
    const link = await linkOf(other);
    api.sim.linkIn = 'none';
    api.sim.faults.add({ fault: { kind: 'status', status: 403 }, match: { target: 'video' }, times: 1 });
    const noFresh = failure(await downloads.download(other, link, () => undefined));
    assert.equal(noFresh.problem.kind, 'download-rejected', 'the refusal is what the person is told');
    assert.deepEqual(await videosOnDisk(), []);
  });

  it('without a link, /content is asked until the gateway counts the task completed', async () => {
    api.sim.pace = 'held';
    const job = await sent('from content');
    const outcome = downloads.download(job, undefined, () => undefined);
    const contentGets = () => api.sim.received('api', 'GET').filter((r) => r.path.endsWith('/content'));
    await until('two answers of "not completed"', () => contentGets().length >= 2);
    api.sim.finishTask(job.id);
    const done = await outcome;
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal((await readFile(done.result.path)).subarray(4, 8).toString(), 'ftyp');
    assert.ok(
      lines.some((l) => l.includes("no link in the provider's answers")),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.includes('the API does not serve the video yet')),
      lines.join('\n'),
    );
  });

  it('/content still not completed after six tries fails with the gateway’s answer', async () => {
    api.sim.pace = 'held';
    const job = await sent('never completed');
    const outcome = failure(await downloads.download(job, undefined, () => undefined));
    const contentGets = api.sim.received('api', 'GET').filter((r) => r.path.endsWith('/content'));
    assert.equal(contentGets.length, 6);
    assert.equal(outcome.problem.kind, 'invalid-request');
    assert.match(outcome.problem.detail, /not completed/i);
    assert.deepEqual(await videosOnDisk(), []);
  });

  it('a second click while one runs is refused as busy; Cancel ends it as cancelled, with nothing left', async () => {
    api.sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 30_000 }, match: { target: 'video' } });
    const job = await sent('cancelled');
    const link = await linkOf(job);
    const first = downloads.download(job, link, () => undefined);
    await until('the video request', () => api.sim.received('video', 'GET').length === 1);
    const second = failure(await downloads.download(job, link, () => undefined));
    assert.deepEqual(second, { ok: false, problem: { kind: 'busy', detail: 'Already downloading' }, cancelled: true });
    downloads.cancelAll();
    const cancelled = failure(await first);
    assert.deepEqual(cancelled, {
      ok: false,
      problem: { kind: 'aborted', detail: 'Download cancelled' },
      cancelled: true,
    });
    assert.deepEqual(await videosOnDisk(), []);
    // Once it has ended, the job may be downloaded again.
    const again = await downloads.download(job, link, () => undefined);
    assert.ok(again.ok, JSON.stringify(again));
  });
});
