// The one planning path (src/plan): every kind of intent becomes a Plan the same way, refusals
// name the problem and send nothing, and a confirmed Plan is sent once over real HTTP, its
// failures sorted into "nothing was started" and "a job may exist" (never re-sent).
import assert from 'node:assert/strict';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SeedanceApiError, ValidationError } from '../../src/api';
import type { Job } from '../../src/jobs/job';
import { type Intent, type PlanContext, planJob } from '../../src/plan/plan';
import { type SubmitDeps, submitPlan } from '../../src/plan/submit';
import { pricedCatalog } from '../../src/pricing/prices';
import { fixture } from '../support/paths';
import { clientFor, rejection, useSimulator, useTempDir } from '../support/sim';

describe('one way to plan a paid job', () => {
  const dir = useTempDir();
  const ws = () => join(dir.path, 'repo');
  const frame = () => join(ws(), 'frames', 'dawn.png');
  const outside = () => join(dir.path, 'Pictures', 'passport.jpg');
  const folders: (string | undefined)[][] = [];
  const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
    catalog: pricedCatalog(),
    roots: [ws()],
    trusted: true,
    folderFor: (image, near) => {
      folders.push([image, near]);
      return 'file:///repo';
    },
    ...over,
  });
  const base = { prompt: '  A lighthouse at dawn  ', model: 'doubao-seedance-2-0', seconds: 5 };

  beforeEach(async () => {
    folders.length = 0;
    await mkdir(join(ws(), 'frames'), { recursive: true });
    await mkdir(join(dir.path, 'Pictures'));
    await copyFile(fixture('images', 'sample.png'), frame());
    await copyFile(fixture('images', 'sample.jpg'), outside());
    await writeFile(join(ws(), 'frames', 'notes.png'), 'not a picture');
  });

  it('the palette: the request as it will be sent, its estimate and its folder', async () => {
    const plan = await planJob({ kind: 'prompt', ...base }, ctx());
    assert.equal(plan.kind, 'prompt');
    assert.deepEqual(plan.request, {
      prompt: 'A lighthouse at dawn',
      model: 'doubao-seedance-2-0',
      seconds: 5,
      size: '16:9',
      resolution: '720p',
      images: [],
    });
    assert.deepEqual(plan.cost, { usd: 0.4, source: 'provider' });
    assert.equal(plan.folder, 'file:///repo');
    assert.equal(plan.origin, undefined);
  });

  it('a scene: its origin kept as the script wrote it, the script named as where the video goes', async () => {
    const origin = { file: 'file:///repo/film.md', index: 2, heading: 'Dawn', occurrence: 0, hash: 'abc' };
    const plan = await planJob(
      { kind: 'scene', ...base, images: [frame()], origin, near: origin.file, imagesFrom: 'named' },
      ctx(),
    );
    assert.deepEqual(plan.origin, origin);
    assert.equal(plan.request.images[0].path, frame());
    assert.deepEqual(folders, [[frame(), origin.file]], 'the folder comes from the image and the script');
  });

  it('an image clicked in the explorer or of a job made again: sent from its real path inside the workspace', async () => {
    await symlink(frame(), join(ws(), 'alias.png'));
    for (const kind of ['image', 'again'] as const) {
      const plan = await planJob({ kind, ...base, images: [join(ws(), 'alias.png')], imagesFrom: 'workspace' }, ctx());
      assert.equal(plan.request.images[0].path, frame());
    }
  });

  it('an image picked in a file dialog may come from anywhere: the person chose it', async () => {
    const plan = await planJob({ kind: 'image', ...base, images: [outside()], imagesFrom: 'dialog' }, ctx());
    assert.equal(plan.request.images[0].path, outside());
  });

  it('at the provider’s limit exactly: 9 images are planned, 10 refused before any is read', async () => {
    const nine = await planJob(
      { kind: 'image', ...base, images: Array.from({ length: 9 }, frame), imagesFrom: 'workspace' },
      ctx(),
    );
    assert.equal(nine.request.images.length, 9);
    const err = await rejection<ValidationError>(
      planJob({ kind: 'image', ...base, images: Array.from({ length: 10 }, () => join(ws(), 'none.png')) }, ctx()),
    );
    assert.equal(err.message, 'at most 9 reference images can be sent (got 10)');
  });

  it('an intent that names no model gets the person’s default, else 2.0 fast: the same from every door', async () => {
    const { model: _named, ...unnamed } = base;
    for (const kind of ['prompt', 'scene', 'again', 'agent', 'mcp'] as const) {
      assert.equal((await planJob({ ...unnamed, kind }, ctx())).request.model, 'doubao-seedance-2-0-fast', kind);
      const mine = await planJob({ ...unnamed, kind }, ctx({ defaultModel: 'doubao-seedance-1-5-pro' }));
      assert.equal(mine.request.model, 'doubao-seedance-1-5-pro', `${kind}: the person's default`);
    }
    const typo = await planJob({ ...unnamed, kind: 'prompt' }, ctx({ defaultModel: 'seedance-9' }));
    assert.equal(typo.request.model, 'doubao-seedance-2-0-fast', 'a default the catalog lacks is as good as none');
    const withImage = await planJob({ ...unnamed, kind: 'scene', images: [frame()] }, ctx());
    assert.equal(withImage.request.model, 'doubao-seedance-2-0-fast', 'it takes the image');
    const named = await planJob({ ...base, kind: 'mcp' }, ctx({ defaultModel: 'doubao-seedance-1-5-pro' }));
    assert.equal(named.request.model, 'doubao-seedance-2-0', 'a named model is kept');
  });

  it('an unknown price is said as unknown, never $0', async () => {
    const plan = await planJob({ kind: 'options', ...base, model: 'doubao-seedance-1-0-pro' }, ctx());
    assert.deepEqual(plan.cost, {});
  });

  const refusals: { what: string; intent: () => Intent; over?: Partial<PlanContext>; field: string; says: RegExp }[] = [
    {
      what: 'a model that does not exist',
      intent: () => ({ kind: 'options', ...base, model: 'seedance-9' }),
      field: 'model',
      says: /seedance-9/,
    },
    {
      what: 'seconds out of the model’s range',
      intent: () => ({ kind: 'agent', ...base, seconds: 99 }),
      field: 'seconds',
      says: /between 4 and 15/,
    },
    {
      what: 'an empty prompt',
      intent: () => ({ kind: 'prompt', ...base, prompt: '   ' }),
      field: 'prompt',
      says: /prompt/,
    },
    {
      what: 'an image named by an agent outside the workspace',
      intent: () => ({ kind: 'agent', ...base, images: [outside()], imagesFrom: 'named' }),
      field: 'images',
      says: /passport\.jpg is outside the workspace/,
    },
    {
      what: 'a job made again whose stored image is outside the workspace',
      intent: () => ({ kind: 'again', ...base, images: [outside()], imagesFrom: 'workspace' }),
      field: 'images',
      says: /passport\.jpg is outside the workspace/,
    },
    {
      what: 'an image named in text in Restricted Mode, even inside the workspace',
      intent: () => ({ kind: 'scene', ...base, images: [frame()], imagesFrom: 'named' }),
      over: { trusted: false },
      field: 'workspaceTrust',
      says: /Images named in text is off in Restricted Mode/,
    },
    {
      what: 'an image for a model that takes none',
      intent: () => ({ kind: 'mcp', ...base, model: 'doubao-seedance-1-0-pro', seconds: 5, images: [frame()] }),
      field: 'images',
      says: /doubao-seedance-1-0-pro/,
    },
    {
      what: 'a file that is not an image by its bytes',
      intent: () => ({ kind: 'image', ...base, images: [join(ws(), 'frames', 'notes.png')], imagesFrom: 'workspace' }),
      field: 'images',
      says: /not a JPEG, PNG or WebP image/,
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.what}, naming the field`, async () => {
      const err = await rejection<ValidationError>(planJob(r.intent(), ctx(r.over)));
      assert.ok(err instanceof ValidationError, String(err));
      assert.equal(err.field, r.field, err.message);
      assert.match(err.message, r.says);
    });
  }

  describe('a confirmed Plan is sent once', () => {
    const api = useSimulator();
    const posts = () => api.sim.received('api', 'POST');
    const deps = (over: Partial<SubmitDeps> = {}): SubmitDeps => ({
      ensureKey: () => Promise.resolve(true),
      // The job as the manager would store it: the provider's id (the manager's own test covers the rest).
      send: async (plan, how) => ({ id: (await clientFor(api.sim).create(plan.request, how)).id }) as Job,
      ...over,
    });
    const plan = () => planJob({ kind: 'prompt', ...base }, ctx());
    const signal = () => new AbortController().signal;

    beforeEach(() => (api.sim.requests.length = 0));

    it('started: one POST, the provider’s task id', async () => {
      const outcome = await submitPlan(await plan(), deps(), { signal: signal() });
      assert.equal(outcome.kind, 'started');
      assert.ok(outcome.kind === 'started' && api.sim.tasks.has(outcome.job.id));
      assert.equal(posts().length, 1);
    });

    it('no key given when asked: cancelled, nothing sent', async () => {
      const outcome = await submitPlan(await plan(), deps({ ensureKey: () => Promise.resolve(false) }), {
        signal: signal(),
      });
      assert.equal(outcome.kind, 'cancelled');
      assert.equal(posts().length, 0);
    });

    it('cancelled before sending: nothing sent', async () => {
      const controller = new AbortController();
      controller.abort();
      assert.equal((await submitPlan(await plan(), deps(), { signal: controller.signal })).kind, 'cancelled');
      assert.equal(posts().length, 0);
    });

    it('a refusal (an empty balance): not started, named for what it is, one POST', async () => {
      api.sim.faults.add({ fault: { kind: 'status', status: 403, code: 'insufficient_user_quota' } });
      const outcome = await submitPlan(await plan(), deps(), { signal: signal() });
      assert.equal(outcome.kind, 'not-started');
      const error = outcome.kind === 'not-started' ? outcome.error : undefined;
      assert.ok(error instanceof SeedanceApiError);
      assert.equal(error.refusal, 'balance');
      assert.equal(posts().length, 1);
    });

    it('the connection cut after the body left: "a job may exist", never sent again', async () => {
      api.sim.faults.add({ fault: { kind: 'reset' }, commit: true });
      const outcome = await submitPlan(await plan(), deps(), { signal: signal() });
      assert.equal(outcome.kind, 'outcome-unknown');
      assert.equal(posts().length, 1);
      assert.equal(api.sim.tasks.size, 1, 'the job really started at the provider');
    });
  });
});
