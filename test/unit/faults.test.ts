// The client under injected faults: retries happen and stop as specified, a create is never
// sent twice, aborts are prompt.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SeedanceApiError, type SeedanceClient, validateRequest } from '../../src/api';
import { parseFaultSpec } from '../simulator/faults';
import { clientFor, rejection, useSimulator, useTempDir } from '../support/sim';

describe('under injected faults', () => {
  const ctx = useSimulator();
  const dir = useTempDir();
  const gets = () => ctx.sim.received('api', 'GET');
  const posts = () => ctx.sim.received('api', 'POST');

  async function newTask(client: SeedanceClient): Promise<string> {
    const task = await client.create(await validateRequest({ prompt: 'clouds', model: 'doubao-seedance-2-0' }));
    ctx.sim.requests.length = 0;
    return task.id;
  }

  describe('reads (GET) are retried', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 524]) {
      it(`through a burst of two ${status}s`, async () => {
        const client = clientFor(ctx.sim);
        const id = await newTask(client);
        ctx.sim.faults.add({ fault: { kind: 'status', status }, times: 2 });
        const task = await client.retrieve(id);
        assert.equal(task.id, id);
        assert.deepEqual(
          gets().map((r) => r.status),
          [status, status, 200],
        );
      });
    }

    it('through a connection reset mid-body', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'reset' }, times: 2 });
      assert.equal((await client.retrieve(id)).id, id);
      assert.equal(gets().length, 3);
    });

    it('and give up after maxAttempts, reporting the last failure', async () => {
      const client = clientFor(ctx.sim, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 100 } });
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'status', status: 503 }, times: Infinity });
      const err = await rejection<SeedanceApiError>(client.retrieve(id));
      assert.equal(err.kind, 'server');
      assert.equal(err.status, 503);
      assert.equal(gets().length, 3, 'exactly maxAttempts requests');
    });

    it('waiting as long as Retry-After (seconds) says', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
      await client.retrieve(id);
      const [first, second] = gets();
      assert.ok(second.at - first.at >= 950, `waited ${second.at - first.at} ms, Retry-After said 1000`);
    });

    it('waiting as long as retry-after-ms says', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfterMs: 300 } });
      await client.retrieve(id);
      const [first, second] = gets();
      assert.ok(second.at - first.at >= 280, `waited ${second.at - first.at} ms, retry-after-ms said 300`);
    });

    it('and hand a Retry-After longer than the cap back to the caller instead of waiting', async () => {
      const client = clientFor(ctx.sim, { retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 500 } });
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '120' } });
      const err = await rejection<SeedanceApiError>(client.retrieve(id));
      assert.equal(err.kind, 'rate-limited');
      assert.equal(err.retryAfterMs, 120_000);
      assert.match(err.message, /retry in 120 s/);
      assert.equal(gets().length, 1);
    });

    it('reading a Retry-After given as an HTTP date', async () => {
      const client = clientFor(ctx.sim, { retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 500 } });
      const id = await newTask(client);
      const inAMinute = new Date(Date.now() + 60_000).toUTCString();
      ctx.sim.faults.add({ fault: { kind: 'status', status: 503, retryAfter: inAMinute } });
      const err = await rejection<SeedanceApiError>(client.retrieve(id));
      assert.ok(err.retryAfterMs && err.retryAfterMs > 50_000 && err.retryAfterMs <= 60_000, `got ${err.retryAfterMs}`);
    });

    for (const status of [400, 401, 403]) {
      it(`but never on ${status}`, async () => {
        const client = clientFor(ctx.sim);
        const id = await newTask(client);
        ctx.sim.faults.add({ fault: { kind: 'status', status }, times: 3 });
        const err = await rejection<SeedanceApiError>(client.retrieve(id));
        assert.equal(err.status, status);
        assert.equal(gets().length, 1);
      });
    }

    it('but not on a 500 whose code is invalid_request', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'status', status: 500, code: 'invalid_request' }, times: 3 });
      const err = await rejection<SeedanceApiError>(client.retrieve(id));
      assert.equal(err.kind, 'invalid-request');
      assert.equal(gets().length, 1);
    });
  });

  describe('answers that are not the API', () => {
    it('a malformed JSON body is a protocol error', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'malformed-json' } });
      const err = await rejection<SeedanceApiError>(client.retrieve(id));
      assert.equal(err.kind, 'protocol');
      assert.match(err.message, /malformed JSON/);
    });

    it('an HTML 301 is reported as a wrong base URL, and not followed', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'html-301' } });
      const err = await rejection<SeedanceApiError>(client.retrieve(id));
      assert.equal(err.kind, 'protocol');
      assert.match(err.message, /redirect \(301 to https:\/\/www\.cometapi\.com\/\).*check the base URL/);
      assert.equal(gets().length, 1);
    });

    it('an HTML page on a wrong path is reported as a wrong base URL', async () => {
      const client = clientFor(ctx.sim, { baseUrl: `${ctx.sim.apiUrl}/api` });
      const err = await rejection<SeedanceApiError>(client.retrieve('task_x'));
      assert.equal(err.kind, 'protocol');
      assert.match(err.message, /404 with an HTML page instead of the API's JSON: check the base URL/);
    });
  });

  describe('a create (POST) is never sent twice', () => {
    for (const status of [500, 502, 503, 504, 524]) {
      it(`${status}: outcome unknown, one POST`, async () => {
        ctx.sim.faults.add({ fault: { kind: 'status', status }, times: 3 });
        const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(await request()));
        assert.equal(err.kind, 'outcome-unknown');
        assert.match(err.message, /A job may have started.*not sent again/);
        assert.equal(posts().length, 1);
      });
    }

    it('a gateway timeout after the job was accepted: one POST, and the job exists', async () => {
      ctx.sim.faults.add({ fault: { kind: 'status', status: 524 }, commit: true });
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(await request()));
      assert.equal(err.kind, 'outcome-unknown');
      assert.equal(posts().length, 1);
      assert.equal(ctx.sim.tasks.size, 1, 'the job really started: that is why it must not be re-sent');
    });

    it('a connection reset after the body was sent: outcome unknown, one POST', async () => {
      ctx.sim.faults.add({ fault: { kind: 'reset' }, commit: true });
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(await request()));
      assert.equal(err.kind, 'outcome-unknown');
      assert.equal(posts().length, 1);
    });

    it('malformed JSON on a 200: outcome unknown (the job may exist)', async () => {
      ctx.sim.faults.add({ fault: { kind: 'malformed-json' } });
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(await request()));
      assert.equal(err.kind, 'outcome-unknown');
    });

    it('429: rate limited (a definite "no"), not re-sent', async () => {
      ctx.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '3' } });
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(await request()));
      assert.equal(err.kind, 'rate-limited');
      assert.equal(err.retryAfterMs, 3000);
      assert.equal(posts().length, 1);
    });

    it('a headers timeout: outcome unknown, one POST', async () => {
      ctx.sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 1500 } });
      const client = clientFor(ctx.sim, { timeouts: { headersMs: 200 } });
      const err = await rejection<SeedanceApiError>(client.create(await request()));
      assert.equal(err.kind, 'outcome-unknown');
      assert.match(err.message, /timed out waiting for an answer/);
      assert.equal(posts().length, 1);
    });

    it('a create answered late (slow headers) still returns its task, one POST', async () => {
      ctx.sim.faults.add(parseFaultSpec('slow-headers@300/post'));
      const task = await clientFor(ctx.sim).create(await request());
      assert.ok(ctx.sim.tasks.has(task.id));
      assert.equal(posts().length, 1);
    });

    it('a slow uplink: upload progress arrives in steps, and the job starts once the image is in', async () => {
      const image = join(dir.path, 'slow.png');
      await writeFile(
        image,
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24 << 20)]),
      );
      const req = await validateRequest({ prompt: 'x', model: 'doubao-seedance-2-0', image });
      // 24 MB at 32 MB/s: socket buffers absorb the start, the rest arrives as the server reads it.
      ctx.sim.faults.add(parseFaultSpec(`slow-upload@${32 << 20}/post`));
      const seen: number[] = [];
      const at: number[] = [];
      const task = await clientFor(ctx.sim).create(req, {
        onUploadProgress: (sent) => {
          seen.push(sent);
          at.push(Date.now());
        },
      });
      assert.ok(seen.length >= 10, `progress reported ${seen.length} times`);
      assert.equal(seen.at(-1), req.images[0]?.size);
      // A lower bound only (a slower machine takes longer): the throttle really held the upload.
      assert.ok(at.at(-1)! - at[0] >= 400, `uploaded in ${at.at(-1)! - at[0]} ms`);
      assert.equal(ctx.sim.received('api', 'POST')[0].fault, 'slow-upload');
      assert.equal(ctx.sim.tasks.get(task.id)?.images.length, 1);
    });

    it('connection refused (nothing sent) is retried, then reported as a network error', async () => {
      const closed = await freePort();
      const log: string[] = [];
      const client = clientFor(ctx.sim, {
        baseUrl: `http://127.0.0.1:${closed}`,
        retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
        log: (line) => log.push(line),
      });
      const err = await rejection<SeedanceApiError>(client.create(await request()));
      assert.deepEqual(
        log.map((l) => /retry (\d\/\d)/.exec(l)?.[1]),
        ['1/2', '2/2'],
      );
      assert.equal(err.kind, 'network');
      assert.match(err.message, /cannot connect \(ECONNREFUSED\)/);
    });
  });

  describe('aborts', () => {
    it('stop a read stuck waiting for headers at once', async () => {
      const client = clientFor(ctx.sim);
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 30_000 } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const err = await rejection<SeedanceApiError>(client.retrieve(id, { signal: controller.signal }));
      assert.equal(err.kind, 'aborted');
    });

    it('stop a read waiting out a backoff at once', async () => {
      const client = clientFor(ctx.sim, { retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 60_000 } });
      const id = await newTask(client);
      ctx.sim.faults.add({ fault: { kind: 'status', status: 429, retryAfter: '30' } });
      const controller = new AbortController();
      // Cancelled once the 429 has been answered, while the client waits out its 30 s (on a busy
      // machine the request may take longer than any fixed delay to arrive).
      const answered = setInterval(() => gets()[0]?.status === 429 && controller.abort(), 5);
      const started = Date.now();
      const err = await rejection<SeedanceApiError>(client.retrieve(id, { signal: controller.signal })).finally(() =>
        clearInterval(answered),
      );
      assert.equal(err.kind, 'aborted');
      assert.equal(gets().length, 1);
      assert.ok(Date.now() - started < 10_000, 'not after the 30 s backoff');
    });

    it('cancel an image upload part-way: aborted, and no job was started', async () => {
      const image = join(dir.path, 'big.jpg');
      // 16 MB that sniff as JPEG: large enough that the first progress report comes mid-upload.
      await writeFile(image, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(16 << 20)]));
      const req = await validateRequest({ prompt: 'x', model: 'doubao-seedance-2-0', image });
      const controller = new AbortController();
      let reported = 0;
      const err = await rejection<SeedanceApiError>(
        clientFor(ctx.sim).create(req, {
          signal: controller.signal,
          onUploadProgress: (sent, total) => {
            reported = sent;
            assert.equal(total, req.images[0]?.size);
            controller.abort();
          },
        }),
      );
      assert.equal(err.kind, 'aborted');
      assert.ok(reported > 0 && reported < (req.images[0]?.size ?? 0), `aborted after ${reported} bytes`);
      assert.equal(ctx.sim.tasks.size, 0);
    });

    it('after a text-only create was sent: outcome unknown, never "cancelled" (a job may exist)', async () => {
      ctx.sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 30_000 } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const err = await rejection<SeedanceApiError>(
        clientFor(ctx.sim).create(await request(), { signal: controller.signal }),
      );
      assert.equal(err.kind, 'outcome-unknown');
      assert.equal(posts().length, 1);
    });
  });

  function request() {
    return validateRequest({ prompt: 'a storm', model: 'doubao-seedance-2-0-fast' });
  }
});

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
