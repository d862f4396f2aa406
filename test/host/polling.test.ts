// The polling controller inside the real extension host: faults, a refused key, lost and
// timed-out jobs, expired video links, the output folder setting.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import {
  answerNextDialog,
  sim,
  useExtension,
  useSettings,
  waitFor,
  waitForPhase,
  workspaceFolder,
  rowItem,
  reasonOf,
  closeEditorsWithoutSaving,
} from './support';

describe('polling and downloads', () => {
  const ext = useExtension();
  const generate = (prompt: string) =>
    vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt,
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
    });

  it('completes through 429s, bursts of 5xx and dropped connections while polling', async () => {
    // Held until every fault is in place, so each of them meets a poll before the one that ends it.
    await sim.config({ pace: 'held' });
    const job = await generate('through the storm');
    await sim.fault({ spec: '429@1*1/get' });
    await sim.fault({ spec: '503*2/get' });
    await sim.fault({ spec: 'reset*1/get' });
    await sim.fault({ spec: '524*1/get' });
    await sim.finish(job.id);
    await waitForPhase(ext.api, job.id, 'done', 60_000);
    const requests = await sim.requests();
    assert.equal(requests.filter((r) => r.method === 'POST').length, 1, 'never re-submitted');
    assert.ok(
      requests.filter((r) => r.target === 'api' && r.status && r.status >= 429).length >= 4,
      'the faults were met',
    );
  });

  it('pauses on a key the provider stops accepting (401) and resumes once a new key is stored', async () => {
    // Rendering until the new key is stored: the job is still to poll when the old key is refused.
    await sim.config({ pace: 'held' });
    const job = await generate('after the key is fixed');
    // The key is revoked at the provider: polls now meet 401.
    await sim.config({ key: 'sk-rotated-key' });
    try {
      ext.api.manager.poller.poke();
      await waitFor('polling to pause', () => ext.api.manager.poller.paused);
      await sim.clearRequests();
      // Paused: no timer is set, and a Refresh is ignored, so nothing can be sent.
      assert.equal(ext.api.manager.poller.running, false, 'no poll scheduled');
      await vscode.commands.executeCommand('seedance.refresh');
      assert.deepEqual(
        (await sim.requests()).filter((r) => r.target === 'api'),
        [],
        'no polling while paused',
      );
      assert.equal(ext.api.jobs.get(job.id)?.phase, 'rendering', 'the job is kept, not failed');
      await vscode.commands.executeCommand('seedance.setApiKey', 'sk-rotated-key');
      await sim.finish(job.id);
      await waitForPhase(ext.api, job.id, 'done');
      assert.equal(ext.api.manager.poller.paused, false);
    } finally {
      await sim.config({ key: sim.key });
    }
  });

  it('refreshes an expired video link with one fresh GET, then downloads', async () => {
    await sim.fault({ fault: { kind: 'status', status: 403 }, match: { target: 'video' } });
    const job = await generate('an expired link');
    const done = await waitForPhase(ext.api, job.id, 'done');
    const requests = await sim.requests();
    const video = requests.filter((r) => r.target === 'video');
    assert.deepEqual(
      video.map((r) => r.status),
      [403, 200],
    );
    const between = requests.filter((r) => r.seq > video[0].seq && r.seq < video[1].seq);
    assert.deepEqual(
      between.map((r) => `${r.method} ${r.path}`),
      [`GET /v1/videos/${job.id}`],
      'one fresh GET for a new link',
    );
    assert.ok(existsSync(done.videoPath));
  });

  it('shows Retry Download when the link keeps being refused, and the retry works', async () => {
    await sim.fault({ fault: { kind: 'status', status: 403 }, match: { target: 'video' }, times: 2 });
    const job = await generate('a refused link');
    const failed = await waitForPhase(ext.api, job.id, 'download-failed');
    assert.match(reasonOf(failed) ?? '', /refused \(403\)/);
    assert.equal(rowItem(ext.api, failed).contextValue, 'seedance.job.downloadFailed');
    await vscode.commands.executeCommand('seedance.retryDownload', job.id);
    await waitForPhase(ext.api, job.id, 'done');
  });

  it('ends FAILED with the provider’s reason', async () => {
    const job = await generate('please fail [sim:fail]');
    const failed = await waitForPhase(ext.api, job.id, 'failed');
    assert.match(reasonOf(failed) ?? '', /content safety/);
    const row = rowItem(ext.api, failed);
    assert.equal(row.contextValue, 'seedance.job.failed');
    assert.equal((row.iconPath as vscode.ThemeIcon).id, 'error');
    assert.match(String(row.description), /^Failed: /);
  });

  it('marks a job the provider forgot as lost', async () => {
    await sim.config({ pace: 'held' });
    const job = await generate('forgotten');
    await sim.forget(job.id);
    ext.api.manager.poller.poke();
    const lost = await waitForPhase(ext.api, job.id, 'lost');
    assert.equal(rowItem(ext.api, lost).contextValue, 'seedance.job.lost');
  });

  describe('with a short deadline', () => {
    useSettings({ 'seedance.jobTimeoutMinutes': 0.05 });
    it('marks a job not finished in time as timed out, and Resume picks it up again', async () => {
      await sim.config({ pace: 'held' });
      const job = await generate('very slow');
      await waitForPhase(ext.api, job.id, 'timed-out', 20_000);
      await closeEditorsWithoutSaving();
      await sim.finish(job.id);
      await vscode.commands.executeCommand('seedance.resumeJob', job.id);
      await waitForPhase(ext.api, job.id, 'done');
    });
  });

  describe('the output folder setting', () => {
    useSettings({ 'seedance.outputFolder': 'renders/clips' }, vscode.ConfigurationTarget.Workspace);
    it('saves into the configured folder inside the workspace', async () => {
      const done = await waitForPhase(ext.api, (await generate('into renders')).id, 'done');
      assert.equal(dirname(done.videoPath), join(workspaceFolder().fsPath, 'renders', 'clips'));
    });
  });

  describe('an output folder outside the workspace', () => {
    useSettings({ 'seedance.outputFolder': '../outside' }, vscode.ConfigurationTarget.Workspace);
    it('is refused, and nothing is written outside', async () => {
      const failed = await waitForPhase(ext.api, (await generate('escape attempt')).id, 'download-failed');
      assert.match(reasonOf(failed) ?? '', /must be a folder inside the workspace folder/);
      assert.ok(!existsSync(join(dirname(workspaceFolder().fsPath), 'outside')));
    });
  });

  it('tracks an existing task by id', async () => {
    const res = await fetch(`${sim.url}/v1/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.key}` },
      body: (() => {
        const f = new FormData();
        f.append('prompt', 'made elsewhere');
        f.append('model', 'doubao-seedance-2-0');
        return f;
      })(),
    });
    const { id } = (await res.json()) as { id: string };
    const job = await vscode.commands.executeCommand<Job>('seedance.trackTask', id);
    assert.equal(job.id, id);
    await waitForPhase(ext.api, id, 'done');
  });

  it('Track Task by ID refuses an id of the wrong form before any request, and sends one of the right form once', async () => {
    await sim.clearRequests();
    const garbage = await vscode.commands.executeCommand<Job | undefined>(
      'seedance.trackTask',
      '!!garbage id ../../etc',
    );
    assert.equal(garbage, undefined);
    assert.deepEqual(await sim.requests(), [], 'nothing sent');
    const shown = ext.api.messages.at(-1);
    assert.match(shown?.text ?? '', /A task id has only letters, digits, _ and -/);
    assert.equal(
      await vscode.commands.executeCommand('seedance.trackTask', 'task_unknown_1'),
      undefined,
      'a well-formed id the provider does not know is refused by the provider',
    );
    assert.equal((await sim.requests()).length, 1, 'one request for it');
  });

  describe('between two checks', () => {
    // Checks far apart: any redraw of the row within a few seconds is the clock's, not a poll's.
    useSettings({ 'seedance.pollIntervalSeconds': 60, 'seedance.adaptivePolling': false });
    it('a rendering row’s time moves every second while the view is visible, with no request; the clock stops after', async () => {
      await sim.config({ pace: 'held' });
      const job = await generate('time that moves');
      await vscode.commands.executeCommand('seedance.jobs.focus');
      await waitFor('the clock to run', () => ext.api.tree.ticking || undefined);
      const polls = async () => (await sim.requests()).filter((r) => r.path === `/v1/videos/${job.id}`).length;
      const before = await polls();
      let redraws = 0;
      const sub = ext.api.tree.onDidChangeTreeData((row) => {
        if (row && (row as { id?: string }).id === job.id) redraws++;
      });
      try {
        await waitFor('three redraws of the row', () => redraws >= 3 || undefined, 10_000);
      } finally {
        sub.dispose();
      }
      // The row moved three times; at most one check of the job came in between (a window that
      // regains focus catches up once), so the moves are the clock's, not the polls'.
      assert.ok((await polls()) - before <= 1, `${(await polls()) - before} checks of the job`);
      await sim.finish(job.id);
      await vscode.commands.executeCommand('seedance.refresh');
      await waitForPhase(ext.api, job.id, 'done');
      // Stopped once nothing renders (another suite's job may still be rendering in this window).
      await waitFor('the clock to stop once nothing renders', () =>
        ext.api.jobs.running().length > 0 || !ext.api.tree.ticking ? true : undefined,
      );
    });
  });

  it('Delete Video File asks first: Cancel keeps everything; Delete File removes the video, its sidecar and its row', async () => {
    const job = await generate('to be deleted');
    const done = await waitForPhase(ext.api, job.id, 'done');
    const sidecar = `${done.videoPath}.json`;
    assert.ok(existsSync(sidecar), 'the sidecar was written with the video');
    let dialog = answerNextDialog('Cancel');
    assert.equal(await vscode.commands.executeCommand('seedance.deleteVideoFile', job.id), false);
    const seen = await dialog;
    assert.match(seen.message, /^Delete to-be-deleted-.*\.mp4 from the disk\?$/);
    assert.ok(existsSync(done.videoPath) && existsSync(sidecar) && ext.api.jobs.get(job.id), 'nothing touched');
    dialog = answerNextDialog('Delete File');
    assert.equal(await vscode.commands.executeCommand('seedance.deleteVideoFile', job.id), true);
    await dialog;
    assert.ok(!existsSync(done.videoPath) && !existsSync(sidecar), 'the video and its sidecar are gone');
    assert.equal(ext.api.jobs.get(job.id), undefined);
  });

  it('Delete Video File acts only on a video the view lists: a path named in a command’s argument is refused, unasked and untouched', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const precious = join(folder, `precious-${Date.now()}.mp4`);
    await writeFile(precious, 'not listed: a file the person keeps');
    try {
      // A link in a document or another extension can run any command with any argument.
      const answer = await vscode.commands.executeCommand('seedance.deleteVideoFile', { kind: 'file', path: precious });
      assert.equal(answer, undefined, 'refused (a dialog would have been a question, and its answer true or false)');
      assert.ok(existsSync(precious), 'the file is still there');
    } finally {
      await rm(precious, { force: true });
    }
  });

  it('Remove from List takes the job off the list, never its file, and Undo puts it back where it was', async () => {
    const job = await generate('to be removed');
    const done = await waitForPhase(ext.api, job.id, 'done');
    const place = ext.api.jobs.all().findIndex((j) => j.id === job.id);
    await vscode.commands.executeCommand('seedance.removeJob', job.id);
    assert.equal(ext.api.jobs.get(job.id), undefined);
    assert.ok(!ext.api.tree.getChildren().some((j) => (j as { id?: string }).id === job.id));
    assert.ok(existsSync(done.videoPath), 'the file is kept');
    const shown = await waitFor('the message', () =>
      ext.api.messages.find((m) => m.text === 'Removed "to be removed" from the list; its file is kept.'),
    );
    assert.deepEqual(shown.actions, ['Undo']);
    // The message's Undo button runs this command with the job's id.
    await vscode.commands.executeCommand('seedance.undoRemove', job.id);
    assert.deepEqual(ext.api.jobs.get(job.id), done, 'the same job, as it was');
    assert.equal(
      ext.api.jobs.all().findIndex((j) => j.id === job.id),
      place,
      'at its place in the list',
    );
    assert.ok(ext.api.tree.getChildren().some((j) => (j as { id?: string }).id === job.id));
  });
});
