// Proxies: an explicit one (VS Code's http.proxy), HTTP(S)_PROXY / NO_PROXY from the environment,
// and never a global dispatcher (the extension host patches global networking).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { getGlobalDispatcher } from 'undici';
import { SeedanceClient, validateRequest } from '../../src/api';
import { clientFor, useSimulator } from '../support/sim';

/** A forward proxy that tunnels CONNECT requests and records their targets. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; server: Server }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels, server };
}

describe('proxies', () => {
  const ctx = useSimulator();
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const saved = { ...process.env };
  beforeEach(async () => {
    proxy = await startProxy();
  });
  afterEach(() => {
    proxy.server.closeAllConnections();
    proxy.server.close();
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
});
