// A job is stored as codes and data; its words are made when shown, per audience: the person's
// language in the UI, English in the log and for language models (check_videos), whatever the
// window's language. In an Arabic window the model used to read "جاهز".
import assert from 'node:assert/strict';
import { inEnglish, useTranslator } from '../../src/api';
import type { Job } from '../../src/jobs/job';
import { failureLabel, stateLabel } from '../../src/views/jobLabels';

const CORE = {
  id: 'task_1',
  prompt: 'a fox',
  model: 'doubao-seedance-2-0',
  submittedAt: 0,
  pollingSince: 0,
  task: { state: 'succeeded', status: 'completed', known: true, progress: 100 },
} as const;
const done: Job = { ...CORE, phase: 'done', videoPath: '/w/a.mp4', finishedAt: 1, seen: false };
const moderated: Job = {
  ...CORE,
  phase: 'failed',
  failure: { code: 'provider', status: 'failed', said: 'sensitive', moderated: 'prompt' },
  finishedAt: 1,
};
const timedOut: Job = { ...CORE, phase: 'timed-out', failure: { code: 'timed-out', minutes: 30 } };

describe('a job’s words, per audience', () => {
  beforeEach(() => useTranslator((m) => (m === 'Ready' ? 'جاهز' : `«${m}»`)));
  afterEach(() => useTranslator());

  it('the person reads their language', () => {
    assert.equal(stateLabel(done), 'جاهز');
    assert.match(stateLabel(moderated), /^«Refused by content moderation: the prompt/);
  });

  it('the log and a language model read English, from the same stored codes', () => {
    assert.equal(
      inEnglish(() => stateLabel(done)),
      'Ready',
    );
    assert.equal(
      inEnglish(() => stateLabel(moderated)),
      'Refused by content moderation: the prompt. Edit it and generate again.',
    );
    assert.equal(
      inEnglish(() => stateLabel(timedOut)),
      'Timed out',
    );
    assert.equal(
      inEnglish(() => failureLabel({ code: 'provider', status: 'expired' })),
      'Failed: the provider gave no reason',
    );
    assert.equal(stateLabel(done), 'جاهز', 'and the person’s language is back at once');
  });
});
