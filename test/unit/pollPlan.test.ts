// Polls placed around the estimated finish: never more requests than fixed polling, tighter near
// the estimate, backing off after it; without an estimate, exactly fixed polling.
import assert from 'node:assert/strict';
import { type PlanInput, type PollState, nextPollAt } from '../../src/jobs/pollPlan';

const I = 10_000;
const T0 = 1_800_000_000_000;

/** Runs one job from its first poll until `finishAt` is seen; returns the poll times. */
function simulate(finishAt: number | undefined, trueFinish: number, interval = I): number[] {
  const polls: number[] = [T0];
  let state: PollState = { firstAt: T0, polls: 1, lastAt: T0, lastGap: 0 };
  while (polls.at(-1)! < trueFinish) {
    const input: PlanInput = {
      now: state.lastAt,
      intervalMs: interval,
      currentIntervalMs: interval,
      minGapMs: 1000,
      submittedAt: T0,
      finishAt,
    };
    const { at, gap } = nextPollAt(state, input);
    assert.ok(at > state.lastAt, 'time moves on');
    polls.push(at);
    state = { firstAt: T0, polls: state.polls + 1, lastAt: at, lastGap: gap };
  }
  return polls;
}

/** Fixed polling's requests by moment t. */
const fixedBy = (t: number, interval = I) => Math.floor((t - T0) / interval) + 1;

describe('the poll plan', () => {
  it('without an estimate is fixed polling, exactly', () => {
    const polls = simulate(undefined, T0 + 60_000);
    assert.deepEqual(
      polls.map((t) => t - T0),
      [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000],
    );
  });

  // Finishes that fixed polling sees late (between two of its polls): the plan must see them sooner.
  // An estimate that came too early gains nothing (the plan is back at the interval by then), so
  // there it must only be no worse.
  const CASES = [
    ['an exact estimate', 123_000, 123_000, 'sooner'],
    ['an early estimate', 100_000, 131_000, 'no later'],
    ['a late estimate', 140_000, 115_000, 'sooner'],
    ['a short job', 30_000, 33_000, 'sooner'],
    ['a long job', 600_000, 643_000, 'sooner'],
  ] as const;
  const fixedSeenAfter = (actual: number) => Math.ceil(actual / I) * I - actual;

  for (const [name, estimate, actual, seen] of CASES) {
    it(`${name}: never more GETs than fixed polling at any moment, and the finish seen ${seen} than fixed polling sees it`, () => {
      const polls = simulate(T0 + estimate, T0 + actual);
      polls.forEach((t, k) =>
        assert.ok(k + 1 <= fixedBy(t), `poll ${k + 1} at ${(t - T0) / 1000} s is within the budget`),
      );
      assert.ok(polls.length <= fixedBy(polls.at(-1)!), 'no more GETs in all');
      const seenAfter = polls.at(-1)! - (T0 + actual);
      // The gain, not only "no worse": a planner that polled at the fixed interval fails here.
      assert.ok(
        seen === 'sooner' ? seenAfter < fixedSeenAfter(actual) : seenAfter <= fixedSeenAfter(actual),
        `seen ${seenAfter} ms after the finish; fixed polling: ${fixedSeenAfter(actual)} ms`,
      );
    });
  }

  it('polls no more often than the interval far from the estimate, and close together near it', () => {
    const polls = simulate(T0 + 120_000, T0 + 120_000);
    const gaps = polls.slice(1).map((t, k) => t - polls[k]);
    const far = gaps.filter((_, k) => polls[k] < T0 + 100_000);
    assert.ok(
      far.every((g) => g >= I),
      `far gaps: ${far.join(', ')}`,
    );
    const near = gaps.filter((_, k) => polls[k] >= T0 + 105_000);
    assert.ok(
      near.some((g) => g < I / 2),
      `near gaps: ${near.join(', ')}`,
    );
  });

  it('backs off after the estimate has passed, up to the interval', () => {
    const polls = simulate(T0 + 60_000, T0 + 200_000);
    const gaps = polls.slice(1).map((t, k) => t - polls[k]);
    const late = gaps.filter((_, k) => polls[k] > T0 + 100_000);
    assert.ok(late.length > 3);
    assert.ok(
      late.every((g) => g <= I),
      'never slower than the interval once overdue',
    );
    assert.equal(late.at(-1), I, 'back to the interval');
  });
});
