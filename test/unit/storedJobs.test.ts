// Jobs stored by 0.1.0 come back in today's shape: nothing a person submitted is dropped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { migrateV1, readStored } from '../../src/jobs/storedJobs';
import { fixture } from '../support/paths';

describe('stored jobs', () => {
  const saved = JSON.parse(readFileSync(fixture('stored', 'jobs-0.1.0.json'), 'utf8')) as unknown[];

  it('migrates every job of a 0.1.0 blob', () => {
    const jobs = migrateV1(saved);
    assert.equal(jobs.length, saved.length);
    assert.deepEqual(
      jobs.map((j) => j.phase),
      ['rendering', 'downloading', 'done', 'failed', 'timed-out', 'rendering'],
    );
  });

  it('keeps the provider’s word and gives it its meaning', () => {
    const [rendering] = migrateV1(saved);
    assert.deepEqual(rendering.task, { state: 'running', status: 'IN_PROGRESS', known: true, progress: 45 });
    assert.equal(rendering.lastError, 'The API failed (503)', 'a rendering job’s error was a passing one');
    assert.equal(rendering.failure, undefined);
  });

  it('splits progress into render and download progress', () => {
    const downloading = migrateV1(saved)[1];
    assert.equal(downloading.task.progress, 100);
    assert.equal(downloading.downloadProgress, 30);
  });

  it('keeps a finished job’s file, and a failed one’s reason as its failure', () => {
    const [, , done, failed, timedOut] = migrateV1(saved);
    assert.equal(done.videoPath, '/work/videos/a-fox-2-0-fast-abc123.mp4');
    assert.deepEqual(done.images, ['/work/images/fox.png']);
    assert.equal(failed.failure, 'The request was rejected by the content safety check.');
    assert.equal(timedOut.failure, 'Not finished after 30 min');
  });

  it('gives a tracked task no made-up parameters', () => {
    const tracked = migrateV1(saved)[5];
    assert.equal(tracked.tracked, true);
    assert.equal(tracked.seconds, undefined);
    assert.equal(tracked.size, undefined);
  });

  it('reads today’s shape back as it is, and skips what is not a job', () => {
    const jobs = migrateV1(saved);
    assert.deepEqual(readStored(JSON.parse(JSON.stringify([...jobs, { nonsense: true }]))), jobs);
    assert.deepEqual(readStored('garbage'), []);
  });
});
