// Every row of the API contract, through the client, against the simulator over real HTTP.
import assert from 'node:assert/strict';
import { FormData, request } from 'undici';
import { BUILT_IN_MODELS, SeedanceApiError, ValidationError, type VideoRequest, validateRequest } from '../../src/api';
import { fixture } from '../support/paths';
import { clientFor, rejection, useSimulator, waitForEnd } from '../support/sim';

describe('the contract, over HTTP', () => {
  const ctx = useSimulator();
  const posts = () => ctx.sim.received('api', 'POST');

  /** Sends a form as-is, bypassing the client, to see what the service itself says. */
  async function rawCreate(
    fields: Record<string, string>,
  ): Promise<{ status: number; body: { code?: string; message: string } }> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await request(`${ctx.sim.apiUrl}/v1/videos`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${ctx.sim.key}` },
    });
    return { status: res.statusCode, body: (await res.body.json()) as { code?: string; message: string } };
  }

  for (const model of BUILT_IN_MODELS) {
    const { min, max } = model.seconds;
    describe(model.id, () => {
      for (const seconds of [min, max]) {
        it(`creates a task at ${seconds} s`, async () => {
          const client = clientFor(ctx.sim);
          const task = await client.create(await validateRequest({ prompt: 'waves', model: model.id, seconds }));
          assert.match(task.id, /^task_/);
          assert.equal(task.state, 'queued');
          assert.equal(task.rawStatus, 'queued', 'the current dialect answers a create with "queued"');
          assert.equal(task.model, model.id);
          assert.equal(posts()[0].fields?.seconds, String(seconds));
        });
      }

      for (const seconds of [min - 1, max + 1]) {
        it(`refuses ${seconds} s before sending, and the service refuses it too`, async () => {
          const err = await rejection(validateRequest({ prompt: 'waves', model: model.id, seconds }));
          assert.ok(err instanceof ValidationError);
          assert.equal(posts().length, 0);
          // The service's own answer, in the provider's flat error shape.
          const raw = await rawCreate({ prompt: 'waves', model: model.id, seconds: String(seconds) });
          assert.equal(raw.status, 400);
          assert.equal(raw.body.code, 'InvalidParameter');
          assert.match(raw.body.message, /duration/);
        });
      }

      for (const resolution of ['480p', '720p', '1080p']) {
        const allowed = (model.resolutions as readonly string[]).includes(resolution);
        it(`${allowed ? 'renders' : 'refuses'} ${resolution}`, async () => {
          if (allowed) {
            const task = await clientFor(ctx.sim).create(
              await validateRequest({ prompt: 'waves', model: model.id, resolution }),
            );
            assert.match(task.id, /^task_/);
            assert.equal(posts()[0].fields?.resolution, resolution);
          } else {
            await rejection(validateRequest({ prompt: 'waves', model: model.id, resolution }));
            const raw = await rawCreate({ prompt: 'waves', model: model.id, resolution });
            assert.equal(raw.status, 400, 'the service must refuse it as well');
          }
        });
      }

      if (model.acceptsImage) {
        it('accepts a reference image, streamed with its name and byte-derived type', async () => {
          const req = await validateRequest({
            prompt: 'animate',
            model: model.id,
            image: fixture('images', 'actually-png.jpg'),
          });
          const task = await clientFor(ctx.sim).create(req);
          assert.match(task.id, /^task_/);
          assert.deepEqual(posts()[0].fields?.input_reference, {
            name: 'actually-png.jpg',
            type: 'image/png',
            size: req.images[0].size,
          });
        });

        it('sends several reference images as repeated input_reference parts, in order', async () => {
          const files = ['sample.png', 'sample.jpg', 'sample.webp'];
          const req = await validateRequest({
            prompt: '[Image 1] meets [Image 2] in [Image 3]',
            model: model.id,
            images: files.map((f) => fixture('images', f)),
          });
          await clientFor(ctx.sim).create(req);
          assert.deepEqual(
            posts()[0].images?.map((i) => [i.name, i.type]),
            [
              ['sample.png', 'image/png'],
              ['sample.jpg', 'image/jpeg'],
              ['sample.webp', 'image/webp'],
            ],
          );
        });
      } else {
        it('never receives an image: refused before sending', async () => {
          await rejection(validateRequest({ prompt: 'x', model: model.id, image: fixture('images', 'sample.jpg') }));
          assert.equal(posts().length, 0);
        });
      }
    });
  }

  it('sends an exact WxH size, which pins the resolution, and the service takes it', async () => {
    const req = await validateRequest({ prompt: 'A fox', model: 'doubao-seedance-2-0', size: '1280x720' });
    assert.equal(req.resolution, '720p');
    const task = await clientFor(ctx.sim).create(req);
    assert.match(task.id, /^task_/);
    assert.equal(posts()[0].fields?.size, '1280x720');
  });

  it('never rejects an answer whose model differs from the one sent (a resolved backend id)', async () => {
    ctx.sim.resolvedModel = true;
    const client = clientFor(ctx.sim);
    const task = await client.create(await validateRequest({ prompt: 'A fox', model: 'doubao-seedance-2-0-fast' }));
    assert.equal(task.model, 'doubao-seedance-2-0-fast-260128');
    const polled = await client.retrieve(task.id);
    assert.deepEqual([polled.model, polled.state], ['doubao-seedance-2-0-fast-260128', 'succeeded']);
  });

  it('checks a key without spending anything: accepted, refused, and no POST either way', async () => {
    assert.equal((await clientFor(ctx.sim).checkKey()).accepted, true);
    assert.equal((await clientFor(ctx.sim, { apiKey: 'sk-wrong' }).checkKey()).accepted, false);
    assert.equal(posts().length, 0);
    assert.equal(ctx.sim.tasks.size, 0);
  });

  it('sends every field as the documented multipart form', async () => {
    const req = await validateRequest({
      prompt: 'A fox',
      model: 'doubao-seedance-1-0-pro',
      seconds: 2,
      size: '9:16',
      resolution: '1080p',
    });
    await clientFor(ctx.sim).create(req);
    const [post] = posts();
    assert.match(String(post.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.ok(Number(post.headers['content-length']) > 0, 'Content-Length is sent, not chunked');
    assert.deepEqual(post.fields, {
      prompt: 'A fox',
      model: 'doubao-seedance-1-0-pro',
      seconds: '2',
      size: '9:16',
      resolution: '1080p',
    });
  });

  describe('errors, in both shapes', () => {
    it("reads the provider's flat shape (InvalidParameter) when a bad value slips through", async () => {
      const unchecked: VideoRequest = {
        prompt: 'x',
        model: 'doubao-seedance-2-0',
        seconds: 40,
        size: '16:9',
        resolution: '720p',
        images: [],
      };
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(unchecked));
      assert.equal(err.kind, 'invalid-request');
      assert.equal(err.status, 400);
      assert.equal(err.code, 'InvalidParameter');
      assert.match(err.message, /duration/);
      assert.match(err.requestId ?? '', /^\d{17}[0-9a-f]{12}$/, 'the request id in the message is kept');
    });

    it("reads the gateway's nested shape (r2v refused for a 1.x model)", async () => {
      const { images } = await validateRequest({
        prompt: 'x',
        model: 'doubao-seedance-2-0',
        image: fixture('images', 'sample.jpg'),
      });
      const unchecked: VideoRequest = {
        prompt: 'x',
        model: 'doubao-seedance-1-5-pro',
        seconds: 5,
        size: '16:9',
        resolution: '720p',
        images,
      };
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).create(unchecked));
      assert.equal(err.kind, 'invalid-request');
      assert.match(err.message, /the specified task_type r2v does not support model seedance-1-5-pro$/);
      // The provider's request id is kept for support, out of the headline.
      assert.match(err.providerMessage ?? '', /\(request id: \w+\)$/);
      assert.match(err.requestId ?? '', /^\w+$/);
      assert.equal(posts().length, 1, 'refused, and not re-sent');
    });

    it('reports a wrong key as authentication (401), without retrying', async () => {
      const client = clientFor(ctx.sim, { apiKey: 'sk-wrong' });
      const err = await rejection<SeedanceApiError>(client.retrieve('task_whatever'));
      assert.equal(err.kind, 'authentication');
      assert.equal(err.status, 401);
      assert.equal(ctx.sim.received('api', 'GET').length, 1);
      const postErr = await rejection<SeedanceApiError>(
        client.create(await validateRequest({ prompt: 'x', model: 'doubao-seedance-2-0' })),
      );
      assert.equal(postErr.kind, 'authentication');
    });

    it('reports an unknown task id as task-not-found, naming it, without retrying', async () => {
      const err = await rejection<SeedanceApiError>(clientFor(ctx.sim).retrieve('task_gone'));
      assert.equal(err.kind, 'task-not-found');
      assert.match(err.message, /Task task_gone does not exist/);
      assert.equal(ctx.sim.received('api', 'GET').length, 1);
    });
  });

  for (const [dialect, words] of [
    ['current', ['queued', 'in_progress', 'completed']],
    ['legacy', ['SUBMITTED', 'IN_PROGRESS', 'SUCCESS']],
  ] as const) {
    it(`reads a task as it moves ${words.join(' → ')} (${dialect} dialect), progress rising`, async () => {
      ctx.sim.dialect = dialect;
      // Held: it renders, a step further each poll, until ended here after three polls rendering.
      ctx.sim.pace = 'held';
      const client = clientFor(ctx.sim);
      const { id, rawStatus } = await client.create(
        await validateRequest({ prompt: 'a river', model: 'doubao-seedance-2-0-fast' }),
      );
      const seen: string[] = [rawStatus];
      let lastProgress = -1;
      let rendering = 0;
      for (;;) {
        const task = await client.retrieve(id);
        if (seen.at(-1) !== task.rawStatus) seen.push(task.rawStatus);
        assert.ok(task.progress >= lastProgress, 'progress never goes back');
        lastProgress = task.progress;
        if (task.state === 'running' && dialect === 'current')
          assert.ok(task.completedAt, 'completed_at is filled in while it renders');
        if (task.state === 'running' && dialect === 'legacy') assert.equal(task.completedAt, undefined);
        if (task.state === 'succeeded') {
          assert.equal(task.progress, 100);
          assert.match(task.videoUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/videos\/.+signature=/);
          assert.ok(task.completedAt && task.createdAt && task.completedAt >= task.createdAt);
          break;
        }
        if (task.state === 'running' && ++rendering === 3) ctx.sim.finishTask(id);
      }
      assert.deepEqual(seen, words);
    });
  }

  for (const dialect of ['current', 'legacy'] as const) {
    for (const [marker, word] of [
      ['[sim:fail]', dialect === 'current' ? 'failed' : 'FAILED'],
      ['[sim:error]', dialect === 'current' ? 'error' : 'ERROR'],
    ] as const) {
      it(`ends "${word}" (${dialect}) for a prompt marked ${marker}, with the reason`, async () => {
        ctx.sim.dialect = dialect;
        const client = clientFor(ctx.sim);
        const { id } = await client.create(
          await validateRequest({ prompt: `a cat ${marker}`, model: 'doubao-seedance-2-0' }),
        );
        const task = await waitForEnd(client, id, 20);
        assert.equal(task.rawStatus, word);
        assert.equal(task.state, 'failed');
        assert.equal(task.videoUrl, undefined);
        assert.ok(task.failureReason && task.failureReason.length > 5);
      });
    }
  }
});
