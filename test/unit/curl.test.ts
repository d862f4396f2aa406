// The contract's documented curl commands, run with curl against the simulator: proof that the
// simulator accepts what real clients send (including the literal quotes around each value).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fixture } from '../support/paths';
import { useSimulator } from '../support/sim';

const run = promisify(execFile);

/** What the service answers, as far as these tests read it. */
interface Answer {
  id: string;
  task_id?: string;
  object?: string;
  status: string;
  progress?: number;
  created_at?: number;
  completed_at?: number | null;
  code?: string;
  message?: string;
  error: { message: string; type: string };
}

async function curl(args: string[]): Promise<{ status: number; body: Answer }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args]);
  const lines = stdout.trimEnd().split('\n');
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join('\n')) as Answer };
}

describe('the documented curl commands', () => {
  // Held: a task queried here is still rendering, as the documentation's examples show it.
  const ctx = useSimulator({ pace: 'held' });
  const auth = () => ['-H', `Authorization: Bearer ${ctx.sim.key}`];

  // Verbatim from ../shared/api-contract.md, with the host and key substituted.
  const TEXT_TO_VIDEO = [
    '-F',
    'prompt="A slow cinematic camera push across a coastal landscape at sunrise"',
    '-F',
    'model="doubao-seedance-2-0-fast"',
    '-F',
    'seconds="5"',
    '-F',
    'size="16:9"',
    '-F',
    'resolution="720p"',
  ];

  it('text-to-video creates a task, quotes stripped', async () => {
    const { status, body } = await curl([`${ctx.sim.apiUrl}/v1/videos`, ...auth(), ...TEXT_TO_VIDEO]);
    assert.equal(status, 200);
    assert.match(body.id, /^task_/);
    assert.equal(body.task_id, body.id);
    assert.equal(body.object, 'video');
    assert.equal(body.status, 'queued', 'the current revision of the create page');
    assert.equal(body.progress, 0);
    assert.equal(typeof body.created_at, 'number');
    assert.deepEqual(ctx.sim.received('api', 'POST')[0].fields, {
      prompt: 'A slow cinematic camera push across a coastal landscape at sunrise',
      model: 'doubao-seedance-2-0-fast',
      seconds: '5',
      size: '16:9',
      resolution: '720p',
    });
  });

  it('image-to-video adds input_reference=@file', async () => {
    const image = fixture('images', 'sample.jpg');
    const { status, body } = await curl([
      `${ctx.sim.apiUrl}/v1/videos`,
      ...auth(),
      ...TEXT_TO_VIDEO,
      '-F',
      `input_reference=@${image}`,
    ]);
    assert.equal(status, 200, JSON.stringify(body));
    const field = ctx.sim.received('api', 'POST')[0].fields?.input_reference as { name: string; type: string };
    assert.equal(field.name, 'sample.jpg');
    assert.equal(field.type, 'image/jpeg');
  });

  it('query a task', async () => {
    const created = await curl([`${ctx.sim.apiUrl}/v1/videos`, ...auth(), ...TEXT_TO_VIDEO]);
    const { status, body } = await curl([`${ctx.sim.apiUrl}/v1/videos/${created.body.id}`, ...auth()]);
    assert.equal(status, 200);
    assert.equal(body.id, created.body.id);
    assert.ok(['queued', 'in_progress'].includes(body.status), body.status);
  });

  it('query a task in the older dialect: uppercase, completed_at null until it ends', async () => {
    ctx.sim.dialect = 'legacy';
    const created = await curl([`${ctx.sim.apiUrl}/v1/videos`, ...auth(), ...TEXT_TO_VIDEO]);
    assert.equal(created.body.status, 'SUBMITTED');
    const { body } = await curl([`${ctx.sim.apiUrl}/v1/videos/${created.body.id}`, ...auth()]);
    assert.ok(['SUBMITTED', 'IN_PROGRESS'].includes(body.status), body.status);
    assert.equal(body.completed_at, null);
  });

  it('image-to-video with two images: repeated input_reference parts, in order', async () => {
    const { status } = await curl([
      `${ctx.sim.apiUrl}/v1/videos`,
      ...auth(),
      ...TEXT_TO_VIDEO,
      '-F',
      `input_reference=@${fixture('images', 'sample.png')}`,
      '-F',
      `input_reference=@${fixture('images', 'sample.jpg')}`,
    ]);
    assert.equal(status, 200);
    assert.deepEqual(
      ctx.sim.received('api', 'POST')[0].images?.map((i) => i.name),
      ['sample.png', 'sample.jpg'],
    );
  });

  it('answers 401 without the key and 400 without a model, in the gateway shape', async () => {
    const noKey = await curl([`${ctx.sim.apiUrl}/v1/videos`, ...TEXT_TO_VIDEO]);
    assert.equal(noKey.status, 401);
    assert.equal(noKey.body.error.type, 'comet_api_error');
    const noModel = await curl([`${ctx.sim.apiUrl}/v1/videos`, ...auth(), '-F', 'prompt="x"']);
    assert.equal(noModel.status, 400);
    assert.match(noModel.body.error.message, /^model name is required \(request id: \w+\)$/);
  });
});
