// What a cloned repository can no longer make the extension do: upload a file from outside the
// workspace (by path, `../` or a link), write through a link planted at a name the extension
// uses, pay again for a video the provider already made, or exhaust the host with a setting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError, parseCustomModels } from '../../src/api';
import { planJob } from '../../src/plan/plan';
import { pricedCatalog } from '../../src/pricing/prices';
import { classifyResponse } from '../../src/api/classify';
import { escapeIcons, hasControlCharacters } from '../../src/common/text';
import type { Job, JobPhase } from '../../src/jobs/job';
import { type Clip, joinClips } from '../../src/script/ffmpeg';
import { needsVideo } from '../../src/script/sceneJobs';
import { parseScenes, refOf } from '../../src/script/scenes';
import { REPO_ROOT, fixture } from '../support/paths';
import { rejection, useTempDir } from '../support/sim';

describe('uploads stay inside the workspace', () => {
  const dir = useTempDir();
  const ws = () => join(dir.path, 'repo');
  // The one planning path confines every image not picked in a dialog, once (plan/images.ts).
  const plan = async (image: string, roots = [ws()]) =>
    (
      await planJob(
        { kind: 'agent', prompt: 'a storyboard comes alive', model: 'doubao-seedance-2-0', images: [image] },
        { catalog: pricedCatalog(), roots, trusted: true, folderFor: () => undefined },
      )
    ).request;
  const send = (image: string) => plan(image);

  beforeEach(async () => {
    await mkdir(join(ws(), 'assets'), { recursive: true });
    await mkdir(join(dir.path, 'Pictures'));
    await copyFile(fixture('images', 'sample.jpg'), join(dir.path, 'Pictures', 'passport.jpg'));
    await copyFile(fixture('images', 'sample.png'), join(ws(), 'assets', 'frame.png'));
  });

  it('an image inside the workspace is sent', async () => {
    const req = await send(join(ws(), 'assets', 'frame.png'));
    assert.equal(req.images[0].path, join(ws(), 'assets', 'frame.png'));
  });

  it('an absolute path or ../ out of the workspace is refused, naming it', async () => {
    for (const image of [join(dir.path, 'Pictures', 'passport.jpg'), join(ws(), '..', 'Pictures', 'passport.jpg')]) {
      const err = await rejection<ValidationError>(send(image));
      assert.ok(err instanceof ValidationError);
      assert.equal(err.field, 'images');
      assert.match(err.message, /passport\.jpg is outside the workspace/);
    }
  });

  it('a link named like a storyboard that points outside is refused, with where it leads', async () => {
    await symlink(join(dir.path, 'Pictures', 'passport.jpg'), join(ws(), 'assets', 'storyboard-01.png'));
    const err = await rejection<ValidationError>(send(join(ws(), 'assets', 'storyboard-01.png')));
    assert.match(err.message, /storyboard-01\.png \(a link to .*Pictures\/passport\.jpg\) is outside the workspace/);
  });

  it('a link that stays inside is sent from its real path', async () => {
    await symlink(join(ws(), 'assets', 'frame.png'), join(ws(), 'assets', 'alias.png'));
    const req = await send(join(ws(), 'assets', 'alias.png'));
    assert.equal(req.images[0].path, join(ws(), 'assets', 'frame.png'));
  });

  it('a folder link out of the workspace is refused for every file under it', async () => {
    await symlink(join(dir.path, 'Pictures'), join(ws(), 'shots'));
    const err = await rejection<ValidationError>(send(join(ws(), 'shots', 'passport.jpg')));
    assert.match(err.message, /outside the workspace/);
  });

  it('with no workspace folder nothing is sent', async () => {
    const err = await rejection<ValidationError>(plan(join(ws(), 'assets', 'frame.png'), []));
    assert.match(err.message, /no workspace folder is open/);
  });
});

