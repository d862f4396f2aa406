// Stored jobs come back from every earlier version in today's shape (one per phase, failures as
// codes), tested with saved blobs: 0.1.0's (its own key), and the loose shape with sentences that
// came before one shape per phase. Nothing a person submitted is dropped; today's shape reads back
// as it is; and the store moves 0.1.0's key over in plain Node, old key last.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Job } from '../../src/jobs/job';
import { JobStore } from '../../src/jobs/jobStore';
import { LEGACY_STORAGE_KEY, STORAGE_KEY, migrateV1, readStored } from '../../src/jobs/storedJobs';
import { fixture } from '../support/paths';
import { MemoryMemento } from '../support/memento';

const blob = (name: string) => JSON.parse(readFileSync(fixture('stored', name), 'utf8')) as unknown[];

describe('stored jobs from 0.1.0', () => {
  const saved = blob('jobs-0.1.0.json');

  it('migrates every job of a 0.1.0 blob', () => {
    const jobs = migrateV1(saved);
    assert.equal(jobs.length, saved.length);
    assert.deepEqual(
      jobs.map((j) => j.phase),
      ['rendering', 'downloading', 'done', 'failed', 'timed-out', 'rendering'],
    );
  });

  it('keeps the provider’s word and gives it its meaning; a rendering job’s error was a passing one', () => {
    const [rendering] = migrateV1(saved);
    assert.ok(rendering.phase === 'rendering');
    assert.deepEqual(rendering.task, { state: 'running', status: 'IN_PROGRESS', known: true, progress: 45 });
    assert.deepEqual(rendering.lastError, { kind: 'unknown', detail: 'The API failed (503)' });
  });

  it('splits progress into render and download progress', () => {
    const downloading = migrateV1(saved)[1];
    assert.ok(downloading.phase === 'downloading');
    assert.equal(downloading.task.progress, 100);
    assert.equal(downloading.downloadProgress, 30);
  });

  it('keeps a finished job’s file, and turns a failure’s sentence into a code with the provider’s text', () => {
    const [, , done, failed, timedOut] = migrateV1(saved);
    assert.ok(done.phase === 'done');
    assert.equal(done.videoPath, '/work/videos/a-fox-2-0-fast-abc123.mp4');
    assert.deepEqual(done.images, ['/work/images/fox.png']);
    assert.ok(failed.phase === 'failed');
    assert.deepEqual(failed.failure, {
      code: 'provider',
      status: 'FAILED',
      said: 'The request was rejected by the content safety check.',
    });
    assert.ok(timedOut.phase === 'timed-out');
    assert.deepEqual(timedOut.failure, { code: 'timed-out', minutes: 30 });
  });

  it('gives a tracked task no made-up parameters', () => {
    const tracked = migrateV1(saved)[5];
    assert.equal(tracked.tracked, true);
    assert.equal(tracked.seconds, undefined);
    assert.equal(tracked.size, undefined);
  });

  it('the store moves them to today’s key, writing the new one before dropping the old', async () => {
    const memento = new MemoryMemento();
    memento.values.set(LEGACY_STORAGE_KEY, saved);
    const store = new JobStore(memento);
    assert.equal(await store.migrate(), saved.length);
    assert.deepEqual(memento.writes, [STORAGE_KEY, LEGACY_STORAGE_KEY]);
    assert.equal(memento.get(LEGACY_STORAGE_KEY), undefined);
    assert.deepEqual(new JobStore(memento).all(), store.all(), 'and reads back the same');
    assert.equal(await new JobStore(memento).migrate(), 0, 'once');
    store.dispose();
  });
});

