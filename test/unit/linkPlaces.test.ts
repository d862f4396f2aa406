// The video arrives wherever its link is, against the simulator over real HTTP: a link given in
// `fail_reason`, and no link at all with the video served by the API at /v1/videos/{id}/content
// (the key checked there, never sent to the video origin). And the diagnostic report of a job
// holds each request's status, and no key, signed query or prompt.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SeedanceClient, SeedanceApiError, Transcripts, diagnosticReport, validateRequest } from '../../src/api';
import { SAMPLE_MP4 } from '../support/paths';
import { clientFor, rejection, useSimulator, useTempDir, waitForEnd } from '../support/sim';

describe('where the video link is, over real HTTP', () => {
  const ctx = useSimulator();
  const dir = useTempDir();
  const PROMPT = 'A lighthouse at dusk, the beam sweeping the fog';

  async function finished(client: SeedanceClient) {
    const { id } = await client.create(await validateRequest({ prompt: PROMPT, model: 'doubao-seedance-2-0' }));
    return waitForEnd(client, id);
  }

  it('a link in fail_reason is read as the link and downloads to a playable file', async () => {
    ctx.sim.linkIn = 'fail_reason';
    const client = clientFor(ctx.sim);
    const task = await finished(client);
    assert.equal(task.state, 'succeeded');
    assert.match(task.videoUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/videos\//);
    assert.equal(task.failureReason, undefined);
    const dest = join(dir.path, 'from-fail-reason.mp4');
    await client.download(task.videoUrl!, dest);
    assert.ok((await readFile(dest)).equals(await readFile(SAMPLE_MP4)));
  });

  it('no link anywhere: /content on the API serves it with the key; the video origin sees no request', async () => {
    ctx.sim.linkIn = 'none';
    const client = clientFor(ctx.sim);
    const task = await finished(client);
    assert.equal(task.videoUrl, undefined);
    const dest = join(dir.path, 'from-content.mp4');
    await client.downloadContent(task.id, dest);
    assert.ok((await readFile(dest)).equals(await readFile(SAMPLE_MP4)));
    const content = ctx.sim.received('api', 'GET').filter((r) => r.path.endsWith('/content'));
    assert.equal(content.length, 1);
    assert.equal(content[0].headers.authorization, `Bearer ${ctx.sim.key}`, 'the API checked the key');
    assert.equal(ctx.sim.received('video').length, 0);
  });

  it('a redirect from /content to the video origin drops the key there', async () => {
    ctx.sim.linkIn = 'none';
    ctx.sim.contentRedirect = true;
    const client = clientFor(ctx.sim);
    const task = await finished(client);
    await client.downloadContent(task.id, join(dir.path, 'redirected.mp4'));
    const [video] = ctx.sim.received('video');
    assert.ok(video, 'followed to the video origin');
    assert.equal(video.headers.authorization, undefined, 'no key to another origin');
    assert.ok(!JSON.stringify(video.headers).includes(ctx.sim.key));
  });

  it('/content before the task is done is refused with 400, as "not completed", and nothing is written', async () => {
    ctx.sim.pace = 'held';
    const client = clientFor(ctx.sim);
    const { id } = await client.create(await validateRequest({ prompt: PROMPT, model: 'doubao-seedance-2-0' }));
    const err = await rejection<SeedanceApiError>(client.downloadContent(id, join(dir.path, 'early.mp4')));
    assert.ok(err instanceof SeedanceApiError);
    assert.equal(err.kind, 'invalid-request');
    assert.equal(err.status, 400);
    assert.match(err.message, /Task is not completed/);
    await assert.rejects(readFile(join(dir.path, 'early.mp4')));
  });

  it('a create on a client already closed (the key just changed) is known not to have been sent', async () => {
    const client = clientFor(ctx.sim);
    await client.close();
    const err = await rejection<SeedanceApiError>(
      client.create(await validateRequest({ prompt: PROMPT, model: 'doubao-seedance-2-0' })),
    );
    assert.notEqual(err.kind, 'outcome-unknown', err.message);
    assert.equal(ctx.sim.received('api', 'POST').length, 0);
  });

  it('the diagnostic report holds each request’s status, and no key, signed query or prompt', async () => {
    const transcripts = new Transcripts();
    const client = clientFor(ctx.sim, { onExchange: (e) => transcripts.record(e) });
    const task = await finished(client);
    await client.download(task.videoUrl!, join(dir.path, 'reported.mp4'), { taskId: task.id });
    const reportOf = (includePrompt: boolean) =>
      diagnosticReport({
        taskId: task.id,
        state: { phase: 'done', model: 'doubao-seedance-2-0' },
        exchanges: transcripts.of(task.id),
        extensionVersion: '0.1.0',
        vscodeVersion: 'test',
        platform: 'linux',
        baseUrl: ctx.sim.apiUrl,
        key: ctx.sim.key,
        prompt: PROMPT,
        includePrompt,
      });
    const report = reportOf(false);
    assert.match(report, /POST \/v1\/videos → 200/);
    assert.match(report, new RegExp(`GET /v1/videos/${task.id} → 200`));
    assert.match(report, /GET \(video\) http:\/\/127\.0\.0\.1:\d+\/videos\/[^ ]+ → 200/);
    assert.ok(!report.includes(ctx.sim.key), 'no key');
    assert.doesNotMatch(report, /[?&](X-Amz|Expires|Signature|sig|token)[^\s"]*=/i, 'no signed query');
    assert.match(report, /\?\[query removed\]/);
    assert.ok(!report.includes('lighthouse'), 'no prompt');
    const withPrompt = reportOf(true);
    assert.ok(!withPrompt.includes(ctx.sim.key));
  });
});
