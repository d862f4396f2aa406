// How jobs are listed and named in a row (src/jobs/job.ts): the one listing rule the Videos view
// and the gallery share, a script's videos in scene order, and a prompt shortened for a row.
import assert from 'node:assert/strict';
import { type Job, type JobOrigin, groupByScript, inSceneOrder, listed, shortPrompt } from '../../src/jobs/job';

const NOW = 1_800_000_000_000;

/** A rendering job sent at `NOW + at`, from `origin`'s scene if given. */
function job(id: string, at: number, origin?: JobOrigin): Job {
  return {
    id,
    prompt: `prompt of ${id}`,
    model: 'doubao-seedance-2-0',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    submittedAt: NOW + at,
    pollingSince: NOW + at,
    phase: 'rendering',
    task: { state: 'running', status: 'in_progress', known: true, progress: 10 },
    ...(origin && { origin }),
  };
}

const scene = (file: string, index: number): JobOrigin => ({ file, index });
const ids = (jobs: readonly Job[]) => jobs.map((j) => j.id);
const shape = (entries: ReturnType<typeof listed>) =>
  entries.map((e) => ('job' in e ? e.job.id : `${e.file}[${ids(e.jobs).join(',')}]`));

describe('a prompt in a row', () => {
  it('is its first line with words, spaces flattened', () => {
    assert.equal(shortPrompt('\n  \n  a   fox\tat dawn \nsecond line'), 'a fox at dawn');
    assert.equal(shortPrompt('ثعلب   عند   الفجر\nسطر'), 'ثعلب عند الفجر', 'any script');
  });

  it('is shortened with an ellipsis only past the limit, to exactly the limit', () => {
    assert.equal(shortPrompt('abcdef', 6), 'abcdef', 'exactly the limit is kept whole');
    assert.equal(shortPrompt('abcdefg', 6), 'abcde…');
    assert.equal(shortPrompt('x'.repeat(61)).length, 60, 'the default limit is 60');
    assert.equal(shortPrompt('x'.repeat(60)), 'x'.repeat(60));
  });

  it('of nothing but blank lines is empty, not an error', () => {
    assert.equal(shortPrompt(' \n \n'), '');
  });
});

describe('listing jobs', () => {
  it('orders a script’s videos by scene, the newest take of a scene first', () => {
    const s = 'file:///w/film.md';
    const a = job('a', 1, scene(s, 2));
    const b = job('b', 2, scene(s, 1));
    const c = job('c', 3, scene(s, 2));
    assert.deepEqual(ids([a, b, c].sort(inSceneOrder)), ['b', 'c', 'a']);
    const loose = job('loose', 9);
    assert.ok(inSceneOrder(loose, b) < 0, 'a job of no scene counts as scene 0');
    assert.ok(inSceneOrder(b, loose) > 0);
  });

  it('groups each script’s videos in scene order and leaves out jobs of no script', () => {
    const one = 'file:///w/one.md';
    const two = 'file:///w/two.md';
    const groups = groupByScript([
      job('x', 5),
      job('a', 4, scene(one, 3)),
      job('b', 3, scene(two, 1)),
      job('c', 2, scene(one, 1)),
      job('d', 1, scene(one, 2)),
    ]);
    assert.deepEqual([...groups.keys()], [one, two]);
    assert.deepEqual(ids(groups.get(one) ?? []), ['c', 'd', 'a']);
    assert.deepEqual(ids(groups.get(two) ?? []), ['b']);
  });

  it('lists newest first, each script once, where its newest video is', () => {
    const s = 'file:///w/film.md';
    const t = 'file:///w/trailer.md';
    // Newest first, as the store keeps them.
    const jobs = [
      job('new', 6),
      job('s2', 5, scene(s, 2)),
      job('mid', 4),
      job('t1', 3, scene(t, 1)),
      job('s1', 2, scene(s, 1)),
      job('old', 1),
    ];
    assert.deepEqual(shape(listed(jobs)), ['new', `${s}[s1,s2]`, 'mid', `${t}[t1]`, 'old']);
    assert.deepEqual(listed([]), []);
  });
});