describe('stored jobs of the loose shape (fields for every phase, failures as sentences)', () => {
  const saved = blob('jobs-flat.json');
  const jobs = () => readStored(saved);
  const byId = (id: string) => jobs().find((j) => j.id === id)!;

  it('reads every job, each in its phase', () => {
    assert.deepEqual(
      jobs().map((j) => [j.id, j.phase]),
      (saved as { id: string; phase: string }[]).map((j) => [j.id, j.phase]),
    );
  });

  it('a rendering job keeps its passing error as kind and words, and its link misses', () => {
    const r = byId('task_r1');
    assert.ok(r.phase === 'rendering');
    assert.deepEqual(r.lastError, { kind: 'unknown', detail: 'The API failed (503)' });
    assert.equal(r.linkMisses, 1);
  });

  it('the estimate keeps its dollars; the words stored in the language of that day are dropped', () => {
    assert.deepEqual(byId('task_r1').cost, { usd: 0.4 });
    assert.deepEqual(byId('task_ok').cost, { usd: 0.48 });
  });

  it('a script’s scene becomes the job’s origin, as the script wrote it', () => {
    assert.deepEqual(byId('task_ok').origin, {
      file: 'file:///work/lighthouse.md',
      heading: 'The keeper',
      occurrence: 0,
      index: 1,
      hash: '0123456789abcdef',
    });
  });

  it('a finished job: exactly the fields of its phase', () => {
    assert.deepEqual(byId('task_ok'), {
      id: 'task_ok',
      prompt: 'The keeper climbs the stairs',
      model: 'doubao-seedance-2-0',
      seconds: 6,
      size: '16:9',
      resolution: '720p',
      images: ['/work/frames/keeper.png'],
      cost: { usd: 0.48 },
      origin: byId('task_ok').origin,
      folder: 'file:///work',
      submittedAt: 1790000002000,
      pollingSince: 1790000002000,
      task: { state: 'succeeded', status: 'completed', known: true, progress: 100 },
      phase: 'done',
      videoPath: '/work/videos/the-keeper-2-0-ok.mp4',
      videoBytes: 23456,
      finishedAt: 1790000090000,
      seen: true,
    } satisfies Job);
  });

  it('failures become codes: the provider’s (moderation, code, request id), download, lost, timed out', () => {
    const failure = (id: string) => {
      const j = byId(id);
      return 'failure' in j ? j.failure : undefined;
    };
    assert.deepEqual(failure('task_f1'), {
      code: 'provider',
      status: 'failed',
      said: 'The input text may be sensitive.',
      providerCode: 'InputTextSensitiveContentDetected',
      moderated: 'prompt',
      requestId: 'req-abc123',
    });
    assert.deepEqual(failure('task_x1'), {
      code: 'download',
      problem: { kind: 'unknown', detail: 'The video link was refused (403)' },
    });
    assert.deepEqual(failure('task_l1'), { code: 'lost' });
    assert.deepEqual(failure('task_t1'), { code: 'timed-out', minutes: 45 });
  });

  it('a repeated task id keeps both jobs, each with the id the provider knows it by', () => {
    assert.equal(byId('task_r1~2').taskId, 'task_r1');
  });

  it('today’s shape reads back exactly as it was written, and what is not a job is skipped', () => {
    const today = jobs();
    assert.deepEqual(readStored(JSON.parse(JSON.stringify([...today, { nonsense: true }]))), today);
    assert.deepEqual(readStored('garbage'), []);
  });
});

