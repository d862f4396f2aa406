// The key goes only to the configured API origin, in the Authorization header, and nowhere else:
// not to other hosts, not into URLs, error messages or log lines.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SeedanceApiError, SeedanceClient, ValidationError, parseBaseUrl, validateRequest } from '../../src/api';
import { clientFor, rejection, useSimulator, useTempDir, waitForEnd } from '../support/sim';

describe('key hygiene', () => {
  const ctx = useSimulator();
  const dir = useTempDir();

  describe('the base URL', () => {
    for (const bad of ['http://api.cometapi.com', 'http://192.168.1.20:8787', 'ftp://api.cometapi.com', 'not a url']) {
      it(`refuses ${bad}`, () => {
        assert.throws(
          () => parseBaseUrl(bad),
          (err: ValidationError) => err.field === 'baseUrl' && err.message.includes(JSON.stringify(bad)),
        );
      });
    }

    it('says why plain http is refused', () => {
      assert.throws(
        () => parseBaseUrl('http://api.example.com'),
        /must use https:\/\/ \(plain http:\/\/ is allowed only for localhost/,
      );
    });

    for (const good of ['https://api.cometapi.com', 'http://localhost:8787', 'http://127.0.0.1:1', 'http://[::1]:9']) {
      it(`accepts ${good}`, () => {
        assert.ok(parseBaseUrl(good));
      });
    }

    it('refuses credentials in the URL', () => {
      assert.throws(() => parseBaseUrl('https://user:pw@api.cometapi.com'), /must not contain a user name or password/);
    });

    it('drops a pasted trailing /v1 and slashes', () => {
      assert.equal(parseBaseUrl('https://api.cometapi.com/v1/').href, 'https://api.cometapi.com/');
      assert.equal(parseBaseUrl('https://gw.example.com/seedance/').href, 'https://gw.example.com/seedance');
    });
  });

  it('a task id cannot steer the request off the API path', async () => {
    const client = clientFor(ctx.sim);
    await rejection(client.retrieve('../../admin?x=1#y'));
    await rejection(client.retrieve('@evil.example.com/x'));
    const paths = ctx.sim.received('api').map((r) => r.path);
    assert.deepEqual(paths, ['/v1/videos/..%2F..%2Fadmin%3Fx%3D1%23y', '/v1/videos/%40evil.example.com%2Fx']);
  });

  it('no error message carries the key, even when a server echoes it back', async () => {
    const echo = createServer((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `bad header: ${req.headers.authorization}`, code: 'x' } }));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      const key = 'sk-very-secret-key-123';
      const client = new SeedanceClient({
        baseUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
        apiKey: key,
      });
      const err = await rejection<SeedanceApiError>(client.retrieve('task_1'));
      assert.equal(err.kind, 'invalid-request');
      assert.match(err.message, /bad header: Bearer \[redacted\]/);
      assert.ok(!`${err.message} ${err.providerMessage} ${err.stack}`.includes(key));
    } finally {
      echo.close();
    }
  });

  it('a failed task whose reason echoes the key: the reason comes out of the client without it, in both dialects and in the transcript', async () => {
    for (const dialect of ['current', 'legacy'] as const) {
      ctx.sim.dialect = dialect;
      const exchanges: string[] = [];
      const client = clientFor(ctx.sim, { onExchange: (e) => void exchanges.push(JSON.stringify(e)) });
      const created = await client.create(
        await validateRequest({ prompt: 'A heron [sim:echo-key]', model: 'doubao-seedance-2-0', seconds: 5 }),
      );
      const ended = await waitForEnd(client, created.id);
      assert.equal(ended.state, 'failed', dialect);
      assert.match(ended.failureReason ?? '', /Authorization: Bearer \[redacted\]/, dialect);
      const all = JSON.stringify(ended) + exchanges.join('\n');
      assert.ok(exchanges.length > 0 && !all.includes(ctx.sim.key), `${dialect}: ${all.slice(0, 400)}`);
    }
  });

  it('refuses a key that cannot be sent in a header, without quoting it', () => {
    assert.throws(
      () => new SeedanceClient({ baseUrl: ctx.sim.apiUrl, apiKey: 'sk-abc\r\nX-Evil: 1' }),
      (err: ValidationError) => err.field === 'apiKey' && !err.message.includes('sk-abc'),
    );
    assert.throws(() => new SeedanceClient({ baseUrl: ctx.sim.apiUrl, apiKey: '  ' }), /API key is empty/);
  });

  it('log lines name requests and timings, never the key or a signed URL query', async () => {
    const lines: string[] = [];
    const client = clientFor(ctx.sim, { log: (l) => lines.push(l) });
    ctx.sim.faults.add({ fault: { kind: 'status', status: 503 }, match: { method: 'GET' } });
    const { id } = await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    const task = await waitForEnd(client, id);
    await client.download(task.videoUrl!, join(dir.path, 'v.mp4'));
    const all = lines.join('\n');
    assert.match(all, /POST \/v1\/videos → 200 in \d+ ms/);
    assert.match(all, /GET \/v1\/videos\/task_\w+ → 200 in \d+ ms/);
    assert.match(all, /The API failed \(503\).*retry 1\/3/);
    assert.ok(!all.includes(ctx.sim.key), 'no key in the log');
    assert.ok(!all.includes('signature='), 'no signed query in the log');
  });
});
