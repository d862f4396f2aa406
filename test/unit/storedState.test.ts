// Yesterday's stored state is parsed, never trusted: a damaged or hostile blob of each kind loses
// only what cannot be read (named in one report line), and what is left can be shown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { videoFileName } from '../../src/jobs/fileName';
import { migrateV1, readStored } from '../../src/jobs/storedJobs';
import { readChoices, readDraft, readHistory } from '../../src/jobs/storedState';
import { readSpend } from '../../src/jobs/storedSpend';
import { describeJob, describeSpend, stateLabel } from '../../src/views/jobLabels';
import { fixture } from '../support/paths';

/** A report that keeps its lines. */
function reporter(): { lines: string[]; report: (line: string) => void } {
  const lines: string[] = [];
  return { lines, report: (l) => lines.push(l) };
}

const good = {
  id: 'task_good',
  prompt: 'a heron lifts off',
  model: 'doubao-seedance-2-0',
  seconds: 5,
  size: '16:9',
  resolution: '720p',
  submittedAt: 1_776_000_000_000,
  pollingSince: 1_776_000_000_000,
  phase: 'done',
  task: { state: 'succeeded', status: 'completed', known: true, progress: 100 },
  videoPath: '/work/videos/heron.mp4',
  videoBytes: 22_000,
  finishedAt: 1_776_000_060_000,
  seen: false,
};

describe('stored jobs, damaged', () => {
  it('keeps a good job as it was, and reports nothing', () => {
    const { lines, report } = reporter();
    assert.deepEqual(readStored([good], report), [good]);
    assert.deepEqual(lines, []);
  });

  it('a field of the wrong type is dropped (or defaulted), the job kept, and the drop named', () => {
    const { lines, report } = reporter();
    const [job] = readStored(
      [
        {
          ...good,
          prompt: 42,
          model: { evil: true },
          images: 'not-a-list',
          videoBytes: 'big',
          task: null,
          seen: 'yes',
        },
      ],
      report,
    );
    assert.equal(job.id, 'task_good');
    assert.equal(job.prompt, '', 'a prompt that is not text becomes empty text');
    assert.equal(job.model, 'unknown');
    assert.equal(job.images, undefined);
    assert.ok(job.phase === 'done');
    assert.equal(job.videoBytes, undefined);
    assert.equal(job.seen, false, 'unreadable: not seen yet (the badge counts it)');
    assert.deepEqual(job.task, { state: 'running', status: '', known: true, progress: 0 });
    assert.equal(lines.length, 1, 'one line for the whole blob');
    for (const field of ['prompt', 'model', 'images', 'videoBytes', 'task', 'seen'])
      assert.match(lines[0], new RegExp(`${field} of job task_good`));
    // What is left can be shown and named: no "toFixed is not a function", no crash in a label.
    assert.match(videoFileName(job), /\.mp4$/);
    assert.equal(stateLabel(job), 'Ready');
    assert.match(describeJob(job, job.finishedAt), /^Ready/);
  });

  it('drops entries with no id or no known phase, and a second entry with the same id', () => {
    const { lines, report } = reporter();
    const jobs = readStored(
      [good, null, 'text', { ...good, id: '' }, { ...good, id: 'x', phase: 'exploded' }, good],
      report,
    );
    assert.deepEqual(
      jobs.map((j) => j.id),
      ['task_good'],
    );
    assert.match(
      lines[0],
      /entry #2 \(no id\).*entry #3 \(no id\).*entry #4 \(no id\).*job x \(no phase\).*job task_good \(a second entry/,
    );
  });

  it('a blob that is not a list reads as no jobs, reported', () => {
    const { lines, report } = reporter();
    assert.deepEqual(readStored({ jobs: [good] }, report), []);
    assert.match(lines[0], /not a list/);
  });

  it('numbers out of range (progress 500, negative times) are dropped', () => {
    const { lines, report } = reporter();
    const [downloading, polled] = readStored(
      [
        { ...good, phase: 'downloading', downloadProgress: 500, finishedAt: -1 },
        { ...good, id: 'task_r', phase: 'rendering', linkMisses: 1.5 },
      ],
      report,
    );
    assert.ok(downloading.phase === 'downloading');
    assert.equal(downloading.downloadProgress, 0, 'starts again from 0');
    assert.equal(downloading.finishedAt, undefined);
    assert.ok(polled.phase === 'rendering');
    assert.equal(polled.linkMisses, undefined);
    assert.match(lines[0], /finishedAt of job task_good.*downloadProgress of job task_good.*linkMisses of job task_r/);
  });

  it('a long prompt is kept whole: only the provider’s words are cut', () => {
    const prompt = 'a heron lifts off the water at dawn, '.repeat(200);
    const [job] = readStored([{ ...good, prompt }]);
    assert.equal(job.prompt, prompt);
  });

  it('a provider message of 500 KB is kept to a sane length', () => {
    const [old, today] = readStored([
      { ...good, phase: 'failed', failure: 'x'.repeat(500_000) },
      {
        ...good,
        id: 'task_2',
        phase: 'failed',
        failure: { code: 'provider', status: 'failed', said: 'y'.repeat(500_000) },
      },
    ]);
    for (const job of [old, today]) {
      assert.ok(job.phase === 'failed' && job.failure.code === 'provider');
      assert.ok(job.failure.said!.length <= 2_001);
      // Cut, not dropped: the start of what the provider said is kept.
      assert.match(job.failure.said!, /^([xy])\1{1999}/);
    }
  });

  it('0.1.0 blobs go through the same checks', () => {
    const saved = JSON.parse(readFileSync(fixture('stored', 'jobs-0.1.0.json'), 'utf8')) as Record<string, unknown>[];
    const { lines, report } = reporter();
    const jobs = migrateV1([...saved, { ...saved[2], id: 'task_bad', videoPath: 7 }], report);
    assert.equal(jobs.length, saved.length + 1);
    const bad = jobs.at(-1)!;
    assert.equal(bad.phase, 'download-failed', 'a finished video whose path cannot be read is fetched again, free');
    assert.match(lines[0], /videoPath of job task_bad/);
  });
});

