// A job is stored as codes and data; its words are made when shown, per audience: the person's
// language in the UI, English in the log and for language models (check_videos), whatever the
// window's language. In an Arabic window the model used to read "جاهز".
import assert from 'node:assert/strict';
import { SeedanceApiError, inEnglish, useTranslator } from '../../src/api';
import { classifyResponse } from '../../src/api/classify';
import { mapArgs, says, t, word } from '../../src/api/i18n';
import { problemOf } from '../../src/jobs/reducer';
import { readStored } from '../../src/jobs/storedJobs';
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

describe('a trouble’s words, stored as data', () => {
  // The window is in "another language": every sentence is marked as translated.
  beforeEach(() => useTranslator((m, ...a) => `«${inEnglish(() => t(m, ...a))}»`));
  afterEach(() => useTranslator());

  const refusedLink = () =>
    classifyResponse({ status: 502, headers: {}, text: '{"error":{"message":"bad gateway"}}' }, 'https://api.test');

  it('a download that failed in an Arabic window is stored with English for agents and its words for the person', () => {
    let err: unknown;
    try {
      refusedLink();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof SeedanceApiError);
    assert.match(err.message, /^«/, 'said to the person in their language at the time');
    const problem = problemOf(err);
    assert.equal(problem.kind, 'server');
    assert.equal(problem.detail, 'The API failed (502): bad gateway', 'English, for the log and an agent');
    const job: Job = { ...CORE, phase: 'download-failed', failure: { code: 'download', problem }, finishedAt: 1 };
    assert.equal(stateLabel(job), '«Download failed: «The API failed (502): bad gateway»»');
    assert.equal(
      inEnglish(() => stateLabel(job)),
      'Download failed: The API failed (502): bad gateway',
    );
    // Stored and read back: the words survive; damaged words are left out, the English stays.
    const [back] = readStored([job]);
    assert.deepEqual(back, job);
    const damaged = readStored([
      { ...job, failure: { code: 'download', problem: { ...problem, words: { says: 5 } } } },
    ]);
    assert.ok(damaged[0].phase === 'download-failed' && damaged[0].failure.code === 'download');
    assert.deepEqual(damaged[0].failure.problem, { kind: 'server', detail: problem.detail });
  });

  it('nested words (what was being done) are worded in the reader’s language too', () => {
    const words = says('{0}: rate limited (429)', says('Downloading the video'));
    assert.equal(word(words), '««Downloading the video»: rate limited (429)»');
    assert.equal(
      inEnglish(() => word(words)),
      'Downloading the video: rate limited (429)',
    );
    assert.deepEqual(
      mapArgs(says('{0} {1}', 'key sk-1', says('{0}', 'sk-1')), (s) => s.replace('sk-1', '[redacted]')),
      says('{0} {1}', 'key [redacted]', says('{0}', '[redacted]')),
    );
  });
});
