// The job state machine (src/jobs/reducer.ts), exhaustively and synchronously: every phase meets
// every input, and only the pairs the design names move; a job is a new value when it moves and
// the very same one when it does not. No VS Code, no network, no clock.
import assert from 'node:assert/strict';
import { SeedanceApiError, type VideoRequest, type VideoTask, parseTask } from '../../src/api';
import type { Job, JobPhase, NewJob, RenderingJob } from '../../src/jobs/job';
import { PHASES } from '../../src/jobs/phases';
import { type Effect, type JobInput, MAX_LINK_MISSES, type Step, born, reduce } from '../../src/jobs/reducer';

const NOW = 1_800_000_000_000;
const URL_ = 'https://cdn.example/v.mp4?sig=1';
const CORE = {
  id: 'task_1',
  prompt: 'a fox',
  model: 'doubao-seedance-2-0',
  seconds: 5,
  size: '16:9',
  resolution: '720p',
  submittedAt: NOW - 60_000,
  pollingSince: NOW - 60_000,
  task: { state: 'queued', status: 'queued', known: true, progress: 0 },
} as const;

function rendering(patch: Partial<RenderingJob> = {}): RenderingJob {
  return { ...CORE, phase: 'rendering', ...patch };
}

/** The request a waiting (or newly planned) job keeps. */
const REQUEST: VideoRequest = {
  prompt: 'a fox',
  model: 'doubao-seedance-2-0',
  seconds: 5,
  size: '16:9',
  resolution: '720p',
  images: [],
};

/** One job of every phase, as the store would hold it. */
const SAMPLE: Record<JobPhase, Job> = {
  waiting: {
    ...CORE,
    phase: 'waiting',
    request: REQUEST,
  },
  rendering: rendering({ pollingSince: NOW - 31 * 60_000 }),
  downloading: { ...CORE, phase: 'downloading', downloadProgress: 40, finishedAt: NOW - 1_000 },
  done: { ...CORE, phase: 'done', videoPath: '/w/videos/a.mp4', videoBytes: 9, finishedAt: NOW, seen: false },
  failed: { ...CORE, phase: 'failed', failure: { code: 'provider', status: 'failed' }, finishedAt: NOW },
  'download-failed': {
    ...CORE,
    phase: 'download-failed',
    failure: { code: 'download', problem: { kind: 'download-rejected', detail: 'refused (403)' } },
    finishedAt: NOW - 1_000,
  },
  lost: { ...CORE, phase: 'lost', failure: { code: 'lost' } },
  'timed-out': { ...CORE, phase: 'timed-out', failure: { code: 'timed-out', minutes: 30 } },
};

function report(body: Record<string, unknown>): VideoTask {
  const parsed = parseTask({ id: 'task_1', ...body });
  assert.ok('task' in parsed);
  return parsed.task;
}

const INPUTS: Record<JobInput['type'], JobInput> = {
  polled: { type: 'polled', task: report({ status: 'completed', video_url: URL_ }), now: NOW },
  'poll-failed': { type: 'poll-failed', error: new SeedanceApiError('task-not-found', 'gone') },
  deadline: { type: 'deadline', now: NOW, deadlineMs: 30 * 60_000 },
  resume: { type: 'resume', now: NOW },
  restored: { type: 'restored' },
  'download-progress': { type: 'download-progress', percent: 80 },
  downloaded: { type: 'downloaded', path: '/w/videos/b.mp4', bytes: 123, now: NOW },
  'download-failed': { type: 'download-failed', problem: { kind: 'network', detail: 'reset' }, cancelled: false },
  seen: { type: 'seen' },
  sent: { type: 'sent', task: report({ id: 'task_9', status: 'queued', created_at: NOW / 1000 }), now: NOW },
  'send-failed': {
    type: 'send-failed',
    problem: { kind: 'invalid-request', detail: 'refused (400)' },
    maybeStarted: false,
    now: NOW,
  },
};

