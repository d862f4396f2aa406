// Downloads of signed video URLs: streamed, resumed, length-checked, never half-written,
// and never carrying the API key to the video host.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SeedanceApiError, type SeedanceClient, validateRequest } from '../../src/api';
import { FILLER_HEAD } from '../simulator/simulator';
import { SAMPLE_MP4 } from '../support/paths';
import { clientFor, listDir, rejection, useSimulator, useTempDir, waitForEnd } from '../support/sim';

describe('downloading the video', () => {
  const ctx = useSimulator();
  const dir = useTempDir();
  const videoGets = () => ctx.sim.received('video');

  async function finishedUrl(client: SeedanceClient): Promise<string> {
    const { id } = await client.create(
      await validateRequest({ prompt: 'a bay at dusk', model: 'doubao-seedance-2-0' }),
    );
    const task = await waitForEnd(client, id);
    assert.equal(task.state, 'succeeded');
    return task.videoUrl!;
  }

  for (const dialect of ['current', 'legacy'] as const) {
    it(`creates, polls and downloads a playable MP4: the full lifecycle (${dialect} dialect)`, async () => {
      ctx.sim.dialect = dialect;
      const client = clientFor(ctx.sim);
      const url = await finishedUrl(client);
      const dest = join(dir.path, 'videos', 'dusk.mp4');
      const progress: [number, number | undefined][] = [];
      const result = await client.download(url, dest, { onProgress: (r, t) => progress.push([r, t]) });
      const bytes = await readFile(dest);
      assert.equal(result.bytes, bytes.length);
      assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp', 'an MP4 file');
      assert.ok(bytes.equals(await readFile(SAMPLE_MP4)), 'byte for byte what the service stored');
      assert.deepEqual(progress.at(-1), [bytes.length, bytes.length]);
      assert.deepEqual(await listDir(join(dir.path, 'videos')), ['dusk.mp4'], 'no temporary file left');
    });
  }

  it('never sends the Authorization header to the video host', async () => {
    const client = clientFor(ctx.sim);
    await client.download(await finishedUrl(client), join(dir.path, 'a.mp4'));
    assert.ok(ctx.sim.received('api').every((r) => r.headers.authorization === `Bearer ${ctx.sim.key}`));
    assert.equal(videoGets().length, 1);
    assert.equal(videoGets()[0].headers.authorization, undefined);
    assert.ok(!JSON.stringify(videoGets()).includes(ctx.sim.key), 'the key appears nowhere in what the video host saw');
  });

  it('resumes with a Range request after the connection drops mid-body', async () => {
    ctx.sim.videoBytes = 3 << 20;
    const client = clientFor(ctx.sim);
    const url = await finishedUrl(client);
    ctx.sim.faults.add({ fault: { kind: 'reset' }, match: { target: 'video' } });
    const dest = join(dir.path, 'big.mp4');
    const result = await client.download(url, dest);
    assert.equal(result.bytes, 3 << 20);
    assert.equal((await readFile(dest)).length, 3 << 20);
    const [first, second] = videoGets();
    assert.equal(first.headers.range, undefined);
    // Resumed from what reached the disk: past the start, at most where the server cut off.
    const from = Number(/^bytes=(\d+)-$/.exec(String(second.headers.range))?.[1]);
    assert.ok(from > 0 && from <= (3 << 20) / 2, `resumed from ${String(second.headers.range)}`);
    assert.equal(second.status, 206);
    assert.deepEqual(await listDir(dir.path), ['big.mp4']);
  });

  describe('when the stored video changes between the cut and the resume (another CDN copy)', () => {
    /** Cuts the first transfer half-way; the stored copy is replaced meanwhile. */
    async function cutAndSwap(client: SeedanceClient): Promise<{ url: string; dest: string }> {
      ctx.sim.videoBytes = 3 << 20;
      const url = await finishedUrl(client);
      ctx.sim.faults.add({ fault: { kind: 'reset', swap: true }, match: { target: 'video' } });
      return { url, dest: join(dir.path, 'swapped.mp4') };
    }

    it('sends If-Range with the first answer’s ETag, and takes the whole new copy instead of a join', async () => {
      const client = clientFor(ctx.sim);
      const { url, dest } = await cutAndSwap(client);
      await client.download(url, dest);
      const bytes = await readFile(dest);
      assert.equal(bytes.length, 3 << 20);
      assert.ok(
        bytes.subarray(FILLER_HEAD.length).every((b) => b === 0x5b),
        'every byte is from the new copy: nothing of the old one is joined to it',
      );
      const [first, second] = videoGets();
      assert.equal(first.headers['if-range'], undefined);
      assert.match(String(second.headers.range), /^bytes=\d+-$/);
      assert.equal(second.headers['if-range'], `"${[...ctx.sim.tasks.keys()][0]}-v1"`);
      assert.equal(second.status, 200, 'the changed copy is sent whole');
    });

    it('starts over when a careless host ignores If-Range and sends a range of the other copy', async () => {
      ctx.sim.ignoreIfRange = true;
      const client = clientFor(ctx.sim);
      const { url, dest } = await cutAndSwap(client);
      await client.download(url, dest);
      const bytes = await readFile(dest);
      assert.equal(bytes.length, 3 << 20);
      assert.ok(
        bytes.subarray(FILLER_HEAD.length).every((b) => b === 0x5b),
        'one copy, whole',
      );
      assert.deepEqual(
        videoGets().map((r) => [r.status, r.headers.range === undefined ? 'whole' : 'range']),
        [
          [200, 'whole'],
          [206, 'range'],
          [200, 'whole'],
        ],
      );
      assert.deepEqual(await listDir(dir.path), ['swapped.mp4']);
    });
  });

  it('retries a 503 from the video host', async () => {
    const client = clientFor(ctx.sim);
    const url = await finishedUrl(client);
    ctx.sim.faults.add({ fault: { kind: 'status', status: 503 }, match: { target: 'video' }, times: 2 });
    await client.download(url, join(dir.path, 'v.mp4'));
    assert.deepEqual(
      videoGets().map((r) => r.status),
      [503, 503, 200],
    );
  });

  it('reports an expired link as download-rejected, leaving no file', async () => {
    ctx.sim.urlTtlSeconds = -1;
    const client = clientFor(ctx.sim);
    const url = await finishedUrl(client);
    const err = await rejection<SeedanceApiError>(client.download(url, join(dir.path, 'old.mp4')));
    assert.equal(err.kind, 'download-rejected');
    assert.equal(err.status, 403);
    assert.match(err.message, /expired/);
    assert.deepEqual(await listDir(dir.path), []);
    assert.equal(videoGets().length, 1, 'a refused link is not retried');
  });

  it('reports a tampered link as download-rejected', async () => {
    const client = clientFor(ctx.sim);
    const url = (await finishedUrl(client)).replace(/signature=(.)/, (_, c) => `signature=${c === 'a' ? 'b' : 'a'}`);
    const err = await rejection<SeedanceApiError>(client.download(url, join(dir.path, 'x.mp4')));
    assert.equal(err.kind, 'download-rejected');
  });

  it('a fresh GET gives a fresh link after one expired', async () => {
    ctx.sim.urlTtlSeconds = -1;
    const client = clientFor(ctx.sim);
    const { id } = await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    const stale = (await waitForEnd(client, id)).videoUrl!;
    await rejection(client.download(stale, join(dir.path, 'v.mp4')));
    ctx.sim.urlTtlSeconds = 600;
    const fresh = (await client.retrieve(id)).videoUrl!;
    assert.notEqual(fresh, stale);
    await client.download(fresh, join(dir.path, 'v.mp4'));
  });

  it('an abort mid-download stops at once and leaves no partial file', async () => {
    ctx.sim.videoBytes = 64 << 20;
    const client = clientFor(ctx.sim);
    const url = await finishedUrl(client);
    const controller = new AbortController();
    const err = await rejection<SeedanceApiError>(
      client.download(url, join(dir.path, 'huge.mp4'), {
        signal: controller.signal,
        onProgress: (received) => received > 1 << 20 && controller.abort(),
      }),
    );
    assert.equal(err.kind, 'aborted');
    assert.deepEqual(await listDir(dir.path), []);
  });

  it('a connection that keeps dropping ends in a network error, leaving no partial file', async () => {
    ctx.sim.videoBytes = 1 << 20;
    const client = clientFor(ctx.sim, { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50 } });
    const url = await finishedUrl(client);
    ctx.sim.faults.add({ fault: { kind: 'reset' }, match: { target: 'video' }, times: Infinity });
    const err = await rejection<SeedanceApiError>(client.download(url, join(dir.path, 'v.mp4')));
    assert.equal(err.kind, 'network');
    assert.deepEqual(await listDir(dir.path), []);
  });

  it('never overwrites an existing file', async () => {
    const client = clientFor(ctx.sim);
    const url = await finishedUrl(client);
    const dest = join(dir.path, 'mine.mp4');
    await writeFile(dest, 'precious');
    const err = await rejection<NodeJS.ErrnoException>(client.download(url, dest));
    assert.equal(err.code, 'EEXIST');
    assert.equal(await readFile(dest, 'utf8'), 'precious');
    assert.deepEqual(await listDir(dir.path), ['mine.mp4']);
  });
});
