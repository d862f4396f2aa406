// A folder's videos, whoever made them: with their sidecars (a teammate's too), or as made
// elsewhere; links and hidden partial files are not videos of the folder.
import assert from 'node:assert/strict';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SIDECAR_SCHEMA } from '../../src/jobs/sidecar';
import { videosIn } from '../../src/jobs/folderListing';
import { useTempDir } from '../support/sim';

describe('the videos a folder holds', () => {
  const dir = useTempDir();
  const videos = () => join(dir.path, 'videos');
  const teammate = {
    schema: SIDECAR_SCHEMA,
    version: 1,
    prompt: 'A teammate’s harbour at dusk',
    model: { sent: 'doubao-seedance-2-0' },
    taskId: 'task_teammate',
    submittedAt: '2026-11-30T10:00:00.000Z',
    extension: { version: '0.1.0' },
  };

  beforeEach(async () => {
    await mkdir(videos());
    await mkdir(join(dir.path, 'outside'));
  });

  it('lists each video, newest first, with its sidecar or as made elsewhere', async () => {
    await writeFile(join(videos(), 'harbour.mp4'), 'x'.repeat(10));
    await writeFile(join(videos(), 'harbour.mp4.json'), JSON.stringify(teammate));
    await writeFile(join(videos(), 'found.mp4'), 'y'.repeat(20));
    await utimes(join(videos(), 'harbour.mp4'), 1, 1);
    const lines: string[] = [];
    const found = await videosIn(videos(), (l) => lines.push(l));
    assert.deepEqual(
      found.map((v) => [v.path, v.bytes, v.sidecar?.prompt]),
      [
        [join(videos(), 'found.mp4'), 20, undefined],
        [join(videos(), 'harbour.mp4'), 10, 'A teammate’s harbour at dusk'],
      ],
    );
    assert.deepEqual(lines, []);
  });

  it('a damaged sidecar leaves the video listed as made elsewhere, and says so once', async () => {
    await writeFile(join(videos(), 'broken.mp4'), 'z');
    await writeFile(join(videos(), 'broken.mp4.json'), '{"schema":');
    const lines: string[] = [];
    const [video] = await videosIn(videos(), (l) => lines.push(l));
    assert.equal(video.sidecar, undefined);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /broken\.mp4\.json: it is not JSON/);
  });

  it('skips links (a planted one to a file elsewhere), partial downloads and other files; a missing folder is empty', async () => {
    await writeFile(join(dir.path, 'outside', 'private.mp4'), 'secret');
    await symlink(join(dir.path, 'outside', 'private.mp4'), join(videos(), 'innocent.mp4'));
    await writeFile(join(videos(), '.a-fox.mp4.part'), 'half');
    await writeFile(join(videos(), 'notes.txt'), 'n');
    assert.deepEqual(await videosIn(videos(), assert.fail), []);
    assert.deepEqual(await videosIn(join(dir.path, 'nowhere'), assert.fail), []);
  });

  it('does not read a videos folder that is a link out of the workspace folder', async () => {
    // A cloned repository whose videos/ points at a folder of someone's own videos.
    const project = join(dir.path, 'project');
    await mkdir(project);
    await writeFile(join(dir.path, 'outside', 'private.mp4'), 'secret');
    await writeFile(join(dir.path, 'outside', 'private.mp4.json'), JSON.stringify(teammate));
    await symlink(join(dir.path, 'outside'), join(project, 'videos'));
    const lines: string[] = [];
    assert.deepEqual(await videosIn(join(project, 'videos'), (l) => lines.push(l), project), []);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^Not reading the videos folder: .*videos \(a link to .*outside\) is outside the workspace/);
    // Inside the workspace folder, the same folder is read.
    assert.equal((await videosIn(join(dir.path, 'outside'), assert.fail, dir.path)).length, 1);
  });
});
