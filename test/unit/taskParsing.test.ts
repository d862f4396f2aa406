// The edge where the provider's words come in: every status word and field shape listed in
// ../shared/api-contract.md ("Two dialects"), read into one meaning.
import assert from 'node:assert/strict';
import { type TaskState, type VideoTask, parseTask, readStatus } from '../../src/api';

function task(body: unknown): VideoTask {
  const parsed = parseTask(body);
  assert.ok('task' in parsed, `unreadable: ${JSON.stringify(parsed)}`);
  return parsed.task;
}

describe('reading a task', () => {
  describe('status words, case-insensitive', () => {
    const words: Record<TaskState, string[]> = {
      // older revision · current revision · other shapes seen on the route family
      queued: ['SUBMITTED', 'queued', 'submitted', 'pending', 'not_start', 'NOT_START', 'Queued'],
      running: ['IN_PROGRESS', 'in_progress', 'processing', 'running', 'RUNNING', 'In Progress'],
      succeeded: ['SUCCESS', 'completed', 'success', 'succeeded', 'COMPLETED'],
      failed: ['FAILED', 'ERROR', 'failed', 'error', 'failure', 'cancelled', 'canceled', 'expired', 'EXPIRED'],
    };
    for (const [state, list] of Object.entries(words)) {
      for (const word of list) {
        it(`"${word}" means ${state}`, () => {
          assert.deepEqual(readStatus(word), { state, known: true });
          const t = task({ id: 'task_1', status: word });
          assert.equal(t.state, state);
          assert.equal(t.rawStatus, word, 'the word is kept as it came');
          assert.equal(t.knownStatus, true);
        });
      }
    }

    it('an unknown word keeps the job running, and is marked unknown', () => {
      const t = task({ id: 'task_1', status: 'rendering_on_gpu_7' });
      assert.equal(t.state, 'running');
      assert.equal(t.knownStatus, false);
      assert.equal(t.rawStatus, 'rendering_on_gpu_7');
    });

    it('a word that names a property of every object ("constructor", "__proto__", "toString") is unknown too', () => {
      for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        assert.deepEqual(readStatus(word), { state: 'running', known: false }, word);
        const t = task({ id: 'task_1', status: word });
        assert.equal(t.knownStatus, false, word);
        assert.equal(t.rawStatus, word);
      }
    });

    it('a missing status is unreadable', () => {
      assert.ok('problem' in parseTask({ id: 'task_1' }));
    });
  });

  describe('progress', () => {
    for (const [given, expected] of [
      [45, 45],
      ['50%', 50],
      ['73', 73],
      [' 12% ', 12],
      [130, 100],
      [-3, 0],
      [45.6, 46],
      ['soon', 0],
      [null, 0],
    ] as const) {
      it(`${JSON.stringify(given)} reads as ${expected}`, () => {
        assert.equal(task({ id: 't', status: 'in_progress', progress: given }).progress, expected);
      });
    }
  });

  describe('timestamps', () => {
    it('reads Unix seconds as milliseconds', () => {
      assert.equal(task({ id: 't', status: 'queued', created_at: 1776681149 }).createdAt, 1776681149000);
    });
    it('reads a value above 10^12 as milliseconds already', () => {
      assert.equal(task({ id: 't', status: 'queued', created_at: 1776681149123 }).createdAt, 1776681149123);
    });
    it('reads null, 0 and garbage as absent', () => {
      for (const v of [null, 0, 'later', -5])
        assert.equal(task({ id: 't', status: 'queued', completed_at: v }).completedAt, undefined);
    });
    it('keeps completed_at of a task still rendering, without taking it for the end', () => {
      const t = task({ id: 't', status: 'in_progress', progress: 30, completed_at: 1776681200 });
      assert.equal(t.completedAt, 1776681200000);
      assert.equal(t.state, 'running');
    });
  });

  describe('the video link, from every documented place', () => {
    const url = 'https://cdn.example/v.mp4?sig=abc';
    for (const [where, body] of [
      ['video_url', { video_url: url }],
      ['metadata.url', { metadata: { url } }],
      ['content.video_url', { content: { video_url: url } }],
      ['result.video_url', { result: { video_url: url } }],
      ['output.video_url', { output: { video_url: url } }],
    ] as const) {
      it(`reads ${where}`, () => {
        assert.equal(task({ id: 't', status: 'completed', ...body }).videoUrl, url);
      });
    }
    it('prefers the top-level video_url', () => {
      assert.equal(
        task({ id: 't', status: 'completed', video_url: url, metadata: { url: 'https://other/x.mp4' } }).videoUrl,
        url,
      );
    });
    it('has none on a success that carries no link yet', () => {
      const t = task({ id: 't', status: 'completed', progress: 100 });
      assert.equal(t.state, 'succeeded');
      assert.equal(t.videoUrl, undefined);
    });
  });

  describe('the failure reason', () => {
    it('reads error.message first', () => {
      assert.equal(
        task({ id: 't', status: 'failed', error: { message: 'blocked by moderation' }, fail_reason: 'other' })
          .failureReason,
        'blocked by moderation',
      );
    });
    it('then a plain error string', () => {
      assert.equal(task({ id: 't', status: 'failed', error: 'quota' }).failureReason, 'quota');
    });
    it('then fail_reason', () => {
      assert.equal(task({ id: 't', status: 'FAILED', fail_reason: 'content safety' }).failureReason, 'content safety');
    });
    it('else nothing (the job shows the status itself)', () => {
      assert.equal(task({ id: 't', status: 'expired' }).failureReason, undefined);
    });
  });

  describe('ids and wrappers', () => {
    it('takes task_id when id is missing', () => {
      assert.equal(task({ task_id: 'task_9', status: 'queued' }).id, 'task_9');
    });
    it('unwraps a gateway `data` envelope', () => {
      assert.equal(task({ data: { id: 'task_8', status: 'queued' } }).id, 'task_8');
    });
    it('keeps an echoed model that differs from the one sent', () => {
      assert.equal(
        task({ id: 't', status: 'queued', model: 'doubao-seedance-2-0-260128' }).model,
        'doubao-seedance-2-0-260128',
      );
    });
  });

  describe("the provider's documented examples", () => {
    it('older revision: the create answer', () => {
      const t = task({
        id: 'task_abc123',
        task_id: 'task_abc123',
        object: 'video',
        model: 'doubao-seedance-2-0-fast',
        status: 'SUBMITTED',
        progress: 0,
        created_at: 1776681149,
      });
      assert.deepEqual([t.id, t.state, t.progress, t.createdAt], ['task_abc123', 'queued', 0, 1776681149000]);
    });
    it('older revision: a query while rendering', () => {
      const t = task({
        id: 'task_abc123',
        model: 'doubao-seedance-2-0-fast',
        object: 'video',
        status: 'IN_PROGRESS',
        progress: 45,
        created_at: 1776567610,
        completed_at: null,
      });
      assert.deepEqual([t.state, t.progress, t.completedAt], ['running', 45, undefined]);
    });
  });
});
