// The job list as it is kept (src/jobs/jobStore.ts): what a reload finds, what a change tells the
// views, and the person's choices (removed, cleared, undone) kept across a reload.
import assert from 'node:assert/strict';
import { type VideoTask, parseTask } from '../../src/api';
import type { DoneJob, Job, RenderingJob } from '../../src/jobs/job';
import { HIDDEN_KEY, type JobChange, JobStore } from '../../src/jobs/jobStore';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
import { MemoryMemento } from '../support/memento';

const NOW = 1_800_000_000_000;

function polled(body: Record<string, unknown>): VideoTask {
  const parsed = parseTask({ id: 'a', ...body });
  assert.ok('task' in parsed);
  return parsed.task;
}

function rendering(id: string, at = NOW): RenderingJob {
  return {
    id,
    prompt: `prompt of ${id}`,
    model: 'doubao-seedance-2-0',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    submittedAt: at,
    pollingSince: at,
    phase: 'rendering',
    task: { state: 'running', status: 'in_progress', known: true, progress: 10 },
  };
}

function done(id: string, at = NOW): DoneJob {
  const { task } = rendering(id);
  return {
    ...rendering(id, at),
    task: { ...task, state: 'succeeded', status: 'completed', progress: 100 },
    phase: 'done',
    videoPath: `/w/videos/${id}.mp4`,
    videoBytes: 9,
    finishedAt: at + 1,
    seen: false,
  };
}

const stored = (m: MemoryMemento) => (m.get<Job[]>(STORAGE_KEY) ?? []).map((j) => `${j.id}:${j.phase}`);