describe('the stored spend, damaged', () => {
  it('an amount that is text (the "toFixed is not a function" blob) is dropped; the others count', () => {
    const { lines, report } = reporter();
    const spend = readSpend({ month: '2026-12', jobs: { a: 0.4, b: '0.40', c: null, d: -3, e: Infinity } }, report);
    assert.deepEqual(spend, { month: '2026-12', jobs: { a: 0.4, c: null } });
    assert.match(lines[0], /3 job\(s\): b, d, e/);
    const usd = Object.values(spend.jobs).reduce<number>((s, v) => s + (v ?? 0), 0);
    assert.equal(describeSpend({ month: '2026-12', usd, unpriced: 1, jobs: 2 }), '≈ $0.40 + 1 unpriced this month');
  });

  for (const blob of [null, 'garbage', 42, [], { month: 12, jobs: {} }, { month: '2026-12', jobs: 'x' }]) {
    it(`${JSON.stringify(blob)} reads as no spend, reported`, () => {
      const { lines, report } = reporter();
      assert.deepEqual(readSpend(blob, report), { month: '', jobs: {} });
      assert.equal(lines.length, 1);
    });
  }
});

describe('the stored render times, damaged', () => {
  it('null (the blob that stopped activation) reads as no history, reported', () => {
    const { lines, report } = reporter();
    assert.deepEqual(readHistory(null, report), {});
    assert.equal(lines.length, 1);
  });

  it('a kind whose times are not positive numbers is dropped; the others kept', () => {
    const { lines, report } = reporter();
    const history = readHistory(
      { 'a|5|720p': [60_000, 70_000], 'b|5|720p': ['x'], 'c|5|720p': null, 'd|5|720p': [-1] },
      report,
    );
    assert.deepEqual(history, { 'a|5|720p': [60_000, 70_000] });
    assert.match(lines[0], /b\|5\|720p, c\|5\|720p, d\|5\|720p/);
  });
});

describe('the remembered answers and the draft, damaged', () => {
  it('keeps each valid answer and forgets the others', () => {
    const { lines, report } = reporter();
    assert.deepEqual(
      readChoices({ model: 'doubao-seedance-2-0', seconds: 1e9, size: '$(zap)', resolution: '720p' }, report),
      { model: 'doubao-seedance-2-0', resolution: '720p' },
    );
    assert.match(lines[0], /seconds, size/);
    assert.deepEqual(
      readChoices('x', () => undefined),
      {},
    );
  });

  it('a draft that is not text is no draft', () => {
    assert.equal(readDraft({ prompt: 'x' }), undefined);
    assert.equal(readDraft('keep me'), 'keep me');
  });
});
