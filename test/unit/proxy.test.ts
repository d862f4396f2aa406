// Proxies: an explicit one (VS Code's http.proxy), HTTP(S)_PROXY / NO_PROXY from the environment,
// and never a global dispatcher (the extension host patches global networking).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getGlobalDispatcher } from 'undici';
import { SeedanceClient, validateRequest } from '../../src/api';
import { REPO_ROOT } from '../support/paths';
import { type TestProxy, startProxy } from '../support/proxy';
import { clientFor, useSimulator } from '../support/sim';

describe('proxies', () => {
  const ctx = useSimulator();
  let proxy: TestProxy;
  const saved = { ...process.env };
  beforeEach(async () => {
    proxy = await startProxy();
  });
  afterEach(async () => {
    await proxy.close();
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  const apiHost = () => new URL(ctx.sim.apiUrl).host;

  it('goes through an explicit proxy URL', async () => {
    const client = clientFor(ctx.sim, { proxy: proxy.url, noProxy: '' });
    await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    assert.deepEqual(proxy.tunnels, [apiHost()]);
  });

  it('honours HTTP_PROXY from the environment', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const client = new SeedanceClient({ baseUrl: ctx.sim.apiUrl, apiKey: ctx.sim.key, noProxy: '' });
    await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    assert.deepEqual(proxy.tunnels, [apiHost()]);
  });

  it('honours NO_PROXY from the environment', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    const client = new SeedanceClient({ baseUrl: ctx.sim.apiUrl, apiKey: ctx.sim.key });
    await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    assert.deepEqual(proxy.tunnels, []);
    assert.equal(ctx.sim.received('api', 'POST').length, 1);
  });

  it('sends loopback addresses direct by default', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const client = new SeedanceClient({ baseUrl: ctx.sim.apiUrl, apiKey: ctx.sim.key });
    await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    assert.deepEqual(proxy.tunnels, []);
  });

  it('never replaces the global dispatcher', async () => {
    const before = getGlobalDispatcher();
    const client = clientFor(ctx.sim, { proxy: proxy.url });
    await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
    assert.equal(getGlobalDispatcher(), before);
  });

  // This process has loaded undici's index (the tests import it), which patches every
  // dispatcher; the bundle never loads it. A fresh process that loads only the client sees
  // undici exactly as the extension does.
  it('works with undici loaded piece by piece, as in the bundle', async () => {
    const script = `
      const { SeedanceClient, validateRequest } = require(${JSON.stringify(join(REPO_ROOT, 'out', 'src', 'api'))});
      (async () => {
        const client = new SeedanceClient({ baseUrl: process.argv[1], apiKey: process.argv[2], proxy: process.argv[3], noProxy: '' });
        const task = await client.create(await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0' }));
        const index = Object.keys(require.cache).filter((k) => /undici[\\/]index[.]js$/.test(k));
        console.log(JSON.stringify({ id: task.id, index }));
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(process.execPath, [
      '-e',
      script,
      ctx.sim.apiUrl,
      ctx.sim.key,
      proxy.url,
    ]);
    const { id, index } = JSON.parse(stdout) as { id: string; index: string[] };
    assert.deepEqual(index, [], "undici's index was not loaded");
    assert.ok(ctx.sim.tasks.has(id));
    assert.deepEqual(proxy.tunnels, [apiHost()]);
  });
});