describe('the job store', () => {
  let memento: MemoryMemento;
  let store: JobStore;
  let changes: JobChange[];

  beforeEach(() => {
    memento = new MemoryMemento();
    store = new JobStore(memento);
    changes = [];
    store.onDidChange((c) => changes.push(c));
  });
  afterEach(() => store.dispose());

  it('a new job is stored at once, newest first, and the list is said to have changed', async () => {
    await store.add(rendering('a', NOW));
    await store.add(rendering('b', NOW + 1));
    assert.deepEqual(stored(memento), ['b:rendering', 'a:rendering']);
    assert.equal(changes.length, 2);
    await assert.rejects(store.add(rendering('a')), /already stored/, 'a job is never replaced');
  });

  it('a change of phase is saved before apply() returns; progress alone waits for the coalesced save', async () => {
    await store.add(rendering('a'));
    const progressed = await store.apply('a', {
      type: 'polled',
      task: polled({ status: 'in_progress', progress: 50 }),
      now: NOW,
    });
    assert.ok(progressed && progressed.after !== progressed.before);
    assert.equal((memento.get<RenderingJob[]>(STORAGE_KEY) ?? [])[0].task.progress, 10, 'not saved yet');
    assert.deepEqual(changes.at(-1), { before: progressed.before, after: progressed.after }, 'the row is told');
    await store.flush();
    assert.equal((memento.get<RenderingJob[]>(STORAGE_KEY) ?? [])[0].task.progress, 50, 'saved by flush()');
    await store.apply('a', { type: 'deadline', now: NOW + 10 * 60 * 60_000, deadlineMs: 60_000 });
    assert.deepEqual(stored(memento), ['a:timed-out'], 'the new phase, saved at once');
    assert.equal(await store.apply('nobody', { type: 'seen' }), undefined, 'no such job: nothing');
  });

  it('a task id answered twice gets a key of its own: id~2, then id~3', async () => {
    assert.equal(store.freeKey('t'), 't');
    await store.add(rendering('t'));
    assert.equal(store.freeKey('t'), 't~2');
    await store.add(rendering('t~2'));
    assert.equal(store.freeKey('t'), 't~3');
  });

  it('Remove takes a job off the list and keeps the person’s choice; Undo puts it back where it was', async () => {
    await store.add(done('old', NOW));
    await store.add(done('mid', NOW + 1));
    await store.add(done('new', NOW + 2));
    const removed = await store.remove('mid');
    assert.deepEqual(removed && [removed.job.id, removed.at], ['mid', 1]);
    assert.deepEqual(stored(memento), ['new:done', 'old:done']);
    assert.ok(store.isHidden('/w/videos/mid.mp4'));
    assert.deepEqual(memento.get(HIDDEN_KEY), ['/w/videos/mid.mp4'], 'kept for the next window');
    assert.equal(await store.remove('mid'), undefined, 'only once');
    assert.equal(await store.restore(removed!.job, removed!.at), true);
    assert.deepEqual(
      store.all().map((j) => j.id),
      ['new', 'mid', 'old'],
    );
    assert.deepEqual(stored(memento), ['new:done', 'mid:done', 'old:done']);
    assert.equal(store.isHidden('/w/videos/mid.mp4'), false);
    assert.deepEqual(memento.get(HIDDEN_KEY), []);
    assert.equal(await store.restore(removed!.job, 0), false, 'not twice');
  });

  it('Clear Finished keeps what still renders, and its videos stay off the list in the next window', async () => {
    await store.add(done('a'));
    await store.add(rendering('b'));
    assert.equal(await store.clearFinished(), 1);
    assert.deepEqual(stored(memento), ['b:rendering']);
    assert.deepEqual(
      new JobStore(memento).all().map((j) => j.id),
      ['b'],
    );
    assert.ok(new JobStore(memento).isHidden('/w/videos/a.mp4'));
  });

  it('a video found in the folder is listed unless made here or taken off the list, and never stored', async () => {
    await store.add(done('mine'));
    await store.hide('/w/videos/hidden.mp4');
    assert.deepEqual(memento.get(HIDDEN_KEY), ['/w/videos/hidden.mp4']);
    const found = (id: string, path = `/w/videos/${id}.mp4`): DoneJob => ({
      ...done(id),
      videoPath: path,
      found: true,
    });
    store.adopt([
      found('theirs'),
      found('again', '/w/videos/mine.mp4'),
      found('hidden'),
      found('mine', '/w/videos/mine-copy.mp4'),
    ]);
    assert.deepEqual(
      store.all().map((j) => [j.id, j.found === true, j.phase === 'done' && j.videoPath, j.taskId]),
      [
        ['mine', false, '/w/videos/mine.mp4', undefined],
        ['theirs', true, '/w/videos/theirs.mp4', undefined],
        // A copy of a video made here, elsewhere in the folder: listed apart, under its own key.
        ['mine~2', true, '/w/videos/mine-copy.mp4', 'mine'],
      ],
    );
    assert.deepEqual(stored(memento), ['mine:done'], 'found videos are the folder’s to say, never stored');
    const shown = changes.length;
    store.adopt([found('theirs'), found('mine', '/w/videos/mine-copy.mp4')]);
    assert.equal(changes.length, shown, 'the same videos again: no change');
  });

  it('every change names what it touched: added, removed, changed, or a path taken off the list', async () => {
    const named = (c: JobChange) => ({
      ...(c.before && { before: c.before.id }),
      ...(c.after && { after: c.after.id }),
      ...(c.added && { added: c.added.map((j) => j.id) }),
      ...(c.removed && { removed: c.removed.map((j) => j.id) }),
      ...(c.hidden && { hidden: c.hidden }),
    });
    const found = (id: string): DoneJob => ({ ...done(id), found: true });
    await store.add(rendering('a'));
    await store.add(done('b', NOW + 1));
    store.adopt([found('f1'), found('f2')]);
    store.adoptChanges([], ['/w/videos/f2.mp4']);
    await store.apply('a', { type: 'polled', task: polled({ status: 'in_progress', progress: 50 }), now: NOW });
    const removed = await store.remove('b');
    await store.restore(removed!.job, removed!.at);
    await store.hide('/w/videos/elsewhere.mp4');
    await store.add(done('f1', NOW + 2));
    await store.clearFinished();
    assert.deepEqual(changes.map(named), [
      { added: ['a'], removed: [] },
      { added: ['b'], removed: [] },
      { added: ['f1', 'f2'], removed: [] },
      { added: [], removed: ['f2'] },
      { before: 'a', after: 'a' },
      { removed: ['b'] },
      { added: ['b'], removed: [] },
      { hidden: '/w/videos/elsewhere.mp4' },
      // The job made here for a video the folder listed: the found copy gives way.
      { added: ['f1'], removed: ['f1'] },
      { removed: ['f1', 'b'] },
    ]);
    assert.ok(changes[8].removed?.[0].found && !changes[8].added?.[0].found);
  });

  describe('while the folder is read at the same moment', () => {
    const found = (id: string): DoneJob => ({ ...done(id), found: true });

    it('Undo puts the job back before anything is awaited: a folder read in between leaves its file to it', async () => {
      await store.add(done('undone'));
      const removed = await store.remove('undone');
      assert.ok(removed);
      // The hidden list's save is held open: the folder's read of the same file lands during it.
      let release = () => undefined as void;
      const update = memento.update.bind(memento);
      memento.update = (key, value) =>
        key === HIDDEN_KEY
          ? new Promise<void>((r) => (release = () => void update(key, value).then(r)))
          : update(key, value);
      const restoring = store.restore(removed.job, removed.at);
      await Promise.resolve();
      store.adoptChanges([found('undone')], []);
      release();
      assert.equal(await restoring, true);
      assert.deepEqual(
        store.all().map((j) => [j.id, j.found === true]),
        [['undone', false]],
        'the job made here, once; no copy of its file',
      );
      assert.equal(store.get('undone'), removed.job);
    });

    it('a file listed while its job was still downloading gives way when the job names it', async () => {
      await store.add({ ...rendering('racing'), phase: 'downloading', downloadProgress: 90 });
      store.adoptChanges([found('racing')], []);
      assert.deepEqual(
        store.all().map((j) => j.id),
        ['racing', 'racing~2'],
      );
      await store.apply('racing', { type: 'downloaded', path: '/w/videos/racing.mp4', bytes: 9, now: NOW + 5 });
      assert.deepEqual(
        store.all().map((j) => [j.id, j.found === true]),
        [['racing', false]],
      );
    });
  });
});
