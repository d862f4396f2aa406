// Posters: made once per video by the gallery page (its own <video> and canvas), kept in the
// extension's storage, used as the row's icon, and found again after a reload without a second
// capture.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
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
    await waitForPhase(ext.api, job.id, 'done');
    await vscode.commands.executeCommand('seedance.openGallery');
    await waitFor('the gallery to make the poster', () => ext.api.posters.has(job.id), 30_000);
    const file = ext.api.posters.uriOf(job.id)!;
    const made = (await stat(file.fsPath)).mtimeMs;
    const row = rowItem(ext.api, ext.api.jobs.get(job.id)!);
    assert.equal((row.iconPath as vscode.Uri).fsPath, file.fsPath, 'the row shows the poster');

    // A reload: a new instance finds it on disk, and the gallery opened again makes no second one.
    const reloaded = new Posters(vscode.Uri.joinPath(ext.api.posters.folder, '..'));
    await reloaded.loaded;
    assert.ok(reloaded.has(job.id));
    reloaded.dispose();
    await closeEditorsWithoutSaving();
    await vscode.commands.executeCommand('seedance.openGallery');
    await closeEditorsWithoutSaving();
    assert.equal((await stat(file.fsPath)).mtimeMs, made, 'made once');
  });
});
