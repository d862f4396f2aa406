// The MCP server (dist/mcp.js) driven by a client nobody here wrote: the MCP Inspector's CLI, one
// process per call as an agent's client may do, against the simulator over real HTTP. What an
// agent sees: the tools, a bad request's every problem named with nothing sent, one POST per
// generate with the task id back at once, check_videos until the file, the video and its sidecar
// on disk, budgets and the root folder refusing before anything is sent, and never the key.
// Needs Node 22 or later (the Inspector's own requirement): the harness passes its Node 24.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulator } from '../simulator/simulator';
import { REPO_ROOT, fixture } from '../support/paths';

const NODE = process.env.SEEDANCE_NODE22 ?? process.execPath;
// Version 1.0.3: 2.x pulls in a package this machine's registry does not have (an optional
// dependency of vite), so a fresh `npm ci` fails with it.
const INSPECTOR = join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'inspector', 'cli', 'build', 'cli.js');
const SERVER = join(REPO_ROOT, 'dist', 'mcp.js');

interface Call {
  /** The tool's answer (or the list), as the Inspector printed it. */
  readonly out: {
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
    content?: { text: string }[];
    tools?: Tool[];
  };
  /** The server's log (stderr), as the Inspector passed it on. */
  readonly log: string;
}

interface Tool {
  name: string;
  inputSchema: { properties: Record<string, unknown> };
  annotations?: { readOnlyHint?: boolean };
}

