// The output folder as the source of truth: a video's sidecar becomes a finished job like one made
// here (prompt, settings, images inside the folder, the scene of its script), the list keeps what
// the person removed off it, a copy is listed apart, and a video without a sidecar keeps what its
// own header says (its length). Paths a sidecar names count only inside its workspace folder.
import assert from 'node:assert/strict';
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jobFromSidecar } from '../../src/jobs/folderJobs';
import type { DoneJob, Job } from '../../src/jobs/job';
import { HIDDEN_KEY, JobStore } from '../../src/jobs/jobStore';
import { SIDECAR_SCHEMA, sha256, sidecarOf, writeSidecar } from '../../src/jobs/sidecar';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
import { videosIn } from '../../src/jobs/folderListing';
import { changedImages } from '../../src/plan/imageHashes';
import { needsVideo, sceneStates } from '../../src/script/sceneJobs';
import { parseScenes, refOf } from '../../src/script/scenes';
import { MemoryMemento } from '../support/memento';
import { fixture } from '../support/paths';
import { useTempDir } from '../support/sim';

describe('videos found in the output folder', () => {
  const dir = useTempDir();
  const videos = () => join(dir.path, 'videos');
  const rootUri = () => pathToFileURL(dir.path).toString();

  /** A video made here, as the extension stores it when done. */
  const made = (over: Partial<DoneJob> = {}): DoneJob => ({
    id: 'task_made_here',
    prompt: 'مرفأ عند الغسق — a harbour at dusk',
    model: 'doubao-seedance-2-0',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    images: [join(dir.path, 'frames', 'dusk.png')],
    cost: { usd: 0.4, source: 'provider' },
    origin: {
      file: pathToFileURL(join(dir.path, 'film.md')).toString(),
      index: 2,
      heading: 'Dusk',
      occurrence: 0,
      hash: '0123456789abcdef',
    },
    folder: rootUri(),
    submittedAt: Date.UTC(2026, 10, 30, 9, 0, 0),
    pollingSince: Date.UTC(2026, 10, 30, 9, 0, 0),
    task: { state: 'succeeded', status: 'succeeded', known: true, progress: 100 },
    phase: 'done',
    videoPath: join(videos(), 'dusk.mp4'),
    finishedAt: Date.UTC(2026, 10, 30, 9, 1, 0),
    seen: false,
    ...over,
  });

  /** Writes `job`'s video and sidecar, as the extension does, and returns what the folder now says. */
  async function inFolder(...jobs: DoneJob[]): Promise<DoneJob[]> {
    for (const job of jobs) {
      await writeFile(job.videoPath, 'video bytes');
      await writeSidecar(job.videoPath, await sidecarOf(job, dir.path, '0.1.0'));
    }
    const found = await videosIn(videos(), assert.fail);
    return found.map((v) => jobFromSidecar(v, dir.path, rootUri())).filter((j) => j !== undefined);
  }

  beforeEach(async () => {
    await mkdir(videos());
    await mkdir(join(dir.path, 'frames'));
    await copyFile(fixture('images', 'sample.png'), join(dir.path, 'frames', 'dusk.png'));
  });

  it('a sidecar alone gives back the job: prompt, settings, images, the scene of its script', async () => {
    const [found] = await inFolder(made());
    const original = made();
    for (const key of ['id', 'prompt', 'model', 'seconds', 'size', 'resolution', 'images', 'cost', 'origin'] as const)
      assert.deepEqual(found[key], original[key], key);
    assert.equal(found.phase, 'done');
    assert.equal(found.videoPath, original.videoPath);
    assert.equal(found.folder, rootUri());
    assert.equal(found.found, true, 'marked as read from the folder');
    assert.equal(found.seen, true, 'not announced as news');
    assert.equal(found.submittedAt, original.submittedAt);
    assert.equal(found.finishedAt, original.finishedAt);
  });

  it('paths a sidecar names outside its folder are not taken as inside it', async () => {
    const sidecar = {
      schema: SIDECAR_SCHEMA,
      version: 1,
      prompt: 'planted',
      model: { sent: 'doubao-seedance-2-0' },
      images: [{ path: '../../etc/passwd' }, { path: '/etc/hosts' }, { path: 'frames/dusk.png' }],
      scene: { script: '../elsewhere/film.md', heading: 'X', occurrence: 0, hash: 'abc' },
      taskId: 'task_planted',
      submittedAt: '2026-11-30T10:00:00.000Z',
      extension: { version: '0.1.0' },
    };
    await writeFile(join(videos(), 'planted.mp4'), 'x');
    await writeFile(join(videos(), 'planted.mp4.json'), JSON.stringify(sidecar));
    const [video] = await videosIn(videos(), assert.fail);
    const job = jobFromSidecar(video, dir.path, rootUri())!;
    // Kept as written (Generate Again names and refuses them), never resolved into the folder.
    assert.deepEqual(job.images, ['../../etc/passwd', '/etc/hosts', join(dir.path, 'frames', 'dusk.png')]);
    assert.equal(job.origin, undefined, 'a script outside the folder is no scene of it');
  });

  it('a sidecar’s dates are its writer’s word: never later than the video file itself', async () => {
    const [found] = await inFolder(
      made({ submittedAt: Date.UTC(2099, 0, 1), pollingSince: Date.UTC(2099, 0, 1), finishedAt: Date.UTC(2099, 0, 2) }),
    );
    const written = (await stat(found.videoPath)).mtimeMs;
    assert.ok(found.finishedAt <= written, 'finished no later than the file was written');
    assert.ok(found.submittedAt <= found.finishedAt, 'submitted no later than finished');
  });

  describe('a planted sidecar and the person’s scenes', () => {
    const script = pathToFileURL(join(dir.path, 'film.md')).toString();
    const text = '# Film\n\n## Dusk\n\nA harbour at dusk.\n\n## Night\n\nLanterns on the water.\n';
    const [dusk, night] = parseScenes(text);
    const planted = (scene: typeof dusk, id: string) =>
      made({
        id,
        // Dated far ahead, for a text the person never wrote.
        submittedAt: Date.UTC(2099, 0, 1),
        finishedAt: Date.UTC(2099, 0, 1),
        origin: { ...refOf(script, scene), hash: 'ffffffffffffffff' },
        videoPath: join(videos(), `${id}.mp4`),
        found: true,
      });

    it('never replaces a job made here for a scene, whatever its dates', () => {
      const own = made({ id: 'task_own', origin: refOf(script, dusk) });
      const [state] = sceneStates(script, text, [planted(dusk, 'task_planted'), own]);
      assert.equal(state.job?.id, 'task_own');
      assert.equal(state.changed, false);
    });

    it('never makes a scene need a new paid video: Generate All sends nothing for it', () => {
      const own = made({ id: 'task_own', origin: refOf(script, dusk) });
      const states = sceneStates(script, text, [own, planted(dusk, 'task_p1'), planted(night, 'task_p2')]);
      assert.deepEqual(
        states.map((s) => [s.job?.id, s.changed, needsVideo(s)]),
        [
          ['task_own', false, false],
          ['task_p2', false, false],
        ],
      );
    });
  });

  describe('in the list', () => {
    it('are listed, never stored; a job made here is listed once', async () => {
      const memento = new MemoryMemento();
      const store = new JobStore(memento);
      const own = made({ id: 'task_own', videoPath: join(videos(), 'own.mp4'), seen: false });
      await store.add(own);
      let changes = 0;
      store.onDidChange(() => changes++);
      const teammate = made({ id: 'task_teammate', videoPath: join(videos(), 'teammate.mp4') });
      store.adopt(await inFolder(own, teammate));
      assert.deepEqual(
        store.all().map((j) => [j.id, Boolean(j.found)]),
        [
          ['task_own', false],
          ['task_teammate', true],
        ],
      );
      assert.equal(changes, 1);
      store.adopt(await inFolder());
      assert.equal(changes, 1, 'the same folder again changes nothing');
      await store.flush();
      await store.add(made({ id: 'task_next', videoPath: join(videos(), 'next.mp4') }));
      assert.deepEqual(
        (memento.get<Job[]>(STORAGE_KEY) ?? []).map((j) => j.id),
        ['task_next', 'task_own'],
        'only jobs made here are stored',
      );
    });

    it('one removed from the list stays off it (its file kept) until Undo', async () => {
      const memento = new MemoryMemento();
      const store = new JobStore(memento);
      const found = await inFolder(made());
      store.adopt(found);
      const removed = await store.remove('task_made_here');
      assert.ok(removed);
      store.adopt(await inFolder());
      assert.equal(store.get('task_made_here'), undefined, 'the folder does not bring it back');
      assert.deepEqual(memento.get(HIDDEN_KEY), [found[0].videoPath]);
      // A new window reads the same choice.
      const next = new JobStore(memento);
      next.adopt(await inFolder());
      assert.equal(next.all().length, 0);
      await store.restore(removed.job, removed.at);
      store.adopt(await inFolder());
      assert.ok(store.get('task_made_here'), 'Undo lists it again, and the folder keeps it');
      assert.deepEqual(memento.get(HIDDEN_KEY), []);
    });

    it('Clear Finished keeps the folder’s videos off the list', async () => {
      const store = new JobStore(new MemoryMemento());
      store.adopt(await inFolder(made()));
      assert.equal(await store.clearFinished(), 1);
      store.adopt(await inFolder());
      assert.equal(store.all().length, 0);
    });

    it('a copy of a video (same task) is listed apart', async () => {
      const store = new JobStore(new MemoryMemento());
      store.adopt(await inFolder(made(), made({ videoPath: join(videos(), 'dusk copy.mp4') })));
      assert.deepEqual(
        store
          .all()
          .map((j) => j.id)
          .sort(),
        ['task_made_here', 'task_made_here~2'],
      );
    });

    it('a job made here takes the place of the same task found first', async () => {
      const store = new JobStore(new MemoryMemento());
      store.adopt(await inFolder(made()));
      await store.add(made({ seen: false }));
      assert.deepEqual(
        store.all().map((j) => [j.id, Boolean(j.found)]),
        [['task_made_here', false]],
      );
    });
  });

  it('an image changed since the video was made is named by its number', async () => {
    const job = made();
    const [found] = await inFolder(job);
    const sidecar = (await videosIn(videos(), assert.fail))[0].sidecar;
    assert.deepEqual(await changedImages(found.images!, sidecar), []);
    await writeFile(job.images![0], 'another picture, same name');
    assert.deepEqual(await changedImages(found.images!, sidecar), [{ number: 1, name: 'dusk.png' }]);
    assert.notEqual(await sha256(job.images![0]), sidecar?.images?.[0].sha256);
  });
});