describe('stored jobs, field by field (the quick checks keep exactly what the schemas keep)', () => {
  const base = {
    id: 'task_q',
    prompt: 'مرفأ عند الغسق',
    model: 'doubao-seedance-2-0',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    folder: 'file:///w',
    submittedAt: 1000,
    pollingSince: 1000,
    phase: 'failed',
    finishedAt: 2000,
    task: { state: 'failed', status: 'failed', known: true, progress: 100 },
    failure: { code: 'provider', status: 'failed', said: 'refused' },
  };
  const read = (over: Record<string, unknown>) => {
    const lines: string[] = [];
    const [job] = readStored([{ ...base, ...over }], (l) => lines.push(l));
    return { job: job as Job & Record<string, unknown>, lines };
  };

  it('a value of the right type is kept as it is; one of the wrong type is dropped and named', () => {
    assert.deepEqual(read({}).lines, []);
    for (const [key, value] of [
      ['seconds', 2.5],
      ['seconds', 0],
      ['submittedAt', -1],
      ['pollingSince', Number.POSITIVE_INFINITY],
      ['images', ['a.png', 3]],
      ['origin', { file: 'file:///w/film.md', index: 1.5 }],
      ['origin', { file: 'file:///w/film.md', index: 1, hash: Number.NaN }],
      ['task', { state: 'lost', status: 'x', known: true, progress: 1 }],
      ['task', { state: 'running', status: 'x', known: true, progress: 101 }],
    ] as const) {
      const { job, lines } = read({ [key]: value });
      assert.match(lines.join(), new RegExp(`${key} of job task_q`), `${key}: ${JSON.stringify(value)}`);
      // Those a job must have get their default instead.
      if (!['submittedAt', 'pollingSince', 'task'].includes(key)) assert.equal(job[key], undefined, key);
    }
  });

  it('what a schema strips or cuts is stripped or cut: an unknown key of the task or the failure, a long message', () => {
    const { job } = read({
      task: { state: 'failed', status: 'failed', known: true, progress: 100, planted: 'x' },
      failure: { code: 'provider', status: 'failed', said: 'x'.repeat(3000), planted: 'y' },
    });
    assert.deepEqual(job.task, { state: 'failed', status: 'failed', known: true, progress: 100 });
    assert.ok(job.phase === 'failed' && job.failure.code === 'provider');
    assert.equal(job.failure.code === 'provider' && job.failure.said?.length, 2001);
    assert.equal(Object.hasOwn(job.failure, 'planted'), false);
  });

  it('a script’s origin keeps its owner’s strings and numbers', () => {
    const origin = { file: 'file:///w/film.md', index: 2, heading: 'Dusk', occurrence: 0, hash: 'abc' };
    assert.deepEqual(read({ origin }).job.origin, origin);
  });
});