describe('the MCP server, driven by the MCP Inspector', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let root: string;
  let state: string;
  const outputs: string[] = [];

  before(async function () {
    const major = Number(/^v(\d+)/.exec(await nodeVersion())?.[1]);
    if (major < 22)
      throw new Error(`The MCP Inspector needs Node 22 or later; ${NODE} is ${major} (set SEEDANCE_NODE22)`);
    await stat(SERVER).catch(() => {
      throw new Error(`${SERVER} is missing: npm run build first`);
    });
    // Rendering until a test ends it: what check_videos says before and after does not depend on
    // how fast the machine (or the Inspector's start) is.
    sim = await Simulator.start({ pace: 'held' });
    root = await mkdtemp(join(tmpdir(), 'seedance-mcp-root-'));
    state = await mkdtemp(join(tmpdir(), 'seedance-mcp-state-'));
    await mkdir(join(root, 'images'));
    await copyFile(fixture('images', 'sample.png'), join(root, 'images', 'harbour.png'));
  });

  after(async () => {
    await sim?.close();
    await rm(root, { recursive: true, force: true });
    await rm(state, { recursive: true, force: true });
  });

  /** One Inspector CLI run against a fresh server process with this environment. */
  async function inspect(method: string[], env: Record<string, string> = {}): Promise<Call> {
    const serverEnv = {
      COMETAPI_KEY: sim.key,
      COMETAPI_BASE_URL: sim.apiUrl,
      SEEDANCE_ROOT: root,
      SEEDANCE_STATE_DIR: state,
      SEEDANCE_POLL_SECONDS: '1',
      ...env,
    };
    const args = [
      INSPECTOR,
      '--cli',
      ...Object.entries(serverEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      NODE,
      SERVER,
      ...method,
    ];
    const child = spawn(NODE, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: state } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    outputs.push(stdout, stderr);
    const json = stdout.slice(stdout.indexOf('{'));
    if (code !== 0 && !json.trim()) throw new Error(`the Inspector exited with ${code}: ${stderr}`);
    return { out: JSON.parse(json) as Call['out'], log: stderr };
  }

  const call = (tool: string, args: Record<string, unknown>, env?: Record<string, string>) =>
    inspect(
      [
        '--method',
        'tools/call',
        '--tool-name',
        tool,
        ...Object.entries(args).flatMap(([k, v]) => [
          '--tool-arg',
          `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
        ]),
      ],
      env,
    );

  const posts = () => sim.received('api', 'POST');

  it('lists the four tools, the first two read-only, the request’s fields from the editor’s schema', async () => {
    const { out } = await inspect(['--method', 'tools/list']);
    const tools = out.tools ?? [];
    assert.deepEqual(
      tools.map((t) => [t.name, t.annotations?.readOnlyHint]),
      [
        ['list_models', true],
        ['estimate_video_cost', true],
        ['check_videos', false],
        ['generate_video', false],
      ],
    );
    const generate = tools.find((t) => t.name === 'generate_video')!;
    assert.deepEqual(Object.keys(generate.inputSchema.properties).sort(), [
      'images',
      'model',
      'prompt',
      'resolution',
      'seconds',
      'size',
    ]);
  });

  it('list_models gives each model’s range, resolutions, images and price', async () => {
    const { out } = await call('list_models', {});
    const models = out.structuredContent?.models as {
      id: string;
      seconds: { min: number; max: number };
      pricePerSecond: unknown;
    }[];
    const byId = (id: string) => models.find((m) => m.id === id);
    assert.deepEqual(byId('doubao-seedance-2-0')?.seconds, { min: 4, max: 15 });
    assert.deepEqual(byId('doubao-seedance-2-0')?.pricePerSecond, { '480p': 0.08, '720p': 0.08 });
    // A price nobody published is said to be unknown, never $0.
    assert.equal(byId('doubao-seedance-2-0-fast')?.pricePerSecond, 'unknown');
  });

  it('estimate_video_cost names every problem of a bad request and sends nothing', async () => {
    const { out } = await call('estimate_video_cost', {
      prompt: 'A harbour at dawn',
      model: 'doubao-seedance-2-0',
      seconds: 99,
      resolution: '4k',
    });
    assert.equal(out.isError, true);
    const problems = out.structuredContent?.problems as { field: string; problem: string }[];
    assert.deepEqual(problems.map((p) => p.field).sort(), ['resolution', 'seconds']);
    assert.match(problems.find((p) => p.field === 'seconds')!.problem, /between 4 and 15/);
    assert.equal(posts().length, 0, 'nothing sent');
    const good = await call('estimate_video_cost', {
      prompt: 'A harbour at dawn',
      model: 'doubao-seedance-2-0',
      seconds: 5,
    });
    assert.match(good.out.content![0].text, /≈ \$0\.40 \(estimate/);
    assert.equal(posts().length, 0, 'an estimate sends nothing');
  });

  it('generate_video sends one request and answers with the task id at once; check_videos follows it to the file and its sidecar', async () => {
    const prompt = 'رصيف الميناء عند الفجر: [Image 1] comes alive';
    const generated = await call('generate_video', {
      prompt,
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
      images: ['images/harbour.png'],
    });
    assert.equal(generated.out.isError, undefined, generated.out.content?.[0].text);
    assert.equal(posts().length, 1, 'one POST');
    const taskId = generated.out.structuredContent?.taskId as string;
    assert.ok(sim.tasks.has(taskId), 'the provider’s own id');
    // Answered while the render is still held in the simulator: it does not wait for the video
    // (a tool that waited would never answer, and the call would time out).
    assert.equal(sim.tasks.get(taskId)?.forcedAt, undefined, 'still rendering when the answer came');
    assert.equal(posts()[0].fields?.prompt, prompt);
    assert.deepEqual(
      posts()[0].images?.map((i) => i.type),
      ['image/png'],
    );

    const check = async () =>
      ((await call('check_videos', { taskId })).out.structuredContent?.videos as { state: string; file?: string }[])[0];
    const rendering = await check();
    assert.match(rendering.state, /^(queued|rendering)/);
    assert.equal(rendering.file, undefined);
    sim.finishTask(taskId);
    // The next check finds it ended, and answers once the video is on disk.
    const ready = await check();
    assert.equal(ready.state, 'ready');
    const file = ready.file!;
    assert.equal(posts().length, 1, 'checking never sends again');
    assert.equal(file.startsWith(join(root, 'videos')), true, file);
    assert.equal((await readFile(file)).subarray(4, 8).toString('latin1'), 'ftyp', 'a video, by its bytes');
    const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.prompt, prompt);
    assert.equal(sidecar.taskId, taskId);
    assert.deepEqual(
      (sidecar.images as { path: string }[]).map((i) => i.path),
      ['images/harbour.png'],
    );
  });

  it('a budget refuses before anything is sent, naming it', async () => {
    const before = posts().length;
    const perCall = await call(
      'generate_video',
      { prompt: 'A long harbour flyover', model: 'doubao-seedance-2-0', seconds: 10 },
      { SEEDANCE_MAX_USD_PER_CALL: '0.5' },
    );
    assert.equal(perCall.out.isError, true);
    assert.match(perCall.out.content![0].text, /over the per-call budget of \$0\.50 \(SEEDANCE_MAX_USD_PER_CALL\)/);
    const perDay = await call(
      'generate_video',
      { prompt: 'A short harbour flyover', model: 'doubao-seedance-2-0', seconds: 4 },
      { SEEDANCE_MAX_USD_PER_DAY: '0.1' },
    );
    assert.equal(perDay.out.isError, true);
    assert.match(perDay.out.content![0].text, /daily budget of \$0\.10 \(SEEDANCE_MAX_USD_PER_DAY\)/);
    assert.equal(posts().length, before, 'nothing sent');
  });

  it('an image outside the root, by path or through a link, is refused and nothing is sent', async () => {
    const before = posts().length;
    const outside = await mkdtemp(join(tmpdir(), 'seedance-mcp-outside-'));
    try {
      await copyFile(fixture('images', 'sample.png'), join(outside, 'secret.png'));
      await symlink(join(outside, 'secret.png'), join(root, 'images', 'link.png'));
      for (const image of [join(outside, 'secret.png'), '../secret.png', 'images/link.png']) {
        const { out } = await call('generate_video', {
          prompt: 'A frame',
          model: 'doubao-seedance-2-0',
          images: [image],
        });
        assert.equal(out.isError, true, image);
        assert.match(out.content![0].text, /outside/, image);
      }
    } finally {
      await rm(outside, { recursive: true, force: true });
      await rm(join(root, 'images', 'link.png'), { force: true });
    }
    assert.equal(posts().length, before, 'nothing sent');
  });

  it('never shows the key: not in a tool’s answer, not in the server’s log', () => {
    assert.ok(outputs.length > 10);
    for (const text of outputs) assert.ok(!text.includes(sim.key), text.slice(0, 200));
  });

  async function nodeVersion(): Promise<string> {
    const child = spawn(NODE, ['--version']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    return out.trim();
  }
});