/** The only pairs that move a job, and the phase each leads to. */
const MOVES: Partial<Record<JobInput['type'], Partial<Record<JobPhase, JobPhase>>>> = {
  polled: { rendering: 'downloading' },
  'poll-failed': { rendering: 'lost' },
  deadline: { rendering: 'timed-out' },
  resume: { 'download-failed': 'rendering', lost: 'rendering', 'timed-out': 'rendering' },
  restored: { downloading: 'rendering' },
  'download-progress': { downloading: 'downloading' },
  downloaded: { downloading: 'done' },
  'download-failed': { downloading: 'download-failed' },
  seen: { done: 'done' },
  sent: { waiting: 'rendering' },
  'send-failed': { waiting: 'failed' },
};

const kinds = (s: Step) => s.effects.map((e) => e.kind);
const phases = Object.keys(SAMPLE) as JobPhase[];

describe('the job state machine', () => {
  describe('every phase meets every input', () => {
    for (const phase of phases) {
      for (const [type, input] of Object.entries(INPUTS) as [JobInput['type'], JobInput][]) {
        const to = MOVES[type]?.[phase];
        it(`${phase} + ${type} → ${to ?? 'unchanged'}`, () => {
          const before = SAMPLE[phase];
          const frozen = structuredClone(before);
          const step = reduce(before, input);
          assert.deepEqual(before, frozen, 'the job it was given is never changed (immutable)');
          if (!to) {
            assert.equal(step.job, before, 'the very same value: nothing to store, no row to redraw');
            assert.deepEqual(step.effects, []);
            return;
          }
          assert.notEqual(step.job, before);
          assert.equal(step.job.phase, to);
          // No field of the old phase lingers in the new one.
          if (to !== phase) {
            const own = (j: Job) => Object.keys(j).filter((k) => !(k in CORE) && k !== 'phase' && k !== 'origin');
            for (const key of own(step.job))
              assert.ok(
                key in SAMPLE[to] || key === 'linkMisses' || key === 'lastError' || key === 'taskId',
                `${key} belongs to ${to}`,
              );
          }
        });
      }
    }

    it('Resume is offered exactly where it moves a job (phases.ts)', () => {
      for (const phase of phases) {
        const primary = PHASES[phase].primary;
        const moves = reduce(SAMPLE[phase], INPUTS.resume).job !== SAMPLE[phase];
        assert.equal(moves, primary === 'resume' || primary === 'retryDownload', phase);
      }
    });
  });

  describe('a job that waited its turn', () => {
    it('once sent, is polled under the provider’s task id, kept under its own key; its request is not kept', () => {
      const step = reduce(SAMPLE.waiting, INPUTS.sent);
      assert.equal(step.job.phase, 'rendering');
      assert.equal(step.job.id, SAMPLE.waiting.id, 'the row keeps its key');
      assert.equal(step.job.taskId, 'task_9');
      assert.equal(step.job.submittedAt, NOW);
      assert.equal('request' in step.job, false);
      assert.deepEqual(kinds(step), ['sent']);
    });

    it('a send without a definite answer ends it saying a job may exist; a refusal, that nothing was sent', () => {
      const maybe = reduce(SAMPLE.waiting, { ...INPUTS['send-failed'], maybeStarted: true } as JobInput).job;
      assert.deepEqual(maybe.phase === 'failed' && maybe.failure, {
        code: 'send',
        problem: { kind: 'invalid-request', detail: 'refused (400)' },
        maybeStarted: true,
      });
    });
  });

  describe('a fresh task report', () => {
    it('queued → running: progress kept, no effect but the status change', () => {
      const s = reduce(rendering(), {
        type: 'polled',
        task: report({ status: 'in_progress', progress: 45 }),
        now: NOW,
      });
      assert.equal(s.job.phase, 'rendering');
      assert.deepEqual(s.job.task, { state: 'running', status: 'in_progress', known: true, progress: 45 });
      assert.deepEqual(s.effects, [{ kind: 'status-changed', from: 'queued', to: 'in_progress' }]);
    });

    it('the same word again: no effect at all', () => {
      const j = rendering({ task: { state: 'running', status: 'in_progress', known: true, progress: 40 } });
      const s = reduce(j, { type: 'polled', task: report({ status: 'in_progress', progress: 50 }), now: NOW });
      assert.deepEqual(s.effects, []);
      assert.equal(s.job.task.progress, 50);
    });

    it('clears a passing error and a link-miss count once the provider answers normally', () => {
      const j = rendering({ lastError: { kind: 'server', detail: '503' }, linkMisses: 1 });
      const s = reduce(j, { type: 'polled', task: report({ status: 'running' }), now: NOW });
      assert.ok(s.job.phase === 'rendering');
      assert.equal(s.job.lastError, undefined);
      assert.equal(s.job.linkMisses, undefined);
    });

    for (const [dialect, word] of [
      ['current', 'completed'],
      ['legacy', 'SUCCESS'],
      ['other', 'succeeded'],
    ] as const) {
      it(`finished with a link (${dialect}: "${word}") → downloading, and a download effect with the link`, () => {
        const s = reduce(rendering(), {
          type: 'polled',
          task: report({ status: word, progress: 100, video_url: URL_ }),
          now: NOW,
        });
        assert.ok(s.job.phase === 'downloading');
        assert.equal(s.job.downloadProgress, 0);
        assert.deepEqual(s.effects.at(-1), { kind: 'download', videoUrl: URL_, finishedAt: NOW });
      });
    }

    it('the finish time is the provider’s completed_at, clamped: never before submission, never ahead of now', () => {
      const at = (completedAt: number) =>
        reduce(rendering(), {
          type: 'polled',
          task: report({ status: 'completed', video_url: URL_, completed_at: completedAt / 1000 }),
          now: NOW,
        }).effects.at(-1) as Extract<Effect, { kind: 'download' }>;
      assert.equal(at(NOW - 10_000).finishedAt, NOW - 10_000, 'as the provider says');
      assert.equal(at(NOW - 3_600_000).finishedAt, CORE.submittedAt, 'before it was submitted: the submission');
      assert.equal(at(NOW + 3_600_000).finishedAt, NOW, 'in the future: now');
    });

    it('never stops on completed_at while the status says it is still rendering', () => {
      const s = reduce(rendering(), {
        type: 'polled',
        task: report({ status: 'in_progress', progress: 20, completed_at: NOW / 1000 }),
        now: NOW,
      });
      assert.equal(s.job.phase, 'rendering');
      assert.ok(!kinds(s).includes('download'));
    });

    it('finished without a link: polled again, then fetched from the API (/content) instead of failing', () => {
      let j: Job = rendering();
      for (let n = 1; n < MAX_LINK_MISSES; n++) {
        const s = reduce(j, { type: 'polled', task: report({ status: 'completed', progress: 100 }), now: NOW });
        assert.equal(s.job.phase, 'rendering', `answer ${n}: still waiting`);
        assert.deepEqual(s.effects.at(-1), { kind: 'link-missing', misses: n });
        j = s.job;
      }
      const last = reduce(j, { type: 'polled', task: report({ status: 'completed', progress: 100 }), now: NOW });
      assert.equal(last.job.phase, 'downloading', 'never failed: the video is one request away');
      assert.deepEqual(last.effects.at(-1), { kind: 'download', finishedAt: NOW });
    });

    it('a link in fail_reason on success is the link, not a failure', () => {
      const s = reduce(rendering(), {
        type: 'polled',
        task: report({ status: 'completed', progress: 100, fail_reason: URL_ }),
        now: NOW,
      });
      assert.equal(s.job.phase, 'downloading');
      assert.deepEqual(s.effects.at(-1), { kind: 'download', videoUrl: URL_, finishedAt: NOW });
    });

    it('a moderated task is stored as a code: which input, the provider’s code and text, the request id apart', () => {
      const s = reduce(rendering(), {
        type: 'polled',
        task: report({
          status: 'failed',
          error: {
            code: 'InputTextSensitiveContentDetected',
            message: 'The input text may be sensitive. (request id: abc123)',
          },
        }),
        now: NOW,
      });
      assert.ok(s.job.phase === 'failed');
      assert.deepEqual(s.job.failure, {
        code: 'provider',
        status: 'failed',
        said: 'The input text may be sensitive.',
        providerCode: 'InputTextSensitiveContentDetected',
        moderated: 'prompt',
        requestId: 'abc123',
      });
      assert.deepEqual(kinds(s).at(-1), 'failed');
    });

    for (const word of ['failed', 'FAILED', 'error', 'ERROR', 'failure', 'cancelled', 'expired']) {
      it(`"${word}" → failed, with the provider's text, or only its word when it gave none (no sentence stored)`, () => {
        const withReason = reduce(rendering(), {
          type: 'polled',
          task: report({ status: word, error: { message: 'moderation' } }),
          now: NOW,
        }).job;
        assert.ok(withReason.phase === 'failed');
        assert.deepEqual(withReason.failure, { code: 'provider', status: word, said: 'moderation' });
        const bare = reduce(rendering(), { type: 'polled', task: report({ status: word }), now: NOW }).job;
        assert.ok(bare.phase === 'failed');
        assert.deepEqual(bare.failure, { code: 'provider', status: word });
      });
    }

    it('an unknown word: still rendering, reported once as it came', () => {
      const first = reduce(rendering(), {
        type: 'polled',
        task: report({ status: 'warming_up', progress: 5 }),
        now: NOW,
      });
      assert.equal(first.job.phase, 'rendering');
      assert.deepEqual(first.job.task, { state: 'running', status: 'warming_up', known: false, progress: 5 });
      assert.deepEqual(kinds(first), ['status-changed', 'unknown-status']);
      const again = reduce(first.job, {
        type: 'polled',
        task: report({ status: 'warming_up', progress: 9 }),
        now: NOW,
      });
      assert.deepEqual(again.effects, [], 'not reported a second time');
    });
  });

  describe('poll errors, the deadline, resume and the download', () => {
    it('anything but task_not_exist is kept as the last error (kind and words), the job still rendering', () => {
      const s = reduce(rendering(), {
        type: 'poll-failed',
        error: new SeedanceApiError('permission', 'Access denied (403)'),
      });
      assert.ok(s.job.phase === 'rendering');
      assert.deepEqual(s.job.lastError, { kind: 'permission', detail: 'Access denied (403)' });
      assert.deepEqual(s.effects, []);
    });

    it('task_not_exist → lost', () => {
      const s = reduce(rendering(), INPUTS['poll-failed']);
      assert.deepEqual(s.job, { ...CORE, phase: 'lost', failure: { code: 'lost' } });
      assert.deepEqual(kinds(s), ['lost']);
    });

    it('times out a job polled longer than the deadline, stored as minutes (not a sentence)', () => {
      const s = reduce(SAMPLE.rendering, INPUTS.deadline);
      assert.ok(s.job.phase === 'timed-out');
      assert.deepEqual(s.job.failure, { code: 'timed-out', minutes: 30 });
      assert.deepEqual(s.effects, [{ kind: 'timed-out', minutes: 30 }]);
      assert.equal(reduce(rendering({ pollingSince: NOW - 60_000 }), INPUTS.deadline).job.phase, 'rendering');
    });

    it('the deadline itself: polled exactly that long is still waited for, one millisecond more is timed out', () => {
      const at = (since: number) =>
        reduce(rendering({ pollingSince: since }), { type: 'deadline', now: NOW, deadlineMs: 60_000 }).job.phase;
      assert.equal(at(NOW - 60_000), 'rendering');
      assert.equal(at(NOW - 60_001), 'timed-out');
    });

    it('Resume: rendering again with a fresh deadline, the failure gone', () => {
      const s = reduce(SAMPLE['timed-out'], INPUTS.resume);
      assert.deepEqual(s.job, { ...CORE, phase: 'rendering', pollingSince: NOW });
    });

    it('a download that ends well: done, unseen, with its file', () => {
      const s = reduce(SAMPLE.downloading, INPUTS.downloaded);
      assert.deepEqual(s.job, {
        ...CORE,
        phase: 'done',
        videoPath: '/w/videos/b.mp4',
        videoBytes: 123,
        finishedAt: NOW,
        seen: false,
      });
      assert.deepEqual(kinds(s), ['finished']);
    });

    it('a download that fails: download-failed, the problem kept as kind and words, said unless cancelled', () => {
      const s = reduce(SAMPLE.downloading, INPUTS['download-failed']);
      assert.ok(s.job.phase === 'download-failed');
      assert.deepEqual(s.job.failure, { code: 'download', problem: { kind: 'network', detail: 'reset' } });
      // When the provider finished it is kept: the time it took and the row's age still read from it.
      assert.equal(s.job.finishedAt, SAMPLE.downloading.phase === 'downloading' && SAMPLE.downloading.finishedAt);
      assert.deepEqual(s.effects, [{ kind: 'download-failed', cancelled: false }]);
      const quiet = reduce(SAMPLE.downloading, { ...INPUTS['download-failed'], cancelled: true } as JobInput);
      assert.deepEqual(quiet.effects, [{ kind: 'download-failed', cancelled: true }]);
    });

    it('the same download percent again is no change (no save, no redraw)', () => {
      assert.equal(reduce(SAMPLE.downloading, { type: 'download-progress', percent: 40 }).job, SAMPLE.downloading);
    });

    it('seen once: a second time is no change', () => {
      const seen = reduce(SAMPLE.done, INPUTS.seen).job;
      assert.ok(seen.phase === 'done' && seen.seen);
      assert.equal(reduce(seen, INPUTS.seen).job, seen);
    });
  });
});

