// Several MCP servers on one root at once, as separate processes (an agent's client may start a
// server per call, or several agents one each), driven over stdio by the MCP SDK's own client
// against the simulator: the day's budget holds across all of them, and every video any of them
// sent arrives for the next server that runs.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { useSimulator } from '../support/sim';
import { childEnv } from '../support/childEnv';

const SERVER = join(__dirname, '..', '..', 'src', 'mcp', 'main.js');

describe('several MCP servers on one root, as processes', function () {
  this.timeout(60_000);
  const ctx = useSimulator();
  let root: string;
  const running: { client: Client; transport: StdioClientTransport }[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'seedance-mcp-procs-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map(({ client }) => client.close()));
    await rm(root, { recursive: true, force: true });
  });

  /** A server process on the root, its client accepting every confirmation. */
  async function server(env: Record<string, string> = {}): Promise<{ client: Client; stop: () => Promise<void> }> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SERVER],
      env: childEnv({
        COMETAPI_KEY: ctx.sim.key,
        COMETAPI_BASE_URL: ctx.sim.apiUrl,
        SEEDANCE_ROOT: root,
        SEEDANCE_STATE_DIR: join(root, '.state'),
        SEEDANCE_POLL_SECONDS: '1',
        ...env,
      }),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept' }));
    await client.connect(transport);
    const entry = { client, transport };
    running.push(entry);
    return {
      client,
      stop: async () => {
        const pid = transport.pid;
        running.splice(running.indexOf(entry), 1);
        await client.close();
        await until(`server ${pid} has exited`, () => pid === null || !alive(pid));
      },
    };
  }

  it('three servers × three calls at once: exactly the day budget’s worth is sent, and a fourth server downloads every one', async () => {
    // Seedance 2.0 at 5 s is $0.40: $1.00 a day leaves room for two, whoever asks.
    const budget = { SEEDANCE_MAX_USD_PER_DAY: '1.00' };
    const servers = await Promise.all([server(budget), server(budget), server(budget)]);
    const request = { prompt: 'A heron at dusk', model: 'doubao-seedance-2-0', seconds: 5 };
    const answers = await Promise.all(
      servers.flatMap(({ client }) =>
        [1, 2, 3].map(() => client.callTool({ name: 'generate_video', arguments: request })),
      ),
    );
    const started = answers.filter((a) => a.isError !== true);
    const refused = answers.filter((a) => a.isError === true);
    assert.equal(ctx.sim.received('api', 'POST').length, 2, 'two videos sent in all');
    assert.equal(started.length, 2);
    for (const r of refused) assert.match(JSON.stringify(r.content), /daily budget of \$1\.00/);
    const ids = started.map((a) => (a.structuredContent as { taskId: string }).taskId).sort();
    await Promise.all(servers.map((s) => s.stop()));

    // A fourth server, later: it lists both jobs and downloads both videos.
    const fourth = await server(budget);
    let videos: { taskId: string; file?: string }[] = [];
    await until('both videos downloaded by the fourth server', async () => {
      const answer = await fourth.client.callTool({ name: 'check_videos', arguments: {} });
      videos = (answer.structuredContent as { videos: typeof videos }).videos;
      return videos.length === 2 && videos.every((v) => v.file !== undefined);
    });
    assert.deepEqual(videos.map((v) => v.taskId).sort(), ids);
    for (const v of videos) assert.ok(existsSync(v.file!) && statSync(v.file!).size > 0, v.file);
    // And the day is spent: a third video is refused by it too.
    const more = await fourth.client.callTool({ name: 'generate_video', arguments: request });
    assert.equal(more.isError, true);
    assert.equal(ctx.sim.received('api', 'POST').length, 2);
  });

  it('with no budget, nine calls from three servers at once are nine jobs in the shared state, and a fourth server downloads all nine', async () => {
    // An account that renders all nine at once: the state file's merge is what is tested here.
    const wide = { SEEDANCE_MAX_CONCURRENT_JOBS: '9' };
    const servers = await Promise.all([server(wide), server(wide), server(wide)]);
    const answers = await Promise.all(
      servers.flatMap(({ client }, s) =>
        [1, 2, 3].map((n) =>
          client.callTool({ name: 'generate_video', arguments: { prompt: `Take ${n} of server ${s + 1}` } }),
        ),
      ),
    );
    assert.ok(
      answers.every((a) => a.isError !== true),
      JSON.stringify(answers.find((a) => a.isError)),
    );
    const ids = answers.map((a) => (a.structuredContent as { taskId: string }).taskId);
    assert.equal(new Set(ids).size, 9);
    await Promise.all(servers.map((s) => s.stop()));
    const fourth = await server(wide);
    let videos: { taskId: string; file?: string }[] = [];
    await until('all nine videos downloaded by the fourth server', async () => {
      const answer = await fourth.client.callTool({ name: 'check_videos', arguments: {} });
      videos = (answer.structuredContent as { videos: typeof videos }).videos;
      return videos.length === 9 && videos.every((v) => v.file !== undefined);
    });
    // A call may have waited its turn (a place looked taken while another send was being stored):
    // then its answer named its waiting id, and the provider's id came once it was sent.
    assert.equal(new Set(videos.map((v) => v.taskId)).size, 9, 'nine different videos');
    assert.equal(new Set(videos.map((v) => v.file)).size, 9, 'nine files');
    assert.equal(ctx.sim.received('api', 'POST').length, 9, 'nothing sent again');
  });

  it('three servers × three calls on an account that renders three at once: three are sent, six wait, and places freed anywhere are filled without passing the limit', async () => {
    ctx.sim.pace = 'held';
    ctx.sim.maxRunning = 3;
    const limit = { SEEDANCE_MAX_CONCURRENT_JOBS: '3' };
    const servers = await Promise.all([server(limit), server(limit), server(limit)]);
    const answers = await Promise.all(
      servers.flatMap(({ client }, s) =>
        [1, 2, 3].map((n) =>
          client.callTool({ name: 'generate_video', arguments: { prompt: `Shot ${n} of agent ${s + 1}` } }),
        ),
      ),
    );
    assert.ok(
      answers.every((a) => a.isError !== true),
      JSON.stringify(answers.find((a) => a.isError)),
    );
    const waiting = answers.filter((a) => JSON.stringify(a.content).includes('waiting to send'));
    assert.equal(waiting.length, 6, 'six wait their turn, each told so');
    assert.equal(ctx.sim.received('api', 'POST').length, 3, 'three sent');
    // The three at the provider end; the servers fill the places, never past three at once.
    for (const id of ctx.sim.tasks.keys()) ctx.sim.finishTask(id);
    // Counted once answered: the simulator records a request as it arrives, its status when it answers.
    const answered = () => ctx.sim.received('api', 'POST').filter((r) => r.status !== undefined);
    await until('three more sent and answered', () => answered().length === 6);
    assert.ok(ctx.sim.peakRunning <= 3, `at most three at once (${ctx.sim.peakRunning})`);
    assert.deepEqual(
      answered().map((r) => r.status),
      Array<number>(6).fill(200),
      'the account’s limit was never met',
    );
  });

  it('a client that goes away while the person is being asked: the question is withdrawn, nothing is sent, the server exits', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SERVER],
      env: childEnv({
        COMETAPI_KEY: ctx.sim.key,
        COMETAPI_BASE_URL: ctx.sim.apiUrl,
        SEEDANCE_ROOT: root,
        SEEDANCE_STATE_DIR: join(root, '.state'),
      }),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
    let asked = false;
    client.setRequestHandler(ElicitRequestSchema, () => {
      asked = true;
      return new Promise(() => undefined);
    });
    await client.connect(transport);
    const pid = transport.pid!;
    void client.callTool({ name: 'generate_video', arguments: { prompt: 'A heron at dusk' } }).catch(() => undefined);
    await until('the person is asked', () => asked);
    await client.close();
    // Ten minutes to answer by default: an exit now is the withdrawal, not a time-out.
    await until(`server ${pid} has exited`, () => !alive(pid));
    assert.equal(ctx.sim.received('api', 'POST').length, 0);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` holds, asking again as soon as it answers; fails naming what it waited for. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
