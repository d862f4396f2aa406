// Posters: made once per video by the gallery page (its own <video> and canvas), kept in the
// extension's storage, used as the row's icon, and found again after a reload without a second
// capture.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { Posters } from '../../src/views/posters';
import { useExtension, waitFor, waitForPhase, rowItem, closeEditorsWithoutSaving } from './support';

describe('posters', () => {
  const ext = useExtension();

  it('are made once per video, used as the row icon, and reused after a reload', async () => {
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'a poster of this',
      model: 'doubao-seedance-2-0',
    });
    const done = await waitForPhase(ext.api, job.id, 'done');
    await vscode.commands.executeCommand('seedance.openGallery');
    await waitFor('the gallery to make the poster', () => ext.api.posters.has(done), 30_000);
    const file = ext.api.posters.uriOf(done)!;
    const made = (await stat(file.fsPath)).mtimeMs;
    const row = rowItem(ext.api, ext.api.jobs.get(job.id)!);
    assert.equal((row.iconPath as vscode.Uri).fsPath, file.fsPath, 'the row shows the poster');

    // A reload: a new instance finds it on disk, and the gallery opened again makes no second one.
    const reloaded = new Posters(vscode.Uri.joinPath(ext.api.posters.folder, '..'));
    await reloaded.loaded;
    assert.ok(reloaded.has(done));
    reloaded.dispose();
    await closeEditorsWithoutSaving();
    await vscode.commands.executeCommand('seedance.openGallery');
    await closeEditorsWithoutSaving();
    assert.equal((await stat(file.fsPath)).mtimeMs, made, 'made once');

    // The storage is every workspace's: a video elsewhere whose sidecar claims this task id
    // neither shows this poster nor sets it.
    const planted = { id: job.id, videoPath: join(dirname(done.videoPath), '..', 'elsewhere', 'planted.mp4') };
    assert.equal(ext.api.posters.uriOf(planted), undefined);
    await ext.api.posters.save(planted, `data:image/png;base64,${PNG_1PX}`);
    assert.equal(ext.api.posters.uriOf(done)!.fsPath, file.fsPath);
    assert.equal((await stat(file.fsPath)).mtimeMs, made, 'this video’s poster untouched');
  });

  it('a poster of 1 to 8 bytes, or one that is not a PNG, is ignored without an error', async () => {
    const video = { id: 'task_tiny_poster', videoPath: join(ext.api.posters.folder.fsPath, 'none.mp4') };
    for (const bytes of [
      [0x89],
      [0x89, 0x50, 0x4e],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    ])
      await ext.api.posters.save(video, `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`);
    assert.equal(ext.api.posters.has(video), false);
  });
});

/** A 1×1 PNG. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