describe('stored jobs in today’s exact shape (taken as they are, storedShape.ts)', () => {
  const core = {
    id: 'task_s',
    prompt: 'سفينة في الضباب',
    model: 'doubao-seedance-2-0',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    folder: 'file:///w',
    submittedAt: 1000,
    pollingSince: 1500,
    task: { state: 'succeeded', status: 'completed', known: true, progress: 100 },
  };
  const provider = { code: 'provider', status: 'failed', said: 'refused', moderated: 'prompt', requestId: 'r1' };
  // One entry per phase, with every optional field of today's shape.
  const today: Record<string, unknown>[] = [
    { ...core, phase: 'rendering', lastError: { kind: 'network', detail: 'reset' }, linkMisses: 2 },
    { ...core, phase: 'downloading', downloadProgress: 40, finishedAt: 1800 },
    {
      ...core,
      phase: 'done',
      videoPath: '/w/videos/a.mp4',
      videoBytes: 9,
      finishedAt: 2000,
      seen: true,
      taskId: 'task_t',
      images: ['/w/a.png'],
      tracked: false,
      cost: { usd: 0.3, source: 'provider' },
      origin: { file: 'file:///w/film.md', index: 2, heading: 'Dusk', occurrence: 0 },
    },
    { ...core, phase: 'failed', failure: provider, finishedAt: 2000 },
    {
      ...core,
      phase: 'download-failed',
      failure: { code: 'download', problem: { kind: 'download-rejected', detail: '403' } },
    },
    { ...core, phase: 'lost', failure: { code: 'lost' } },
    { ...core, phase: 'timed-out', failure: { code: 'timed-out', minutes: 30 } },
    {
      ...core,
      phase: 'failed',
      failure: { code: 'send', problem: { kind: 'server', detail: '502' }, maybeStarted: true },
      finishedAt: 2000,
    },
  ];
  /** What the full reader makes of `entry`: a key it ignores sends the entry past the quick path. */
  const fully = (entry: Record<string, unknown>) => {
    const lines: string[] = [];
    const jobs = readStored([{ ...entry, notAField: undefined }], (l) => lines.push(l));
    return { jobs, lines };
  };
  const quickly = (entry: Record<string, unknown>) => {
    const lines: string[] = [];
    const jobs = readStored([entry], (l) => lines.push(l));
    return { jobs, lines };
  };

  it('each phase in today’s shape is the entry itself, equal to what the full reader builds', () => {
    for (const entry of today) {
      const { jobs, lines } = quickly(entry);
      assert.equal(jobs[0], entry, `${String(entry.phase)} taken as it is`);
      assert.deepEqual(jobs, fully(entry).jobs, String(entry.phase));
      assert.deepEqual(lines, []);
    }
  });

  it('anything else reads exactly as the full reader reads it: bad, missing, extra, capped or defaulted fields', () => {
    const done = today[2];
    const failed = today[3];
    const variants: [string, Record<string, unknown>][] = [
      ['an empty id', { ...done, id: ' ' }],
      ['an unknown phase', { ...done, phase: 'finished' }],
      ['a waiting job', { ...core, phase: 'waiting' }],
      ['no pollingSince', { ...done, pollingSince: undefined }],
      ['no prompt', { ...done, prompt: undefined }],
      ['no task', { ...done, task: undefined }],
      ['a task with an extra key', { ...done, task: { ...core.task, planted: 1 } }],
      ['progress 101', { ...done, task: { ...core.task, progress: 101 } }],
      ['a state no one has', { ...done, task: { ...core.task, state: 'lost' } }],
      ['seconds 2.5', { ...done, seconds: 2.5 }],
      ['an image that is a number', { ...done, images: [3] }],
      ['a cost with old words', { ...done, cost: { usd: 0.3, label: '$0.30' } }],
      ['a cost in another currency', { ...done, cost: { usd: -1 } }],
      ['an origin with NaN', { ...done, origin: { file: 'f', index: 1, x: Number.NaN } }],
      ['a done job without seen', { ...done, seen: undefined }],
      ['a done job without finishedAt', { ...done, finishedAt: undefined }],
      ['a done job with an empty path', { ...done, videoPath: '' }],
      ['a field of another phase', { ...done, downloadProgress: 50 }],
      ['an old scene', { ...done, scene: { file: 'f', index: 1 } }],
      ['a found copy', { ...done, found: true }],
      ['__proto__ as a key', JSON.parse(JSON.stringify(done).replace('"seen"', '"__proto__":{},"seen"')) as never],
      ['a long provider text', { ...failed, failure: { ...provider, said: 'x'.repeat(3000) } }],
      ['a failure with an extra key', { ...failed, failure: { ...provider, planted: 'y' } }],
      ['a failure as a sentence', { ...failed, failure: 'Refused: policy' }],
      ['a failure code of Object', { ...failed, failure: { code: 'constructor' } }],
      ['a failure code of no one', { ...failed, failure: { code: 'gone' } }],
      ['a moderated kind no one has', { ...failed, failure: { ...provider, moderated: 'everything' } }],
      ['legacy failure fields', { ...failed, failure: undefined, failureCode: 'E1', moderated: 'image' }],
      [
        'a long problem',
        { ...today[4], failure: { code: 'download', problem: { kind: 'x', detail: 'd'.repeat(2001) } } },
      ],
      ['no download progress', { ...today[1], downloadProgress: undefined }],
      ['a rendering job with a sentence for an error', { ...today[0], lastError: 'timeout' }],
    ];
    for (const [what, entry] of variants) {
      const quick = quickly(entry);
      assert.notEqual(quick.jobs[0], entry, `${what}: not taken as it is`);
      assert.deepEqual(quick, fully(entry), what);
    }
  });

  it('a second entry with an id already read is dropped and named, whatever its shape', () => {
    const [done] = [today[2]];
    const lines: string[] = [];
    const jobs = readStored([done, { ...done, prompt: 'again' }], (l) => lines.push(l));
    assert.deepEqual(
      jobs.map((j) => j.prompt),
      [core.prompt],
    );
    assert.match(lines.join(), /job task_s \(a second entry with its id\)/);
  });
});
