// The sidecar written next to every video (src/jobs/sidecar.ts): what made it, readable by other
// tools and on another machine; never the key or a signed link; fields of a newer version kept;
// a damaged one ignored with a line naming it.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DoneJob } from '../../src/jobs/job';
import { readSidecar, sha256, sidecarOf, sidecarPath, writeSidecar } from '../../src/jobs/sidecar';
import { fixture } from '../support/paths';
import { useTempDir } from '../support/sim';

describe('the sidecar next to each video', () => {
  const dir = useTempDir();
  const KEY = 'sk-secret-key-never-written';
  const SIGNED = 'https://cdn.example/v.mp4?X-Amz-Signature=abc&Expires=1';
  let job: DoneJob;
  let video: string;

  beforeEach(async () => {
    await mkdir(join(dir.path, 'frames'));
    await mkdir(join(dir.path, 'videos'));
    await copyFile(fixture('images', 'sample.png'), join(dir.path, 'frames', 'dawn.png'));
    video = join(dir.path, 'videos', 'dawn-2-0-abc.mp4');
    await writeFile(video, 'not really a video');
    job = {
      id: 'task_abc',
      prompt: 'فجر فوق الميناء\nthe gulls wake',
      model: 'doubao-seedance-2-0',
      seconds: 5,
      size: '16:9',
      resolution: '720p',
      images: [join(dir.path, 'frames', 'dawn.png')],
      cost: { usd: 0.4, source: 'provider' },
      origin: {
        file: `file://${join(dir.path, 'film.md')}`,
        index: 0,
        heading: 'Dawn',
        occurrence: 0,
        hash: '0123456789abcdef',
      },
      folder: `file://${dir.path}`,
      submittedAt: Date.UTC(2026, 11, 1, 5, 0, 0),
      pollingSince: Date.UTC(2026, 11, 1, 5, 0, 0),
      task: { state: 'succeeded', status: 'completed', known: true, progress: 100 },
      phase: 'done',
      videoPath: video,
      finishedAt: Date.UTC(2026, 11, 1, 5, 1, 30),
      seen: false,
    };
  });

  it('holds what made the video, workspace-relative, with each image’s SHA-256', async () => {
    const sidecar = await sidecarOf(job, dir.path, '0.1.0', 'doubao-seedance-2-0-260128');
    const written = await writeSidecar(video, sidecar);
    assert.equal(written, `${video}.json`);
    assert.deepEqual(JSON.parse(await readFile(written, 'utf8')), {
      schema: 'seedance-video',
      version: 1,
      prompt: 'فجر فوق الميناء\nthe gulls wake',
      model: { sent: 'doubao-seedance-2-0', answered: 'doubao-seedance-2-0-260128' },
      seconds: 5,
      size: '16:9',
      resolution: '720p',
      images: [{ path: 'frames/dawn.png', sha256: await sha256(join(dir.path, 'frames', 'dawn.png')) }],
      scene: { script: 'film.md', heading: 'Dawn', occurrence: 0, hash: '0123456789abcdef', index: 0 },
      taskId: 'task_abc',
      submittedAt: '2026-12-01T05:00:00.000Z',
      finishedAt: '2026-12-01T05:01:30.000Z',
      estimate: { usd: 0.4, source: 'provider', pricesAsOf: '2026-08' },
      extension: { version: '0.1.0' },
    });
    assert.deepEqual(await readSidecar(written, assert.fail), sidecar, 'and reads back the same');
    assert.deepEqual(
      (await readdir(join(dir.path, 'videos'))).sort(),
      ['dawn-2-0-abc.mp4', 'dawn-2-0-abc.mp4.json'],
      'no temporary file left',
    );
  });

  it('never holds the key or a signed link, whatever the job carries', async () => {
    const carrying = { ...job, prompt: 'a fox', extra: { apiKey: KEY, videoUrl: SIGNED } } as DoneJob;
    const written = await writeSidecar(video, await sidecarOf(carrying, dir.path, '0.1.0'));
    const text = await readFile(written, 'utf8');
    assert.ok(!text.includes(KEY) && !text.includes('X-Amz-Signature') && !text.includes('https://'), text);
  });

  it('keeps the fields of a newer version when read and written again', async () => {
    const newer = { ...(await sidecarOf(job, dir.path, '0.9.0')), version: 2, audio: { track: 'waves' } };
    await writeFile(sidecarPath(video), JSON.stringify(newer));
    const read = await readSidecar(sidecarPath(video), assert.fail);
    assert.deepEqual((read as Record<string, unknown>).audio, { track: 'waves' });
    await writeSidecar(video, read!);
    assert.deepEqual(JSON.parse(await readFile(sidecarPath(video), 'utf8')), newer);
  });

  it('a damaged sidecar is ignored, with one line naming it and why', async () => {
    const lines: string[] = [];
    await writeFile(sidecarPath(video), '{ "schema": "seedance-video", "version": 1, ');
    assert.equal(await readSidecar(sidecarPath(video), (l) => lines.push(l)), undefined);
    await writeFile(sidecarPath(video), JSON.stringify({ schema: 'seedance-video', version: 1, prompt: 7 }));
    assert.equal(await readSidecar(sidecarPath(video), (l) => lines.push(l)), undefined);
    assert.equal(lines.length, 2);
    assert.match(lines[0], /dawn-2-0-abc\.mp4\.json: it is not JSON/);
    assert.match(lines[1], /dawn-2-0-abc\.mp4\.json: prompt: /);
  });

  it('a planted link or a huge file in a sidecar’s place is not read: its text never reaches the log', async () => {
    const secret = join(dir.path, 'private-notes.txt');
    await writeFile(secret, 'TOP SECRET: not JSON at all');
    await symlink(secret, sidecarPath(video));
    const lines: string[] = [];
    assert.equal(await readSidecar(sidecarPath(video), (l) => lines.push(l)), undefined);
    await rm(sidecarPath(video));
    await writeFile(sidecarPath(video), `{"schema":"seedance-video","pad":"${'x'.repeat(300 * 1024)}"}`);
    assert.equal(await readSidecar(sidecarPath(video), (l) => lines.push(l)), undefined);
    assert.equal(lines.length, 2);
    assert.match(lines[0], /dawn-2-0-abc\.mp4\.json: it is a link$/);
    assert.match(lines[1], /dawn-2-0-abc\.mp4\.json: it is larger than 256 KB$/);
    assert.ok(!lines.join('\n').includes('TOP SECRET'));
  });
});
