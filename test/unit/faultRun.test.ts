// What an independent fault run found, each as a test that failed before its fix: a create sent
// on a kept-alive connection the server had dropped, a redirect's query in a message, and the
// cause chain of task_not_exist. (The If-Range resume is in download.test.ts.)
import assert from 'node:assert/strict';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SeedanceApiError, SeedanceClient, validateRequest } from '../../src/api';
import { FAST_RETRY, clientFor, rejection, useSimulator } from '../support/sim';

/** A plain HTTP server for shapes the simulator does not produce; counts connections. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, nth: number) => void,
): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const perSocket = new WeakMap<Socket, number>();
  const server = createServer((req, res) => {
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    handler(req, res, nth);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('found by the fault run', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('a create never rides a kept-alive connection the server has dropped: it is sent on a fresh one', async () => {
    // Any second request on a connection meets a server that has let the socket go: it is cut
    // without an answer. A create sent there could not tell "nothing started" from "maybe".
    const { server, url, connections } = await serve((req, res, nth) => {
      if (nth > 1) return void req.socket.destroy();
      req.resume();
      req.on('end', () =>
        json(res, 200, { id: 'task_fresh', status: req.method === 'POST' ? 'queued' : 'in_progress' }),
      );
    });
    servers.push(server);
    const client = new SeedanceClient({ baseUrl: url, apiKey: 'sk-x', retry: FAST_RETRY, noProxy: '*' });
    await client.retrieve('task_earlier');
    // One turn of the event loop: the poll's connection is back in the pool, idle, as it is by
    // the time a person submits (without the fix, the create is sent on it and cut).
    await new Promise((r) => setImmediate(r));
    const task = await client.create(await validateRequest({ prompt: 'a fox', model: 'doubao-seedance-2-0' }));
    assert.equal(task.id, 'task_fresh', 'the job was created, not reported as "outcome unknown"');
    assert.equal(connections(), 2, 'the create opened a connection of its own');
    await client.close();
  });

  it('a redirect is reported by origin and path only: a credential in its query never reaches the message', async () => {
    const { server, url } = await serve((req, res) => {
      req.resume();
      res.writeHead(302, { location: 'https://login.example/sso/start?token=SECRET-CREDENTIAL&next=%2Fv1' });
      res.end();
    });
    servers.push(server);
    const client = new SeedanceClient({ baseUrl: url, apiKey: 'sk-x', retry: FAST_RETRY, noProxy: '*' });
    const err = await rejection<SeedanceApiError>(client.retrieve('task_1'));
    assert.equal(err.kind, 'protocol');
    assert.match(err.message, /redirect \(302 to https:\/\/login\.example\/sso\/start\)/);
    assert.ok(!err.message.includes('SECRET-CREDENTIAL'));
    await client.close();
  });

  describe('task_not_exist', () => {
    const ctx = useSimulator();
    it('keeps the provider’s error as the cause, with its status and request id', async () => {
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).retrieve('task_gone'));
      assert.equal(err.kind, 'task-not-found');
      assert.equal(err.status, 400);
      assert.ok(err.cause instanceof SeedanceApiError, 'the original error is the cause');
      assert.match(err.cause.providerMessage ?? '', /task_not_exist/);
      assert.equal(err.requestId, err.cause.requestId);
      assert.ok(err.requestId);
    });
  });
});