describe('a job’s first value (born)', () => {
  const planned: NewJob = {
    request: REQUEST,
    cost: { usd: 0.4, source: 'provider' },
    origin: { file: 'file:///w/s.md', index: 0, heading: 'Shot 1' },
  };

  it('sent: what was asked, the provider’s report, and its task id kept apart when the key was taken', () => {
    const task = report({ status: 'queued', created_at: (NOW - 5_000) / 1000 });
    const own = born({ type: 'sent', id: 'task_1', planned, task, sentAt: NOW - 9_000, now: NOW });
    assert.equal(own.phase, 'rendering');
    assert.equal('taskId' in own, false);
    assert.deepEqual([own.prompt, own.seconds, own.cost, own.origin], ['a fox', 5, planned.cost, planned.origin]);
    assert.equal(own.submittedAt, NOW - 5_000, 'the provider’s time when it gave one');
    assert.equal(own.pollingSince, NOW);
    const second = born({ type: 'sent', id: 'task_1~2', planned, task, sentAt: NOW, now: NOW });
    assert.equal(second.id, 'task_1~2');
    assert.equal((second as { taskId?: string }).taskId, 'task_1');
  });

  it('queued: waiting, the request kept exactly as checked, nothing sent yet', () => {
    const job = born({ type: 'queued', id: 'waiting-1', planned, now: NOW });
    assert.equal(job.phase, 'waiting');
    assert.equal(job.phase === 'waiting' && job.request, planned.request);
    assert.deepEqual(job.task, { state: 'queued', status: '', known: true, progress: 0 });
  });

  it('tracked: followed by its id, its word compared afresh on the first poll', () => {
    const job = born({
      type: 'tracked',
      task: report({ status: 'in_progress', model: 'doubao-seedance-1-5-pro' }),
      now: NOW,
    });
    assert.deepEqual(
      [job.id, job.tracked, job.model, job.task.status],
      ['task_1', true, 'doubao-seedance-1-5-pro', ''],
    );
    const step = reduce(job, { type: 'polled', task: report({ status: 'in_progress' }), now: NOW + 1 });
    assert.ok(step.effects.some((e) => e.kind === 'status-changed'));
  });
});
