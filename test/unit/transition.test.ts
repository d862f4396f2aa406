// The job state machine, exhaustively and synchronously: a job and what just happened in, the
// next state and the events out. No VS Code, no network, no clock.
import assert from 'node:assert/strict';
import { SeedanceApiError, type VideoTask, parseTask } from '../../src/api';
import type { Job, JobPhase } from '../../src/jobs/job';
import {
  MAX_LINK_MISSES,
  type Transition,
  onDeadline,
  onDownloadFailed,
  onDownloaded,
  onPollError,
  onRestore,
  onResume,
  onTask,
} from '../../src/jobs/transition';

const NOW = 1_800_000_000_000;
const URL_ = 'https://cdn.example/v.mp4?sig=1';

function job(patch: Partial<Job> = {}): Job {
  return {
    id: 'task_1',
    prompt: 'a fox',
    model: 'doubao-seedance-2-0',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    submittedAt: NOW - 60_000,
    pollingSince: NOW - 60_000,
    phase: 'rendering',
    task: { state: 'queued', status: 'queued', known: true, progress: 0 },
    ...patch,
  };
}

function report(body: Record<string, unknown>): VideoTask {
  const parsed = parseTask({ id: 'task_1', ...body });
  assert.ok('task' in parsed);
  return parsed.task;
}

const kinds = (t: Transition) => t.events.map((e) => e.kind);
const ALL_PHASES: JobPhase[] = ['rendering', 'downloading', 'done', 'failed', 'download-failed', 'lost', 'timed-out'];

