// `npm run smoke:live` spends money, so it must refuse to send anything unless told to, and say
// first what it would send. Run here against the simulator (never the real service).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { useSimulator } from '../support/sim';

function smoke(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'out', 'scripts', 'smokeLive.js'), ...args], {
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run smoke:live', () => {
  const ctx = useSimulator();
  const env = () => ({ COMETAPI_KEY: ctx.sim.key, COMETAPI_BASE_URL: ctx.sim.apiUrl });

  it('without --yes-spend: says what it would send and sends nothing', async () => {
    const { code, out } = await smoke(env());
    assert.equal(code, 2);
    assert.match(out, /ONE create .* which starts a paid job/);
    assert.match(out, /model\s+doubao-seedance-1-0-pro/);
    assert.match(out, /cost\s+price unknown/);
    assert.match(out, /Nothing was sent\. Add --yes-spend/);
    assert.equal(ctx.sim.requests.length, 0);
  });

  it('without a key: sends nothing', async () => {
    const { code, out } = await smoke({ COMETAPI_KEY: '', COMETAPI_BASE_URL: ctx.sim.apiUrl }, '--yes-spend');
    assert.equal(code, 2);
    assert.match(out, /COMETAPI_KEY is not set/);
    assert.equal(ctx.sim.requests.length, 0);
  });

  it('with --yes-spend: one create, polls to the end, downloads, and never prints the key', async () => {
    const { code, out } = await smoke(env(), '--yes-spend', '--poll-seconds', '0.2');
    assert.equal(code, 0, out);
    assert.equal(ctx.sim.received('api', 'POST').length, 1);
    assert.match(out, /The job ended: downloading/);
    assert.match(out, /\[signature removed\]/, 'signed links are recorded without their signature');
    assert.ok(!out.includes(ctx.sim.key), 'the key is never printed');
  });
});
