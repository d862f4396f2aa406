// The finish estimate, on steady, stalled, jumpy and queued progress, and from history.
import assert from 'node:assert/strict';
import {
  HISTORY_KINDS,
  HISTORY_PER_KIND,
  MAX_ESTIMATE_MS,
  type ProgressSample,
  describeRemaining,
  estimateFinish,
  kindKey,
  remember,
  typicalDuration,
} from '../../src/jobs/finishEstimate';

const T0 = 1_800_000_000_000;
const s = (sec: number, progress: number): ProgressSample => ({ at: T0 + sec * 1000, progress });
const at = (sec: number) => T0 + sec * 1000;
const secondsLeft = (finishAt: number | undefined, nowSec: number) =>
  finishAt === undefined ? undefined : Math.round((finishAt - at(nowSec)) / 1000);

describe('the finish estimate', () => {
  it('says nothing without progress or history ("estimating…")', () => {
    assert.equal(estimateFinish(T0, [], undefined, at(5)), undefined);
    assert.equal(describeRemaining(undefined, at(5)), undefined);
  });

  it('says nothing while a job sits at 0% in the queue', () => {
    assert.equal(estimateFinish(T0, [s(0, 0), s(10, 0), s(20, 0)], undefined, at(20)), undefined);
  });

  it('steady progress: the remaining share at the same rate', () => {
    // Left the queue at 10 s (last 0%), then 1% a second.
    const e = estimateFinish(T0, [s(0, 0), s(10, 0), s(20, 10), s(30, 20), s(40, 30)], undefined, at(40));
    assert.equal(e?.basis, 'progress');
    assert.equal(secondsLeft(e?.finishAt, 40), 70);
  });

  it('a stall slows the estimate down as it goes on', () => {
    const samples = [s(0, 0), s(10, 0), s(20, 10), s(30, 20)];
    const early = estimateFinish(T0, samples, undefined, at(30))!;
    const stalled = estimateFinish(T0, samples, undefined, at(60))!;
    assert.ok(stalled.finishAt > early.finishAt, 'later when nothing moved');
    assert.ok(stalled.finishAt > at(60), 'never in the past while it still renders');
  });

  it('a jump brings it forward, without going back in time', () => {
    const before = estimateFinish(T0, [s(0, 0), s(10, 0), s(20, 10)], undefined, at(20))!;
    const jumped = estimateFinish(T0, [s(0, 0), s(10, 0), s(20, 10), s(22, 80)], undefined, at(22))!;
    assert.ok(jumped.finishAt < before.finishAt);
    assert.ok(jumped.finishAt >= at(22));
  });

  it('leans on history first, then on the job’s own progress as it advances', () => {
    const typical = 100_000; // earlier jobs like it took 100 s
    const history = estimateFinish(T0, [s(0, 0)], typical, at(5))!;
    assert.equal(history.basis, 'history');
    assert.equal(history.finishAt, at(100));
    // Its own progress says 120 s in all; at 60% it has the last word.
    const both = estimateFinish(T0, [s(0, 0), s(12, 6), s(60, 54), s(72, 60)], typical, at(72))!;
    assert.equal(both.basis, 'both');
    assert.equal(secondsLeft(both.finishAt, 72), 48);
  });

  it('never says something absurd: over two hours is "estimating…"', () => {
    const e = estimateFinish(T0, [s(0, 0), s(10, 3), s(20000, 4)], undefined, at(20000));
    assert.equal(e, undefined);
    assert.ok(MAX_ESTIMATE_MS >= 60 * 60_000);
  });

  it('words it for the row', () => {
    assert.equal(describeRemaining({ finishAt: at(43), basis: 'both' }, at(0)), 'about 45 s left');
    assert.equal(describeRemaining({ finishAt: at(190), basis: 'both' }, at(0)), 'about 3 min left');
    assert.equal(describeRemaining({ finishAt: at(3), basis: 'both' }, at(0)), 'any moment now');
    assert.equal(describeRemaining({ finishAt: at(-30), basis: 'both' }, at(0)), 'any moment now', 'never negative');
  });
});

describe('the history of render times', () => {
  const fast5 = { model: 'doubao-seedance-2-0-fast', seconds: 5, resolution: '720p' };

  it('gives the median of jobs of the same kind', () => {
    let h = {};
    for (const d of [50_000, 70_000, 60_000]) h = remember(h, fast5, d);
    assert.equal(typicalDuration(h, fast5), 60_000);
  });

  it('scales the same model’s other durations when there is no exact match', () => {
    const h = remember({}, fast5, 50_000);
    assert.equal(typicalDuration(h, { ...fast5, seconds: 10 }), 100_000);
    assert.equal(typicalDuration(h, { model: 'doubao-seedance-1-0-pro', seconds: 5 }), undefined);
  });

  it('is bounded: per kind and in kinds, oldest first out', () => {
    let h = {};
    for (let i = 0; i < HISTORY_PER_KIND + 5; i++) h = remember(h, fast5, 1000 + i);
    assert.equal((h as Record<string, number[]>)[kindKey(fast5)].length, HISTORY_PER_KIND);
    for (let i = 0; i < HISTORY_KINDS + 3; i++) h = remember(h, { model: `m${i}`, seconds: 5 }, 1000);
    assert.equal(Object.keys(h).length, HISTORY_KINDS);
    assert.ok(!(kindKey(fast5) in h), 'the oldest kind went');
  });

  it('ignores absurd durations', () => {
    assert.deepEqual(remember({}, fast5, -5), {});
    assert.deepEqual(remember({}, fast5, MAX_ESTIMATE_MS + 1), {});
  });
});
