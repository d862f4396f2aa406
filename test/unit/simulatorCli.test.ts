// `npm run simulator`: the command-line simulator as a person or the launcher starts it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { SeedanceClient, validateRequest } from '../../src/api';
import { REPO_ROOT } from '../support/paths';
import { FAST_RETRY } from '../support/sim';

const CLI = join(REPO_ROOT, 'out', 'test', 'simulator', 'cli.js');

async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    rl.on('line', (line) => {
      lines.push(line);
      const m = /^Seedance simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { child, url, lines };
}

describe('the simulator command', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('prints its address, serves the API with the given key and stops cleanly on SIGTERM', async () => {
    const started = await startCli(['--port', '0', '--key', 'sk-cli', '--task-seconds', '1', '--fault', '503*1/get']);
    child = started.child;
    const client = new SeedanceClient({ baseUrl: started.url, apiKey: 'sk-cli', retry: FAST_RETRY });
    const { id } = await client.create(
      await validateRequest({ prompt: 'p', model: 'doubao-seedance-1-0-pro', seconds: 2 }),
    );
    assert.equal((await client.retrieve(id)).id, id, 'the injected 503 was retried through');
    // Its log line arrives over the child's stdout, a moment after the answer.
    for (let i = 0; i < 100 && !started.lines.some((l) => /\[fault 503\]/.test(l)); i++)
      await once(started.child.stdout!, 'data');
    assert.ok(
      started.lines.some((l) => /GET \/v1\/videos\/task_\w+ → 503 .*\[fault 503\]/.test(l)),
      started.lines.join('\n'),
    );
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('takes faults at run time over /__sim/faults, and reports what it received', async () => {
    const started = await startCli(['--port', '0', '--quiet']);
    child = started.child;
    const add = await request(`${started.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ spec: '429@7*1' }),
    });
    assert.equal(add.statusCode, 200);
    await add.body.dump();
    const res = await request(`${started.url}/v1/videos/task_x`, {
      headers: { authorization: 'Bearer sk-simulator-key' },
    });
    assert.equal(res.statusCode, 429);
    assert.equal(res.headers['retry-after'], '7');
    await res.body.dump();
    const log = (await (await request(`${started.url}/__sim/requests`)).body.json()) as {
      path: string;
      status: number;
    }[];
    assert.deepEqual(
      log.map((r) => [r.path, r.status]),
      [['/v1/videos/task_x', 429]],
    );
  });

  it('explains a bad flag and exits 2', async () => {
    const bad = spawn(process.execPath, [CLI, '--fault', 'explode'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr.on('data', (c) => (stderr += c));
    const [code] = (await once(bad, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /unknown fault "explode"/);
    assert.match(stderr, /Usage: npm run simulator/);
  });
});
