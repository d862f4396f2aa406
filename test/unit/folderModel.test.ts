// The folder model at any size: after the first scan, each file event reads that one video again
// (added, changed, its sidecar written or removed, deleted), and the list then is what a fresh scan
// of the folder says; a folder past the cap lists its newest and says how many it left out.
import assert from 'node:assert/strict';
import { mkdir, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FolderModel } from '../../src/jobs/folderModel';
import { JobStore } from '../../src/jobs/jobStore';
import { SIDECAR_SCHEMA } from '../../src/jobs/sidecar';
import { MemoryMemento } from '../support/memento';
import { useTempDir } from '../support/sim';

describe('the folder model, one change at a time', () => {
  const dir = useTempDir();
  const videos = () => join(dir.path, 'videos');
  const folder = () => ({ dir: videos(), root: dir.path, rootUri: pathToFileURL(dir.path).toString() });
  const models: FolderModel[] = [];
  afterEach(() => {
    for (const m of models.splice(0)) m.dispose();
  });

  const sidecar = (task: string, prompt: string) =>
    JSON.stringify({
      schema: SIDECAR_SCHEMA,
      version: 1,
      prompt,
      model: { sent: 'doubao-seedance-2-0' },
      taskId: task,
      submittedAt: '2026-11-30T10:00:00.000Z',
      extension: { version: '0.1.0' },
    });

  async function model(max?: number): Promise<{ model: FolderModel; store: JobStore; lines: string[] }> {
    const lines: string[] = [];
    const store = new JobStore(new MemoryMemento());
    const m = new FolderModel(store, (l) => lines.push(l), max === undefined ? undefined : () => max);
    models.push(m);
    await m.setFolders([folder()]);
    return { model: m, store, lines };
  }

  /** What a person sees: the found videos (path, task, prompt) and those made elsewhere (path, bytes). */
  const listed = ({ model: m, store }: { model: FolderModel; store: JobStore }) => ({
    found: store
      .all()
      .filter((j) => j.found)
      .map((j) => (j.phase === 'done' ? [j.videoPath, j.taskId ?? j.id, j.prompt] : []))
      .sort(),
    elsewhere: m
      .elsewhere()
      .map((v) => [v.path, v.bytes])
      .sort(),
  });

  /** A file event, as the watcher reports it, and the model's settling after it. */
  async function changed(m: FolderModel, ...paths: string[]): Promise<void> {
    for (const p of paths) m.fileChanged(p);
    await m.idle();
  }

  beforeEach(() => mkdir(videos()));

  it('applies each add, change and removal alone, and the list matches a fresh scan after each', async () => {
    await writeFile(join(videos(), 'first.mp4'), 'a');
    const live = await model();
    const steps: [string, () => Promise<string[]>][] = [
      [
        'a video made elsewhere arrives',
        async () => {
          await writeFile(join(videos(), 'copied.mp4'), 'bb');
          return [join(videos(), 'copied.mp4')];
        },
      ],
      [
        'a teammate’s video, then its sidecar',
        async () => {
          await writeFile(join(videos(), 'mate.mp4'), 'ccc');
          await writeFile(join(videos(), 'mate.mp4.json'), sidecar('task_mate', 'مرفأ عند الغسق'));
          return [join(videos(), 'mate.mp4'), join(videos(), 'mate.mp4.json')];
        },
      ],
      [
        'a sidecar given to a video made elsewhere',
        async () => {
          await writeFile(join(videos(), 'copied.mp4.json'), sidecar('task_copied', 'a copied harbour'));
          return [join(videos(), 'copied.mp4.json')];
        },
      ],
      [
        'a sidecar rewritten (another prompt)',
        async () => {
          await writeFile(join(videos(), 'mate.mp4.json'), sidecar('task_mate', 'a harbour at dawn'));
          return [join(videos(), 'mate.mp4.json')];
        },
      ],
      [
        'a video grows',
        async () => {
          await writeFile(join(videos(), 'first.mp4'), 'a longer file');
          return [join(videos(), 'first.mp4')];
        },
      ],
      [
        'a sidecar deleted: made elsewhere again',
        async () => {
          await rm(join(videos(), 'copied.mp4.json'));
          return [join(videos(), 'copied.mp4.json')];
        },
      ],
      [
        'a video renamed',
        async () => {
          await rename(join(videos(), 'first.mp4'), join(videos(), 'renamed.mp4'));
          return [join(videos(), 'first.mp4'), join(videos(), 'renamed.mp4')];
        },
      ],
      [
        'a video and its sidecar deleted',
        async () => {
          await rm(join(videos(), 'mate.mp4'));
          await rm(join(videos(), 'mate.mp4.json'));
          return [join(videos(), 'mate.mp4'), join(videos(), 'mate.mp4.json')];
        },
      ],
      [
        'other files come and go',
        async () => {
          await writeFile(join(videos(), 'notes.txt'), 'n');
          await writeFile(join(videos(), '.partial.mp4.part'), 'p');
          return [join(videos(), 'notes.txt'), join(videos(), '.partial.mp4.part')];
        },
      ],
    ];
    for (const [step, act] of steps) {
      await changed(live.model, ...(await act()));
      assert.deepEqual(listed(live), listed(await model()), step);
    }
    assert.deepEqual(listed(live), {
      found: [],
      elsewhere: [
        [join(videos(), 'copied.mp4'), 2],
        [join(videos(), 'renamed.mp4'), 13],
      ],
    });
  });

  it('reads only the file an event is about, never the folder again', async () => {
    await writeFile(join(videos(), 'one.mp4'), '1');
    await writeFile(join(videos(), 'two.mp4'), '2');
    const live = await model();
    // Changed with no event: a rescan would see it; one file's update must not.
    await writeFile(join(videos(), 'two.mp4.json'), sidecar('task_two', 'unannounced'));
    await writeFile(join(videos(), 'one.mp4'), 'one, longer');
    await changed(live.model, join(videos(), 'one.mp4'));
    assert.deepEqual(listed(live), {
      found: [],
      elsewhere: [
        [join(videos(), 'one.mp4'), 11],
        [join(videos(), 'two.mp4'), 1],
      ],
    });
    // The folder's own event (made again by a pull) brings a whole scan.
    await changed(live.model, videos());
    assert.deepEqual(listed(live).found, [[join(videos(), 'two.mp4'), 'task_two', 'unannounced']]);
  });

  it('an unchanged video read again keeps its job, and fires nothing', async () => {
    await writeFile(join(videos(), 'mate.mp4'), 'ccc');
    await writeFile(join(videos(), 'mate.mp4.json'), sidecar('task_mate', 'dusk'));
    const live = await model();
    const before = live.store.all()[0];
    let fired = 0;
    live.store.onDidChange(() => fired++);
    live.model.onDidChange(() => fired++);
    await changed(live.model, join(videos(), 'mate.mp4.json'));
    assert.equal(live.store.all()[0], before);
    assert.equal(fired, 0);
  });

  it('past the cap, the newest are listed and the rest counted', async () => {
    for (let i = 1; i <= 5; i++) {
      await writeFile(join(videos(), `v${i}.mp4`), 'x');
      await utimes(join(videos(), `v${i}.mp4`), i * 1000, i * 1000);
    }
    const capped = await model(3);
    assert.deepEqual(
      capped.model.elsewhere().map((v) => v.path),
      ['v5', 'v4', 'v3'].map((n) => join(videos(), `${n}.mp4`)),
    );
    assert.deepEqual(capped.model.notListed(), [{ dir: videos(), count: 2 }]);
    assert.deepEqual(capped.lines, [`${videos()} holds 5 videos: listing the newest 3 (seedance.maxFolderVideos)`]);
    const all = await model(5);
    assert.equal(all.model.elsewhere().length, 5);
    assert.deepEqual(all.model.notListed(), []);
  });

  it('a videos folder that is a link out of the workspace is not read, whole or one file at a time', async () => {
    // A cloned repository whose videos/ points at someone's own folder.
    const outside = join(dir.path, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'private.mp4'), 'p');
    await writeFile(join(outside, 'private.mp4.json'), sidecar('task_private', 'a private video'));
    await rm(videos(), { recursive: true });
    await symlink(outside, videos());
    const project = join(dir.path, 'project');
    await mkdir(project);
    const lines: string[] = [];
    const store = new JobStore(new MemoryMemento());
    const m = new FolderModel(store, (l) => lines.push(l));
    models.push(m);
    await m.setFolders([{ dir: videos(), root: project, rootUri: pathToFileURL(project).toString() }]);
    await writeFile(join(outside, 'another.mp4'), 'a');
    await changed(m, join(videos(), 'private.mp4'), join(videos(), 'another.mp4'));
    await m.update([join(videos(), 'private.mp4')]);
    assert.deepEqual(listed({ model: m, store }), { found: [], elsewhere: [] });
    assert.match(lines.join('\n'), /Not reading the videos folder/);
  });
});