describe('Export Film writes only its own files', () => {
  const dir = useTempDir();
  /** Stands in for ffmpeg: writes "film" to its last argument, as ffmpeg writes its output. */
  async function fakeFfmpeg(): Promise<string> {
    const path = join(dir.path, 'ffmpeg');
    await writeFile(path, '#!/bin/sh\nfor last; do :; done\nprintf film > "$last"\n');
    await chmod(path, 0o755);
    return path;
  }
  const clip = (path: string): Clip => ({
    path,
    width: 320,
    height: 180,
    fps: '24/1',
    codec: 'h264',
    pixelFormat: 'yuv420p',
    hasAudio: false,
    duration: 1,
  });
  const join2 = async (ffmpeg: string, output: string, clips: Clip[]) =>
    joinClips(ffmpeg, {
      clips,
      output,
      reencode: false,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });

  it('links a repository planted at the old predictable names are left alone, and their targets untouched', async () => {
    const victim = join(dir.path, 'victim.txt');
    await writeFile(victim, 'precious');
    const output = join(dir.path, 'script.film.mp4');
    await symlink(victim, `${output}.clips.txt`);
    await symlink(victim, `${output}.partial`);
    await join2(await fakeFfmpeg(), output, [clip(join(dir.path, 'a.mp4')), clip(join(dir.path, 'b.mp4'))]);
    assert.equal(await readFile(victim, 'utf8'), 'precious');
    assert.equal(await readFile(output, 'utf8'), 'film');
    assert.equal(await readlink(`${output}.clips.txt`), victim);
    assert.equal(await readlink(`${output}.partial`), victim);
  });

  it('a film name that is a link is refused, its target untouched', async () => {
    const victim = join(dir.path, 'victim.txt');
    await writeFile(victim, 'precious');
    const output = join(dir.path, 'script.film.mp4');
    await symlink(victim, output);
    const err = await rejection(join2(await fakeFfmpeg(), output, [clip(join(dir.path, 'a.mp4'))]));
    assert.match(String(err), /is a symbolic link/);
    assert.equal(await readFile(victim, 'utf8'), 'precious');
  });

  it('a clip path with a line break never reaches the concat list', async () => {
    const err = await rejection(
      join2(await fakeFfmpeg(), join(dir.path, 'f.mp4'), [clip(join(dir.path, "videos\nfile '/etc/passwd'", 'a.mp4'))]),
    );
    assert.match(String(err), /line break or control character/);
    assert.ok(hasControlCharacters('videos\nx') && !hasControlCharacters('فيديو/مشهد'));
  });
});

describe('a video the provider made is never paid for again', () => {
  const [scene] = parseScenes('## Opening\n\nWaves at dawn.\n');
  const stateWith = (phase: JobPhase, changed = false) => ({
    scene,
    changed,
    job: { id: 't', phase, scene: refOf('file:///s.md', scene) } as unknown as Job,
  });

  it('a scene whose download failed or that timed out is not made again (Retry Download, Resume)', () => {
    assert.equal(needsVideo(stateWith('download-failed')), false);
    assert.equal(needsVideo(stateWith('timed-out')), false);
    assert.equal(needsVideo(stateWith('rendering')), false);
    assert.equal(needsVideo(stateWith('done')), false);
  });

  it('a failed or lost one, a changed one or one never made is offered as a new job', () => {
    assert.equal(needsVideo(stateWith('failed')), true);
    assert.equal(needsVideo(stateWith('lost')), true);
    assert.equal(needsVideo(stateWith('done', true)), true);
    assert.equal(needsVideo({ scene, changed: false }), true);
  });
});

describe('bounds on what settings and the provider can carry', () => {
  it('a model from settings with 50,000,000 seconds is skipped, not built into a list', () => {
    const { models, problems } = parseCustomModels([
      { id: 'huge', minSeconds: 1, maxSeconds: 50_000_000, resolutions: ['720p'] },
    ]);
    assert.deepEqual(models, []);
    assert.match(problems[0], /"huge" was skipped: maxSeconds/);
  });

  it('a provider message of 500 KB is cut to a sane length', () => {
    const huge = 'x'.repeat(500_000);
    try {
      classifyResponse({ status: 400, headers: {}, text: JSON.stringify({ error: { message: huge } }) }, 'https://api');
      assert.fail('expected a refusal');
    } catch (err) {
      const e = err as Error & { providerMessage?: string };
      assert.ok(e.message.length < 1_000, `message of ${e.message.length} characters`);
      // Cut, not dropped: what the provider said is still there to read.
      assert.ok(e.providerMessage!.length <= 501);
      assert.ok(e.providerMessage!.startsWith('x'.repeat(400)), 'the start of what it said is kept');
    }
  });

  it('$( in a heading or prompt shows as typed, not as an icon', () => {
    assert.equal(escapeIcons('Scene $(zap) one'), 'Scene \\$(zap) one');
    assert.equal(escapeIcons('already \\$(zap)'), 'already \\$(zap)');
    assert.equal(escapeIcons('$(loading~spin)'), '\\$(loading~spin)');
  });
});

describe('what a repository’s settings may change', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const scope = (key: string) => manifest.contributes.configuration.properties[key].scope;

  it('the job deadline and the download cap are the user’s (a workspace cannot set them)', () => {
    assert.equal(scope('seedance.jobTimeoutMinutes'), 'application');
    assert.equal(scope('seedance.maxDownloadMB'), 'machine');
    assert.equal(scope('seedance.ffmpegPath'), 'machine');
  });

  it('every workspace setting that spends, writes or shapes a script is ignored in Restricted Mode', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const [key, { scope: s }] of Object.entries(manifest.contributes.configuration.properties)) {
      if (s === 'application' || s === 'machine') continue;
      assert.ok(restricted.includes(key), `${key} (${s} scope) is not restricted`);
    }
  });
});