describe('the job state machine', () => {
  describe('a fresh task report', () => {
    it('queued → running: progress kept, no event but the status change', () => {
      const t = onTask(job(), report({ status: 'in_progress', progress: 45 }), NOW);
      assert.deepEqual(t.patch.task, { state: 'running', status: 'in_progress', known: true, progress: 45 });
      assert.equal(t.patch.phase, undefined, 'still rendering');
      assert.deepEqual(t.events, [{ kind: 'status-changed', from: 'queued', to: 'in_progress' }]);
    });

    it('the same word again: no event at all', () => {
      const t = onTask(
        job({ task: { state: 'running', status: 'in_progress', known: true, progress: 40 } }),
        report({ status: 'in_progress', progress: 50 }),
        NOW,
      );
      assert.deepEqual(t.events, []);
      assert.equal(t.patch.task?.progress, 50);
    });

    it('clears a passing error and a link-miss count once the provider answers normally', () => {
      const t = onTask(job({ lastError: '503', linkMisses: 1 }), report({ status: 'running' }), NOW);
      assert.equal(t.patch.lastError, undefined);
      assert.ok('lastError' in t.patch && 'linkMisses' in t.patch);
    });

    for (const [dialect, word] of [
      ['current', 'completed'],
      ['legacy', 'SUCCESS'],
      ['other', 'succeeded'],
    ] as const) {
      it(`finished with a link (${dialect}: "${word}") → downloading, and a download event with the link`, () => {
        const t = onTask(job(), report({ status: word, progress: 100, video_url: URL_ }), NOW);
        assert.equal(t.patch.phase, 'downloading');
        assert.equal(t.patch.downloadProgress, 0);
        assert.deepEqual(t.events.at(-1), { kind: 'download', videoUrl: URL_, finishedAt: NOW });
      });
    }

    it('never stops on completed_at while the status says it is still rendering', () => {
      const t = onTask(job(), report({ status: 'in_progress', progress: 20, completed_at: NOW / 1000 }), NOW);
      assert.equal(t.patch.phase, undefined);
      assert.ok(!kinds(t).includes('download'));
    });

    it('finished without a link: polled again, then fetched from the API (/content) instead of failing', () => {
      let j = job();
      for (let n = 1; n < MAX_LINK_MISSES; n++) {
        const t = onTask(j, report({ status: 'completed', progress: 100 }), NOW);
        assert.equal(t.patch.phase, undefined, `answer ${n}: still waiting`);
        assert.deepEqual(t.events.at(-1), { kind: 'link-missing', misses: n });
        j = { ...j, ...t.patch };
      }
      const last = onTask(j, report({ status: 'completed', progress: 100 }), NOW);
      assert.equal(last.patch.phase, 'downloading');
      assert.equal(last.patch.failure, undefined, 'never failed: the video is one request away');
      assert.deepEqual(last.events.at(-1), { kind: 'download', finishedAt: NOW });
    });

    it('a link in fail_reason on success is the link, not a failure', () => {
      const url = 'https://cdn.example/v.mp4?sig=1';
      const t = onTask(job(), report({ status: 'completed', progress: 100, fail_reason: url }), NOW);
      assert.equal(t.patch.phase, 'downloading');
      assert.deepEqual(t.events.at(-1), { kind: 'download', videoUrl: url, finishedAt: NOW });
    });

    it('a moderated task keeps which input was refused, its code and request id, out of the reason', () => {
      const t = onTask(
        job(),
        report({
          status: 'failed',
          error: {
            code: 'InputTextSensitiveContentDetected',
            message: 'The input text may be sensitive. (request id: abc123)',
          },
        }),
        NOW,
      );
      assert.equal(t.patch.phase, 'failed');
      assert.equal(t.patch.moderated, 'prompt');
      assert.equal(t.patch.failureCode, 'InputTextSensitiveContentDetected');
      assert.equal(t.patch.requestId, 'abc123');
      assert.equal(t.patch.failure, 'The input text may be sensitive.');
    });

    for (const word of ['failed', 'FAILED', 'error', 'ERROR', 'failure', 'cancelled', 'expired']) {
      it(`"${word}" → failed, with the provider's reason, or its word when it gave none`, () => {
        const withReason = onTask(job(), report({ status: word, error: { message: 'moderation' } }), NOW);
        assert.equal(withReason.patch.phase, 'failed');
        assert.equal(withReason.patch.failure, 'moderation');
        const bare = onTask(job(), report({ status: word }), NOW);
        assert.equal(bare.patch.failure, `The provider ended the task as "${word}"`);
        assert.deepEqual(bare.events.at(-1), { kind: 'failed', reason: bare.patch.failure });
      });
    }

    it('an unknown word: still rendering, reported once as it came', () => {
      const first = onTask(job(), report({ status: 'warming_up', progress: 5 }), NOW);
      assert.equal(first.patch.phase, undefined);
      assert.deepEqual(first.patch.task, { state: 'running', status: 'warming_up', known: false, progress: 5 });
      assert.deepEqual(kinds(first), ['status-changed', 'unknown-status']);
      const again = onTask({ ...job(), ...first.patch }, report({ status: 'warming_up', progress: 9 }), NOW);
      assert.deepEqual(again.events, [], 'not reported a second time');
    });

    for (const phase of ALL_PHASES.filter((p) => p !== 'rendering')) {
      it(`leaves a ${phase} job alone`, () => {
        const t = onTask(job({ phase }), report({ status: 'completed', video_url: URL_ }), NOW);
        assert.deepEqual(t, { patch: {}, events: [] });
      });
    }
  });

  describe('poll errors', () => {
    it('task_not_exist → lost', () => {
      const t = onPollError(job(), new SeedanceApiError('task-not-found', 'gone'));
      assert.equal(t.patch.phase, 'lost');
      assert.deepEqual(kinds(t), ['lost']);
    });
    it('anything else is kept as the last error, the job still rendering', () => {
      const t = onPollError(job(), new SeedanceApiError('permission', 'Access denied (403)'));
      assert.deepEqual(t.patch, { lastError: 'Access denied (403)' });
    });
  });

  describe('the deadline', () => {
    it('times out a job polled longer than the deadline', () => {
      const t = onDeadline(job({ pollingSince: NOW - 31 * 60_000 }), NOW, 30 * 60_000);
      assert.equal(t.patch.phase, 'timed-out');
      assert.equal(t.patch.failure, 'Not finished after 30 min');
      assert.deepEqual(t.events, [{ kind: 'timed-out', minutes: 30 }]);
    });
    it('leaves one within it alone, and anything not rendering', () => {
      assert.deepEqual(onDeadline(job({ pollingSince: NOW - 60_000 }), NOW, 30 * 60_000).patch, {});
      assert.deepEqual(onDeadline(job({ phase: 'downloading', pollingSince: 0 }), NOW, 1).patch, {});
    });
  });

  describe('resume, restore and the download', () => {
    for (const phase of ['timed-out', 'lost', 'download-failed', 'failed'] as const) {
      it(`Resume turns a ${phase} job back to rendering with a fresh deadline`, () => {
        const t = onResume(job({ phase, failure: 'x' }), NOW);
        assert.equal(t.patch.phase, 'rendering');
        assert.equal(t.patch.pollingSince, NOW);
        assert.ok('failure' in t.patch && t.patch.failure === undefined);
      });
    }
    it('Resume leaves a running job alone', () => {
      assert.deepEqual(onResume(job(), NOW).patch, {});
      assert.deepEqual(onResume(job({ phase: 'downloading' }), NOW).patch, {});
    });
    it('a reload turns an interrupted download back to rendering (a fresh link is fetched)', () => {
      assert.equal(onRestore(job({ phase: 'downloading' })).patch.phase, 'rendering');
      assert.deepEqual(onRestore(job({ phase: 'done' })).patch, {});
    });
    it('a download that ends well: done, unseen, with its file', () => {
      const t = onDownloaded(job({ phase: 'downloading' }), { path: '/w/videos/a.mp4', bytes: 123 }, NOW);
      assert.deepEqual(
        [t.patch.phase, t.patch.videoPath, t.patch.videoBytes, t.patch.seen, t.patch.finishedAt],
        ['done', '/w/videos/a.mp4', 123, false, NOW],
      );
    });
    it('a download that fails: download-failed, with the reason as the failure', () => {
      const t = onDownloadFailed(job({ phase: 'downloading' }), 'link refused (403)');
      assert.equal(t.patch.phase, 'download-failed');
      assert.equal(t.patch.failure, 'link refused (403)');
    });
  });
});
