// The MCP server's engine and tools in plain Node, with the MCP SDK's own client over an in-memory
// link and the simulator over real HTTP: the tools' inputs are the editor's options schema (a
// field added there appears here), a person who declines the confirmation (elicitation) sends
// nothing and one who accepts sends once, and the key shows in no answer and no log line.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { readConfig } from '../../src/mcp/config';
import { Engine } from '../../src/mcp/engine';
import { createServer } from '../../src/mcp/main';
import { toolList } from '../../src/mcp/tools';
import { agentRequestShape, optionsShape } from '../../src/plan/requestShape';
import { fixture } from '../support/paths';
import { useSimulator } from '../support/sim';

/** Every file under `dir` but the server's state, with its contents. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      // The server's state and its lock come and go with every call: not the root's files.
      if (entry.isDirectory() && entry.name !== '.state') await walk(path);
      else if (entry.isFile()) files.set(path, (await readFile(path)).toString('base64'));
    }
  };
  await walk(dir);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** Waits until `check` holds (asked again each turn of the event loop); fails naming it. */
async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('the MCP server’s tools', () => {
  const ctx = useSimulator({ pace: 'held' });
  let root: string;
  let lines: string[];
  let engine: Engine;

  /** A server's engine on this root, with these extra environment variables (its budgets, say). */
  async function start(env: Record<string, string> = {}, previous: Engine | undefined = engine): Promise<void> {
    await previous?.close();
    const config = readConfig(
      {
        COMETAPI_KEY: ctx.sim.key,
        COMETAPI_BASE_URL: ctx.sim.apiUrl,
        SEEDANCE_ROOT: root,
        SEEDANCE_STATE_DIR: join(root, '.state'),
        ...env,
      },
      root,
    );
    const log = (level: string) => (line: string) => void lines.push(`${level} ${line}`);
    // Polled only when a test asks (check_videos): no background poll races what a test looks at.
    engine = await Engine.open(
      config,
      { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      3600,
    );
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'seedance-mcp-unit-'));
    lines = [];
    await start({}, undefined);
  });

  afterEach(async () => {
    await engine.close();
    await rm(root, { recursive: true, force: true });
  });

  /** The SDK's client, linked to a server on `engine`; `answer` is the person's reply to a confirmation. */
  async function connect(answer?: 'accept' | 'decline'): Promise<{ client: Client; asked: string[] }> {
    const { server } = createServer(engine);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'test', version: '1' }, { capabilities: answer ? { elicitation: {} } : {} });
    const asked: string[] = [];
    if (answer)
      client.setRequestHandler(ElicitRequestSchema, (request) => {
        asked.push(String(request.params.message));
        return { action: answer };
      });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return { client, asked };
  }

  it('take the editor’s options schema: every request field, and only the editor’s own left out', () => {
    const editorOnly = ['editPrompt', 'image'];
    const fields = Object.keys(optionsShape.shape).filter((k) => !editorOnly.includes(k));
    assert.deepEqual(Object.keys(agentRequestShape.shape).sort(), [...fields].sort());
    for (const name of ['estimate_video_cost', 'generate_video']) {
      const tool = toolList().find((t) => t.name === name) as {
        inputSchema: { properties: object; required: string[] };
      };
      assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), [...fields].sort(), name);
      assert.deepEqual(tool.inputSchema.required, ['prompt']);
    }
  });

  it('a person who declines the confirmation sends nothing; one who accepts sends once', async () => {
    const request = { prompt: 'A heron at dusk', model: 'doubao-seedance-2-0', seconds: 5 };
    const declined = await connect('decline');
    const no = await declined.client.callTool({ name: 'generate_video', arguments: request });
    assert.equal(no.isError, true);
    assert.match(JSON.stringify(no.content), /declined/);
    assert.match(declined.asked[0], /doubao-seedance-2-0, 5 s, 16:9, 720p: ≈ \$0\.40/);
    assert.equal(ctx.sim.received('api', 'POST').length, 0);
    const accepted = await connect('accept');
    const yes = await accepted.client.callTool({ name: 'generate_video', arguments: request });
    assert.equal(yes.isError, undefined, JSON.stringify(yes.content));
    assert.equal(ctx.sim.received('api', 'POST').length, 1);
    assert.equal(accepted.asked.length, 1);
  });

  describe('budgets, before anything is asked or sent', () => {
    // Seedance 2.0 at 5 s: $0.40 by the built-in price.
    const request = { prompt: 'A heron at dusk', model: 'doubao-seedance-2-0', seconds: 5 };
    const generate = async () => {
      const { client, asked } = await connect('accept');
      const answer = await client.callTool({ name: 'generate_video', arguments: request });
      return { text: JSON.stringify(answer.content), sent: answer.isError !== true, asked: asked.length };
    };
    const posts = () => ctx.sim.received('api', 'POST').length;

    it('per call: a video that costs exactly the budget is sent; a cent less of budget refuses it, naming the variable', async () => {
      await start({ SEEDANCE_MAX_USD_PER_CALL: '0.40' });
      assert.equal((await generate()).sent, true);
      assert.equal(posts(), 1);
      await start({ SEEDANCE_MAX_USD_PER_CALL: '0.39' });
      const over = await generate();
      assert.deepEqual([over.sent, over.asked], [false, 0], 'refused before the person was asked');
      assert.match(over.text, /over the per-call budget of \$0\.39 \(SEEDANCE_MAX_USD_PER_CALL\)/);
      assert.equal(posts(), 1, 'nothing more sent');
    });

    it('per day: what was sent today counts (kept in the state file), up to the budget exactly and not past it', async () => {
      await start({ SEEDANCE_MAX_USD_PER_DAY: '0.80' });
      assert.equal((await generate()).sent, true);
      // Another server on the same root, later the same day: it reads what the first one spent.
      await start({ SEEDANCE_MAX_USD_PER_DAY: '0.80' });
      assert.equal((await generate()).sent, true, '$0.80 of $0.80: within the budget');
      const third = await generate();
      assert.equal(third.sent, false);
      assert.match(
        third.text,
        /\$0\.80 is already estimated for today.*daily budget of \$0\.80 \(SEEDANCE_MAX_USD_PER_DAY\)/,
      );
      assert.equal(posts(), 2);
    });

    it('per day: a call waiting for the person holds its estimate, so a second call meanwhile is refused; a decline releases it', async () => {
      await start({ SEEDANCE_MAX_USD_PER_DAY: '0.40' });
      const { server } = createServer(engine);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
      const answers: ((action: 'accept' | 'decline') => void)[] = [];
      client.setRequestHandler(ElicitRequestSchema, () => new Promise((r) => answers.push((action) => r({ action }))));
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      const call = () => client.callTool({ name: 'generate_video', arguments: request });
      const first = call();
      await until('the person is asked', () => answers.length === 1);
      const second = await call();
      assert.equal(second.isError, true, 'refused while the first waits');
      assert.match(JSON.stringify(second.content), /\$0\.40 is already estimated for today/);
      answers[0]('decline');
      assert.equal((await first).isError, true);
      const third = call();
      await until('the person is asked again', () => answers.length === 2);
      answers[1]('accept');
      assert.equal((await third).isError, undefined, 'the declined hold was released');
      assert.equal(posts(), 1);
    });

    it('a stored day spend that is negative or not a number counts as nothing spent: it never turns the budget off', async () => {
      await start({ SEEDANCE_MAX_USD_PER_DAY: '0.40' });
      const today = new Date().toISOString().slice(0, 10);
      for (const usd of [-1000, 'lots', null]) {
        await engine.state.transact((values) => void (values['spend.day'] = { day: today, usd, holds: {} }));
        await start({ SEEDANCE_MAX_USD_PER_DAY: '0.40' });
        assert.equal((await generate()).sent, true, `${String(usd)}: the budget’s worth`);
        assert.equal((await generate()).sent, false, `${String(usd)}: and no more`);
      }
      assert.equal(posts(), 3);
    });

    it('a model whose price is unknown cannot be shown to be within a budget, either one: refused, nothing sent', async () => {
      for (const budget of ['SEEDANCE_MAX_USD_PER_DAY', 'SEEDANCE_MAX_USD_PER_CALL']) {
        await start({ [budget]: '100' });
        const { client } = await connect('accept');
        const answer = await client.callTool({
          name: 'generate_video',
          arguments: { ...request, model: 'doubao-seedance-2-0-fast' },
        });
        assert.equal(answer.isError, true, budget);
        assert.match(JSON.stringify(answer.content), /price of doubao-seedance-2-0-fast is unknown/);
      }
      assert.equal(posts(), 0);
    });
  });

  it('an image replaced by a link to a private file while the person is asked: refused, naming the file, and nothing is sent', async () => {
    const image = join(root, 'frame.png');
    const secret = join(root, '..', `${basename(root)}-private.png`);
    await copyFile(fixture('images', 'sample.png'), image);
    await copyFile(fixture('images', 'sample.jpg'), secret);
    try {
      const { server } = createServer(engine);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
      client.setRequestHandler(ElicitRequestSchema, async () => {
        // While the summary is read, the checked image becomes a link to a file outside the root.
        await rm(image);
        await symlink(secret, image);
        return { action: 'accept' };
      });
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      const answer = await client.callTool({
        name: 'generate_video',
        arguments: { prompt: 'Animate [Image 1]', model: 'doubao-seedance-2-0', images: ['frame.png'] },
      });
      assert.equal(answer.isError, true);
      assert.match(JSON.stringify(answer.content), /image \\"frame\.png\\" changed after it was checked/);
      assert.equal(ctx.sim.received('api', 'POST').length, 0, 'nothing sent');
    } finally {
      await rm(secret, { force: true });
    }
  });

  it('every tool’s hints tell the truth about what it writes: read-only writes nothing, idempotent adds nothing the second time, none deletes or rewrites a file', async () => {
    const { client } = await connect('accept');
    const started = await client.callTool({ name: 'generate_video', arguments: { prompt: 'A heron at dusk' } });
    const taskId = (started.structuredContent as { taskId: string }).taskId;
    // Ended once the server's first poll (at the send) has seen it rendering: no poll of the
    // server's own can fetch the video before check_videos is called.
    await until('the first poll', () => (ctx.sim.tasks.get(taskId)?.polls ?? 0) >= 1);
    ctx.sim.finishTask(taskId);
    const calls: Record<string, Record<string, unknown>> = {
      list_models: {},
      estimate_video_cost: { prompt: 'A heron at dusk' },
      check_videos: {},
    };
    const hints = new Map(
      toolList().map((t) => [
        t.name as string,
        t.annotations as { readOnlyHint?: boolean; idempotentHint?: boolean; destructiveHint?: boolean },
      ]),
    );
    for (const [name, args] of Object.entries(calls)) {
      const hint = hints.get(name)!;
      const before = await snapshot(root);
      const posts = ctx.sim.received('api', 'POST').length;
      await client.callTool({ name, arguments: args });
      const after = await snapshot(root);
      assert.equal(ctx.sim.received('api', 'POST').length, posts, `${name} sent nothing`);
      for (const [path, bytes] of before) assert.equal(after.get(path), bytes, `${name} kept ${path} as it was`);
      if (hint.readOnlyHint) assert.deepEqual([...after.keys()], [...before.keys()], `${name} is read-only`);
      else assert.ok(after.size > before.size, `${name} says it writes, and it did`);
      assert.equal(hint.destructiveHint ?? false, false, name);
      if (hint.idempotentHint) {
        await client.callTool({ name, arguments: args });
        assert.deepEqual(await snapshot(root), after, `${name} again adds nothing`);
      }
    }
    assert.deepEqual(hints.get('generate_video'), {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
  });

  it('every tool refuses an argument it does not know, naming it (a misspelt taskid is not a request for every job)', async () => {
    const { client } = await connect();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['check_videos', { taskid: 'task_1' }, /taskid: unknown field taskid/],
      ['list_models', { verbose: true }, /verbose: unknown field verbose/],
      ['check_videos', { taskId: 7 }, /taskId must be text/],
    ];
    for (const [name, args, problem] of cases) {
      const answer = await client.callTool({ name, arguments: args });
      assert.equal(answer.isError, true, name);
      assert.match(JSON.stringify(answer.content), problem, name);
    }
    assert.equal(ctx.sim.received('api').length, 0, 'nothing asked of the provider');
  });

  describe('the confirmation', () => {
    it('waits for the person as long as SEEDANCE_CONFIRM_MINUTES says, then says nothing was sent', async () => {
      await start({ SEEDANCE_CONFIRM_MINUTES: '0.01' });
      const { server } = createServer(engine);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
      client.setRequestHandler(ElicitRequestSchema, () => new Promise(() => undefined));
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      const answer = await client.callTool({ name: 'generate_video', arguments: { prompt: 'A heron at dusk' } });
      assert.equal(answer.isError, true);
      assert.match(
        JSON.stringify(answer.content),
        /Not sent: no answer to the confirmation within 1 second \(SEEDANCE_CONFIRM_MINUTES\); nothing was started or charged/,
      );
      assert.equal(ctx.sim.received('api', 'POST').length, 0);
    });

    it('has ten minutes by default (the SDK’s own default was 60 s); a setting that is no time stops the server, naming it', () => {
      assert.equal(readConfig({}, root).confirmMs, 10 * 60_000);
      assert.equal(readConfig({ SEEDANCE_CONFIRM_MINUTES: '2.5' }, root).confirmMs, 150_000);
      for (const bad of ['0', '-1', 'ten', '1441'])
        assert.throws(() => readConfig({ SEEDANCE_CONFIRM_MINUTES: bad }, root), /SEEDANCE_CONFIRM_MINUTES/, bad);
    });
  });

  it('a provider’s failure reason that echoes the key: check_videos, the log and the state file never carry it', async () => {
    const { client } = await connect();
    const started = await client.callTool({
      name: 'generate_video',
      arguments: { prompt: 'A lantern in the fog [sim:echo-key]' },
    });
    const taskId = (started.structuredContent as { taskId: string }).taskId;
    ctx.sim.finishTask(taskId, 'failed');
    const answer = await client.callTool({ name: 'check_videos', arguments: { taskId } });
    assert.match(JSON.stringify(answer.content), /Bearer \[redacted\]/, 'the reason is shown, cleaned');
    await engine.state.idle();
    const text = JSON.stringify(answer) + lines.join('\n') + (await readFile(engine.state.path, 'utf8'));
    assert.ok(!text.includes(ctx.sim.key), text.slice(0, 400));
  });

  it('the key shows in no answer and no log line', async () => {
    const { client } = await connect();
    const answers = [
      await client.callTool({ name: 'list_models', arguments: {} }),
      await client.callTool({ name: 'estimate_video_cost', arguments: { prompt: 'x', seconds: 99 } }),
      await client.callTool({ name: 'generate_video', arguments: { prompt: 'A lantern in the fog' } }),
      await client.callTool({ name: 'check_videos', arguments: {} }),
    ];
    const text = JSON.stringify(answers) + lines.join('\n');
    assert.ok(lines.length > 0 && answers.every((a) => a.content), 'there was something to look at');
    assert.ok(!text.includes(ctx.sim.key), text.slice(0, 300));
  });
});
