// The video host is a third party: what it sends is checked before it is called a video, and
// where its links lead is checked before anything connects. Each case is a small server of our
// own on loopback, answering the way a hostile or broken host would.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, symlink } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent } from 'undici';
import { SeedanceApiError, SeedanceClient } from '../../src/api';
import { isLocalAddress } from '../../src/api/addresses';
import { downloadVideo } from '../../src/api/download';
import { FILLER_HEAD } from '../simulator/simulator';
import { SAMPLE_MP4, fixture } from '../support/paths';
import { FAST_RETRY, listDir, rejection, useTempDir } from '../support/sim';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server of our own on loopback; `hits` counts what reached it. */
function useHost(tls = false) {
  const host = { url: '', hits: 0, handler: (() => undefined) as Handler, server: undefined as Server | undefined };
  beforeEach(async () => {
    host.hits = 0;
    const onRequest: Handler = (req, res) => {
      host.hits++;
      host.handler(req, res);
    };
    const server = tls
      ? createTlsServer(
          { key: readFileSync(fixture('tls', 'localhost.key')), cert: readFileSync(fixture('tls', 'localhost.crt')) },
          onRequest,
        )
      : createServer(onRequest);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host.server = server;
    host.url = `${tls ? 'https' : 'http'}://${tls ? 'localhost' : '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    host.server?.closeAllConnections();
    await new Promise((r) => host.server?.close(r));
  });
  return host;
}

/** A client whose API is on this machine (as with the simulator): http and loopback links allowed. */
const localClient = (o: Partial<ConstructorParameters<typeof SeedanceClient>[0]> = {}) =>
  new SeedanceClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-test', retry: FAST_RETRY, noProxy: '*', ...o });
/** A client of the real service (never contacted here): only https links to public hosts. */
const remoteClient = () =>
  new SeedanceClient({ baseUrl: 'https://api.seedance.invalid', apiKey: 'sk-test', retry: FAST_RETRY, noProxy: '*' });

describe('a hostile or broken video host', () => {
  const dir = useTempDir();
  const host = useHost();
  const dest = () => join(dir.path, 'videos', 'clip.mp4');
  const nothingSaved = async () => assert.deepEqual(await listDir(join(dir.path, 'videos')), [], 'nothing saved');

  it('a login page (HTML with status 200) is not saved as a video', async () => {
    host.handler = (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html>Sign in</html>');
    const err = await rejection<SeedanceApiError>(localClient().download(`${host.url}/v.mp4?sig=secret`, dest()));
    assert.equal(err.kind, 'protocol');
    assert.match(err.message, /not a video \(it begins with a web page\)/);
    await nothingSaved();
  });

  it('a PNG is not saved as a video; an MP4 and a WebM are', async () => {
    host.handler = (_req, res) => res.writeHead(200).end(readFileSync(fixture('images', 'sample.png')));
    const err = await rejection<SeedanceApiError>(localClient().download(`${host.url}/v.mp4`, dest()));
    assert.match(err.message, /not a video/);
    await nothingSaved();
    host.handler = (_req, res) => res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    await localClient().download(`${host.url}/v.mp4`, dest());
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(100)]);
    host.handler = (_req, res) => res.writeHead(200).end(webm);
    await localClient().download(`${host.url}/v.webm`, join(dir.path, 'videos', 'clip.webm'));
    assert.deepEqual((await listDir(join(dir.path, 'videos'))).sort(), ['clip.mp4', 'clip.webm']);
  });

  it('a declared size above the cap stops the download before anything is written', async () => {
    let closed = false;
    host.handler = (req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 ** 3) });
      res.write(FILLER_HEAD);
      req.socket.on('close', () => (closed = true));
    };
    const err = await rejection<SeedanceApiError>(localClient().download(`${host.url}/v.mp4`, dest()));
    assert.match(err.message, /larger than the 2048 MB limit \(seedance\.maxDownloadMB\)/);
    assert.equal(host.hits, 1, 'not retried');
    await nothingSaved();
    await waitFor(() => closed, 'the connection is closed, not drained');
  });

  it('a body that never ends stops at the cap, leaving nothing', async () => {
    host.handler = (_req, res) => {
      res.writeHead(200);
      res.write(FILLER_HEAD);
      const more = () => {
        while (!res.destroyed && res.write(Buffer.alloc(64 * 1024))) {
          /* fill the socket */
        }
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    };
    const err = await rejection<SeedanceApiError>(
      localClient().download(`${host.url}/v.mp4`, dest(), { maxBytes: 3 * 1024 * 1024 }),
    );
    assert.match(err.message, /larger than the 3 MB limit/);
    await nothingSaved();
  });

  it('a reply trickled a byte at a time ends at the overall deadline, leaving nothing', async () => {
    host.handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(FILLER_HEAD);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('x')), 20);
    };
    const started = Date.now();
    const err = await rejection<SeedanceApiError>(
      localClient({ timeouts: { downloadMs: 400 } }).download(`${host.url}/v.mp4`, dest()),
    );
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /not finished within 0\.01 minutes/);
    assert.ok(Date.now() - started < 5_000, 'ended by the deadline, not by the idle timeout');
    await nothingSaved();
  });

  it('a poll answered a byte at a time ends at the read deadline', async () => {
    host.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 20);
    };
    const client = new SeedanceClient({
      baseUrl: host.url,
      apiKey: 'sk-test',
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 50 },
      timeouts: { readMs: 300 },
    });
    const err = await rejection<SeedanceApiError>(client.retrieve('task_1'));
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /no whole answer within 0\.3 s/);
    // Retried as any timeout, then given up: never more than the attempts allowed (on a busy machine
    // the second may be cut by its deadline before the server has counted it).
    assert.ok(host.hits >= 1 && host.hits <= 2, `${host.hits} requests`);
  });

  it('errors quote a link as origin and path, never its signed query', async () => {
    host.handler = (_req, res) => res.writeHead(200).end('<html>');
    const errors = [
      await rejection(localClient().download(`${host.url}/v.mp4?X-Signature=secret`, dest())),
      await rejection(localClient().download('ftp://cdn.example/v.mp4?X-Signature=secret', dest())),
      await rejection(remoteClient().download('http://cdn.example/v.mp4?X-Signature=secret', dest())),
    ];
    for (const e of errors) assert.doesNotMatch(String(e), /secret/);
    assert.match(String(errors[2]), /plain http video link \(http:\/\/cdn\.example\/v\.mp4\)/);
  });

  it('never writes through a symbolic link at the destination, even a dangling one', async () => {
    await mkdir(join(dir.path, 'videos'));
    await symlink(join(dir.path, 'elsewhere.txt'), dest());
    host.handler = (_req, res) => res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    const err = await rejection<NodeJS.ErrnoException>(localClient().download(`${host.url}/v.mp4`, dest()));
    assert.equal(err.code, 'EEXIST');
    assert.equal(await readlink(dest()), join(dir.path, 'elsewhere.txt'), 'the link is left as it was');
    assert.equal(host.hits, 0);
  });

  it('an output folder that is a link out of the workspace is refused before any request', async () => {
    const outside = join(dir.path, 'outside');
    const workspace = join(dir.path, 'workspace');
    await mkdir(outside);
    await mkdir(workspace);
    await symlink(outside, join(workspace, 'videos'));
    host.handler = (_req, res) => res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    const err = await rejection(
      localClient().download(`${host.url}/v.mp4`, join(workspace, 'videos', 'clip.mp4'), { roots: [workspace] }),
    );
    assert.match(String(err), /outside the workspace/);
    assert.deepEqual(await listDir(outside), []);
    assert.equal(host.hits, 0);
  });

  it('no folder is made through a link out of the workspace: the check comes before the folder', async () => {
    const outside = join(dir.path, 'outside');
    const workspace = join(dir.path, 'workspace');
    await mkdir(outside);
    await mkdir(workspace);
    // The output folder does not exist yet; a parent of it is a planted link out.
    await symlink(outside, join(workspace, 'renders'));
    host.handler = (_req, res) => res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    const err = await rejection(
      localClient().download(`${host.url}/v.mp4`, join(workspace, 'renders', 'day 1', 'clip.mp4'), {
        roots: [workspace],
      }),
    );
    assert.match(String(err), /outside the workspace/);
    assert.deepEqual(await listDir(outside), [], 'nothing made outside');
    assert.equal(host.hits, 0);
  });
});

describe('where a video link may lead (the API is the real, remote one)', () => {
  const dir = useTempDir();
  const tlsHost = useHost(true);
  const dest = () => join(dir.path, 'clip.mp4');

  it('a literal local or metadata address is refused without connecting', async () => {
    for (const url of [
      'https://169.254.169.254/latest/meta-data/v.mp4',
      'https://127.0.0.1/v.mp4',
      'https://10.0.0.8/v.mp4',
      'https://[::1]/v.mp4',
      'https://[::ffff:192.168.1.1]/v.mp4',
      'https://0.0.0.0/v.mp4',
      // IPv4 inside IPv6: compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16).
      'https://[::127.0.0.1]/v.mp4',
      'https://[::169.254.169.254]/v.mp4',
      'https://[64:ff9b::10.0.0.1]/v.mp4',
      'https://[64:ff9b::a9fe:a9fe]/v.mp4',
      'https://[2002:c0a8:101::1]/v.mp4',
      // Site-local (fec0::/10) and unique local (fc00::/7).
      'https://[fec0::1]/v.mp4',
      'https://[fd00::1]/v.mp4',
    ]) {
      const err = await rejection<SeedanceApiError>(remoteClient().download(url, dest()));
      assert.equal(err.kind, 'protocol', url);
      assert.match(err.message, /an address on this machine or its local network/, url);
    }
  });

  it('a public address, in IPv4 or inside IPv6, is not taken for a local one', () => {
    for (const address of [
      '93.184.216.34',
      '2606:2800:220:1::1',
      '::ffff:93.184.216.34',
      '64:ff9b::5db8:d822',
      '2002:5db8:d822::1',
    ])
      assert.equal(isLocalAddress(address), false, address);
    for (const address of ['::', '::1', '::a9fe:a9fe', 'fe80::1%eth0', 'ff02::1', '64:ff9b:1::1'])
      assert.equal(isLocalAddress(address), true, address);
  });

  it('a name that resolves to a loopback address is refused when it connects', async () => {
    tlsHost.handler = (_req, res) => res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    const err = await rejection<SeedanceApiError>(remoteClient().download(`${tlsHost.url}/v.mp4`, dest()));
    assert.match(err.message, /localhost \(127\.0\.0\.1\), an address on this machine/);
    assert.equal(tlsHost.hits, 0, 'nothing reached the host');
    await assert.rejects(lstat(dest()));
  });
});

describe('redirects from the video host', () => {
  const dir = useTempDir();
  const tlsHost = useHost(true);
  const plain = useHost();
  /** The real download code on a dispatcher that trusts the test certificate. */
  const download = (url: string) =>
    downloadVideo(
      {
        dispatcher: new Agent({ connect: { ca: readFileSync(fixture('tls', 'localhost.crt')) } }),
        localApi: true,
        userAgent: 'test',
        withRetries: (_w, _s, attempt) => attempt(),
      },
      url,
      join(dir.path, 'clip.mp4'),
    );

  it('follows https to https', async () => {
    tlsHost.handler = (req, res) =>
      req.url === '/start'
        ? res.writeHead(302, { location: '/v.mp4' }).end()
        : res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    await download(`${tlsHost.url}/start`);
    assert.ok((await readFile(join(dir.path, 'clip.mp4'))).equals(readFileSync(SAMPLE_MP4)));
  });

  it('refuses a redirect from https down to plain http', async () => {
    tlsHost.handler = (_req, res) => res.writeHead(302, { location: `${plain.url}/v.mp4?sig=secret` }).end();
    plain.handler = (_req, res) => res.writeHead(200).end(readFileSync(SAMPLE_MP4));
    const err = await rejection<SeedanceApiError>(download(`${tlsHost.url}/start`));
    assert.match(err.message, /redirected from https to plain http \(http:\/\/127\.0\.0\.1:\d+\/v\.mp4\)/);
    assert.equal(plain.hits, 0);
    assert.deepEqual(await listDir(dir.path), []);
  });

  it('stops after five redirects', async () => {
    tlsHost.handler = (req, res) => res.writeHead(302, { location: `/r${Number(req.url?.slice(2) || 0) + 1}` }).end();
    const err = await rejection<SeedanceApiError>(download(`${tlsHost.url}/r0`));
    assert.match(err.message, /too many redirects/);
    assert.equal(tlsHost.hits, 6);
  });
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), what);
}
