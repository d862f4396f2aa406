// The MCP server as a process, over its stdio, the way any client meets it: what is not a message
// it can take is answered per JSON-RPC 2.0 (where an answer can be addressed) and logged, never
// dropped in silence; a message over the size limit is refused and the server goes on; a
// `__proto__` key and a malformed tools/call are protocol errors with one-line messages. Then, with
// the MCP SDK's own client over stdio: a prompt longer than the provider takes is refused before
// anything is paid for, with the editor's words; the tool schemas carry their values; a relative
// image path is found in the root, not in the process's working folder.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { fixture } from '../support/paths';
import { useSimulator } from '../support/sim';
import { childEnv } from '../support/childEnv';

const SERVER = join(__dirname, '..', '..', 'src', 'mcp', 'main.js');

interface Answer {
  readonly id?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

/** A server process read line by line: its answers (stdout) and its log (stderr). */
class Wire {
  readonly answers: Answer[] = [];
  stderr = '';
  exit: number | null | undefined;
  #out = '';

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.setEncoding('utf8').on('data', (s: string) => {
      this.#out += s;
      for (let i = this.#out.indexOf('\n'); i !== -1; i = this.#out.indexOf('\n')) {
        this.answers.push(JSON.parse(this.#out.slice(0, i)) as Answer);
        this.#out = this.#out.slice(i + 1);
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    proc.on('exit', (code) => (this.exit = code));
    // A server that ended: the write fails, and the test says why (above) instead of crashing.
    proc.stdin.on('error', () => undefined);
  }

  send(line: string | object): void {
    this.proc.stdin.write(`${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  }

  /** The next answer after the `n`th, waited for (what a client would read next). */
  async answer(n: number, what: string): Promise<Answer> {
    await until(`an answer to ${what}`, () => this.answers.length > n || this.exit !== undefined);
    assert.ok(this.answers.length > n, `the server ended (code ${this.exit}) before answering ${what}: ${this.stderr}`);
    return this.answers[n];
  }
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the MCP server over stdio, as any client meets it', function () {
  this.timeout(60_000);
  const ctx = useSimulator();
  let root: string;
  let elsewhere: string;
  const wires: Wire[] = [];
  const clients: Client[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'seedance-mcp-wire-'));
    elsewhere = await mkdtemp(join(tmpdir(), 'seedance-mcp-cwd-'));
  });

  afterEach(async () => {
    for (const w of wires.splice(0)) w.proc.kill();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await rm(root, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  const env = () =>
    childEnv({
      COMETAPI_KEY: ctx.sim.key,
      COMETAPI_BASE_URL: ctx.sim.apiUrl,
      SEEDANCE_ROOT: root,
      SEEDANCE_STATE_DIR: join(root, '.state'),
    });

  /** A server process past its handshake, read raw. */
  async function raw(): Promise<Wire> {
    const wire = new Wire(spawn(process.execPath, [SERVER], { env: env(), cwd: elsewhere }));
    wires.push(wire);
    wire.send({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    assert.ok((await wire.answer(0, 'initialize')).result);
    wire.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return wire;
  }

  /** The SDK's client over stdio, the server started in a folder that is not the root. */
  async function sdk(
    extra: Record<string, string> = {},
    client = new Client({ name: 'test', version: '1' }),
  ): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SERVER],
      env: { ...env(), ...extra },
      cwd: elsewhere,
      stderr: 'pipe',
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  it('a line that is not JSON, an object that is no message, a batch and a wrong version are each answered and logged; the server goes on', async () => {
    const wire = await raw();
    const cases: [string, number, unknown, RegExp][] = [
      ['this is not JSON', -32700, null, /not JSON/],
      ['{"foo":1}', -32600, null, /"jsonrpc" must be "2\.0"/],
      ['[]', -32600, null, /batches are not supported/],
      ['[{"jsonrpc":"2.0","id":5,"method":"ping"}]', -32600, null, /batches are not supported/],
      ['{"jsonrpc":"1.0","id":7,"method":"ping"}', -32600, 7, /"jsonrpc" must be "2\.0" \(got "1\.0"\)/],
      ['"just a string"', -32600, null, /a message is a JSON object/],
      ['{"jsonrpc":"2.0","id":"x","nothing":true}', -32600, 'x', /not a request, notification or response/],
    ];
    for (const [i, [line, code, id, message]] of cases.entries()) {
      wire.send(line);
      const answer = await wire.answer(i + 1, line);
      assert.equal(answer.error?.code, code, line);
      assert.equal(answer.id, id, line);
      assert.match(answer.error.message, message, line);
    }
    await until(
      'every drop logged',
      () => (wire.stderr.match(/Answered -32\d+ to a message/g) ?? []).length === cases.length,
    );
    wire.send({ jsonrpc: '2.0', id: 99, method: 'ping' });
    assert.deepEqual(await wire.answer(cases.length + 1, 'a ping after them'), { jsonrpc: '2.0', id: 99, result: {} });
    assert.equal(wire.exit, undefined, 'still running');
  });

  it('a message over 10 MiB is refused with its id and a log line, and the server keeps serving', async () => {
    const wire = await raw();
    const huge = {
      jsonrpc: '2.0',
      id: 11,
      method: 'tools/call',
      params: { name: 'estimate_video_cost', arguments: { prompt: 'a'.repeat(11 * 1024 * 1024) } },
    };
    wire.send(huge);
    const answer = await wire.answer(1, 'the huge message');
    assert.equal(answer.id, 11);
    assert.equal(answer.error?.code, -32600);
    assert.match(answer.error.message, /over 10 MiB is not taken/);
    assert.match(wire.stderr, /over 10 MiB/);
    wire.send({ jsonrpc: '2.0', id: 12, method: 'tools/list' });
    const list = await wire.answer(2, 'tools/list after it');
    assert.equal(list.id, 12);
    assert.ok(list.result, 'the next message is answered');
    assert.equal(wire.exit, undefined, 'still running');
    assert.equal(ctx.sim.received('api').length, 0);
  });

  it('a __proto__ key and a malformed tools/call are -32602 with one line; nothing is sent', async () => {
    const wire = await raw();
    const calls: [string, RegExp][] = [
      [
        '{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"generate_video","arguments":{"prompt":"A heron","__proto__":{"seconds":5}}}}',
        /unknown field "__proto__" \(at params\.arguments\)/,
      ],
      ['{"jsonrpc":"2.0","id":22,"method":"tools/call","params":{}}', /Invalid params for tools\/call: params\.name/],
      [
        '{"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"name":"generate_video","arguments":"prompt"}}',
        /Invalid params for tools\/call: params\.arguments/,
      ],
    ];
    for (const [i, [line, message]] of calls.entries()) {
      wire.send(line);
      const answer = await wire.answer(i + 1, line);
      assert.equal(answer.id, 21 + i);
      assert.equal(answer.error?.code, -32602, line);
      assert.match(answer.error.message, message);
      assert.ok(!answer.error.message.includes('\n') && answer.error.message.length < 200, answer.error.message);
    }
    assert.equal(ctx.sim.received('api').length, 0, 'nothing asked of the provider');
  });

  it('a prompt longer than Seedance takes is refused before anything is paid, in the editor’s words, and not echoed whole', async () => {
    const client = await sdk();
    const prompt = 'word '.repeat(200_000);
    for (const name of ['estimate_video_cost', 'generate_video']) {
      const answer = await client.callTool({ name, arguments: { prompt } });
      assert.equal(answer.isError, true, name);
      const text = JSON.stringify(answer);
      assert.match(
        text,
        /prompt is too long: 200000 characters|prompt is too long: \d+ characters, at most 10000/,
        name,
      );
      assert.ok(text.length < 5_000, `${name} answered ${text.length} characters`);
    }
    const long = 'shot '.repeat(1_200);
    const words = await client.callTool({ name: 'estimate_video_cost', arguments: { prompt: long } });
    assert.match(JSON.stringify(words), /prompt is too long: 1200 words, Seedance takes about 1000/);
    const cjk = await client.callTool({ name: 'estimate_video_cost', arguments: { prompt: '鹭'.repeat(600) } });
    assert.match(JSON.stringify(cjk), /600 Chinese, Japanese or Korean characters, Seedance takes about 500/);
    const fine = await client.callTool({ name: 'estimate_video_cost', arguments: { prompt: 'shot '.repeat(900) } });
    assert.notEqual(fine.isError, true, '900 words are within the limit');
    assert.ok(JSON.stringify(fine).length < 3_000, 'the answer quotes a long prompt shortened');
    assert.equal(ctx.sim.received('api', 'POST').length, 0, 'nothing sent');
  });

  it('tool schemas carry their values: models, sizes and resolutions as enums, seconds within the widest range', async () => {
    const client = await sdk();
    const { tools } = await client.listTools();
    for (const name of ['estimate_video_cost', 'generate_video']) {
      const props = tools.find((t) => t.name === name)!.inputSchema.properties as Record<
        string,
        Record<string, unknown>
      >;
      assert.deepEqual(props.resolution.enum, ['480p', '720p', '1080p'], name);
      assert.ok(
        (props.size.enum as string[]).includes('16:9') && (props.size.enum as string[]).includes('1280x720'),
        name,
      );
      assert.ok((props.model.enum as string[]).includes('doubao-seedance-2-0'), name);
      assert.deepEqual([props.seconds.type, props.seconds.minimum, props.seconds.maximum], ['integer', 2, 15], name);
    }
  });

  it('a relative image path is found in the root, not in the folder the server was started in', async () => {
    await copyFile(fixture('images', 'sample.png'), join(root, 'frame.png'));
    await copyFile(fixture('images', 'sample.jpg'), join(elsewhere, 'frame.png'));
    const client = await sdk();
    const answer = await client.callTool({
      name: 'estimate_video_cost',
      arguments: { prompt: '[Image 1] the heron takes off', model: 'doubao-seedance-2-0', images: ['frame.png'] },
    });
    assert.notEqual(answer.isError, true, JSON.stringify(answer.content));
    const images = (answer.structuredContent as { request: { images: string[] } }).request.images;
    assert.deepEqual(images, [join(root, 'frame.png')]);
  });

  it('problems with images are named under images, and a file outside is outside the root folder, not a workspace', async () => {
    const client = await sdk();
    const cases: [unknown[], RegExp][] = [
      [
        [join(elsewhere, 'x.png')],
        /is outside the root folder .*seedance-mcp-wire-.*; only files inside it can be used/,
      ],
      [[5], /images must be a list of file paths \(got 5\)/],
      [['missing.png'], /image "missing\.png" cannot be read: it does not exist/],
    ];
    for (const [images, says] of cases) {
      const answer = await client.callTool({ name: 'estimate_video_cost', arguments: { prompt: 'A heron', images } });
      assert.equal(answer.isError, true);
      const { problems } = answer.structuredContent as { problems: { field: string; problem: string }[] };
      assert.deepEqual(
        problems.map((p) => p.field),
        ['images'],
        JSON.stringify(problems),
      );
      assert.match(problems[0].problem, says);
      assert.doesNotMatch(problems[0].problem, /workspace/);
    }
  });

  it('over stdio too: an unknown tool is -32602, an unknown argument is named, the hints say check_videos writes', async () => {
    const client = await sdk();
    await assert.rejects(
      client.callTool({ name: 'delete_everything', arguments: {} }),
      (err: Error & { code?: number }) => {
        assert.equal(err.code, -32602);
        assert.match(err.message, /Unknown tool: delete_everything/);
        return true;
      },
    );
    const misspelt = await client.callTool({ name: 'check_videos', arguments: { taskid: 'task_1' } });
    assert.equal(misspelt.isError, true);
    assert.match(JSON.stringify(misspelt.content), /taskid: unknown field taskid/);
    const { tools } = await client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations?.readOnlyHint === true]));
    assert.deepEqual(hints, {
      list_models: true,
      estimate_video_cost: true,
      check_videos: false,
      generate_video: false,
    });
  });

  it('over stdio: the confirmation waits as long as SEEDANCE_CONFIRM_MINUTES, an accept within it sends once, none says nothing was sent', async () => {
    let answerAfterMs = 600;
    const person = new Client({ name: 'test', version: '1' }, { capabilities: { elicitation: {} } });
    person.setRequestHandler(ElicitRequestSchema, async () => {
      await new Promise((r) => setTimeout(r, answerAfterMs));
      return { action: 'accept' };
    });
    // 0.05 minutes is 3 s: a slow person's accept after 0.6 s is taken.
    const client = await sdk({ SEEDANCE_CONFIRM_MINUTES: '0.05' }, person);
    const sent = await client.callTool({ name: 'generate_video', arguments: { prompt: 'A heron at dusk' } });
    assert.notEqual(sent.isError, true, JSON.stringify(sent.content));
    assert.equal(ctx.sim.received('api', 'POST').length, 1);
    answerAfterMs = 10_000;
    const late = await client.callTool({ name: 'generate_video', arguments: { prompt: 'A heron at dawn' } });
    assert.equal(late.isError, true);
    assert.match(
      JSON.stringify(late.content),
      /no answer to the confirmation within 3 seconds .*nothing was started or charged/,
    );
    assert.equal(ctx.sim.received('api', 'POST').length, 1, 'only the accepted one was sent');
  });
});
