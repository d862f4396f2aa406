// Generate Video, end to end inside a real VS Code against the simulator: from a prompt and
// from a selection, to a playable MP4 in the workspace's videos/ folder.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { SCRIPT } from '../harness/workspace';
import {
  sim,
  tooltipText,
  useExtension,
  useSettings,
  waitFor,
  waitForPhase,
  workspaceFolder,
  rowItem,
  closeEditorsWithoutSaving,
} from './support';

describe('Generate Video', () => {
  const ext = useExtension();

  it('from a prompt: stored at once, shown live in the tree, downloaded into videos/ as a playable MP4', async () => {
    // Videos other suites left unopened count too: this test counts its own.
    const unseenBefore = ext.api.tree.view.badge?.value ?? 0;
    // The service answers with the dated model it ran: the sidecar keeps both words.
    // It renders until the test has looked at it rendering, then is finished by hand.
    await sim.config({ resolvedModel: true, pace: 'held' });
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'A lighthouse in a storm, waves crashing, slow aerial orbit',
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
      size: '9:16',
      resolution: '480p',
    });
    assert.ok(job, 'the command returns the stored job');
    // Stored the moment the provider answered, before anything else.
    assert.equal(ext.api.jobs.get(job.id)?.phase, 'rendering');
    const [first] = ext.api.tree.getChildren();
    assert.equal((first as { id?: string }).id, job.id, 'newest first');
    const row = ext.api.tree.getTreeItem(first);
    // While it renders, its state comes first (highlighted): a narrow sidebar still shows it.
    const label = row.label as vscode.TreeItemLabel;
    assert.match(
      label.label,
      /^(Queued|\d+%( · [^·]+)?) · A lighthouse in a storm, waves crashing, slow aerial orbit$/,
    );
    assert.equal(label.highlights?.[0]?.[0], 0);
    assert.equal(row.contextValue, 'seedance.job.running');
    assert.equal((row.iconPath as vscode.ThemeIcon).id, 'loading~spin');
    assert.match(
      String(row.description),
      /^(Queued|Rendering) · (estimating…|about \d+ (s|min) left|any moment now) · \d+s$/,
    );
    assert.ok(tooltipText(row).includes(`Task id: ${job.id}`), tooltipText(row));
    assert.match(ext.api.status.item.text, /^\$\(loading~spin\) 1 rendering · \d+%/);
    assert.equal(ext.api.status.visible, true);

    await sim.finish(job.id);
    const done = await waitForPhase(ext.api, job.id, 'done');
    const file = done.videoPath;
    assert.equal(dirname(file), join(workspaceFolder().fsPath, 'videos'));
    assert.match(basename(file), /^a-lighthouse-in-a-storm-waves-crashing-slow-2-0-fast-[a-z0-9]{6}\.mp4$/);
    const bytes = await readFile(file);
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.equal(done.videoBytes, bytes.length);
    assert.deepEqual(
      (await readdir(dirname(file))).filter((f) => f.startsWith('.')),
      [],
      'no temporary file left',
    );
    // What made it, beside it (written before "ready"): readable elsewhere, never the key or a link.
    const sidecar = await readFile(`${file}.json`, 'utf8');
    assert.deepEqual(JSON.parse(sidecar), {
      schema: 'seedance-video',
      version: 1,
      prompt: 'A lighthouse in a storm, waves crashing, slow aerial orbit',
      model: { sent: 'doubao-seedance-2-0-fast', answered: 'doubao-seedance-2-0-fast-260128' },
      seconds: 4,
      size: '9:16',
      resolution: '480p',
      taskId: job.id,
      submittedAt: new Date(done.submittedAt).toISOString(),
      finishedAt: new Date(done.finishedAt).toISOString(),
      extension: {
        version: String(
          (vscode.extensions.getExtension('seedance-tools.seedance-video')?.packageJSON as { version: string }).version,
        ),
      },
    });
    assert.ok(!sidecar.includes(sim.key) && !sidecar.includes('http'), sidecar);

    const doneRow = rowItem(ext.api, ext.api.jobs.get(job.id)!);
    assert.equal(doneRow.contextValue, 'seedance.job.succeeded');
    assert.equal((doneRow.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.match(String(doneRow.description), /^Ready · \d+s · \d+ KB$/);
    assert.equal(ext.api.tree.view.badge?.value, unseenBefore + 1, 'a badge for the unseen video');
    // Nothing else renders now (earlier suites waited for theirs): the item is gone.
    await waitFor('the status bar item to hide', () => !ext.api.status.visible);

    // Every request: one POST, polls, one video download; nothing sent twice.
    const requests = await sim.requests();
    assert.equal(requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(requests.filter((r) => r.target === 'video').length, 1);
    assert.equal(requests.find((r) => r.target === 'video')?.headers.authorization, undefined);

    await vscode.commands.executeCommand('seedance.openVideo', job.id);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal((tab?.input as { uri?: vscode.Uri })?.uri?.fsPath, file, 'opened in VS Code');
    const opened = ext.api.jobs.get(job.id);
    assert.ok(opened?.phase === 'done' && opened.seen, 'marked as seen');
    assert.equal(ext.api.tree.view.badge?.value ?? 0, unseenBefore, 'the badge counts it no more once opened');
    await closeEditorsWithoutSaving();
  });

  describe('from the editor selection', () => {
    // A person who turned the last look off (user settings only): nothing at all is asked.
    useSettings({ 'seedance.confirmBeforeGenerate': false });
    useSettings(
      {
        'seedance.defaults.model': 'doubao-seedance-1-0-pro',
        'seedance.defaults.seconds': 2,
        'seedance.defaults.size': '21:9',
        'seedance.defaults.resolution': '1080p',
      },
      vscode.ConfigurationTarget.Workspace,
    );

    it('uses the selected paragraph (trimmed, lines kept), with every step fixed by settings', async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), 'script.md'));
      const editor = await vscode.window.showTextDocument(doc);
      const paragraph = SCRIPT.split('\n\n')[1];
      const start = doc.getText().indexOf(paragraph);
      editor.selection = new vscode.Selection(doc.positionAt(start - 1), doc.positionAt(start + paragraph.length + 1));
      const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo');
      assert.ok(job);
      assert.equal(job.prompt, paragraph.trim());
      assert.ok(job.prompt.includes('\n'), 'multi-line prompt kept');
      const [post] = await sim.posts();
      // multipart/form-data sends line breaks in text fields as CRLF (the HTML spec's encoding).
      const sent = { ...post.fields, prompt: (post.fields?.prompt as string).replace(/\r\n/g, '\n') };
      assert.deepEqual(sent, {
        prompt: paragraph.trim(),
        model: 'doubao-seedance-1-0-pro',
        seconds: '2',
        size: '21:9',
        resolution: '1080p',
      });
      await waitForPhase(ext.api, job.id, 'done');
      await closeEditorsWithoutSaving();
    });
  });

  it('never takes a row, a URI or a list for options: it asks instead, and sends nothing', async () => {
    const row = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'a row',
      model: 'doubao-seedance-2-0',
    });
    await sim.clearRequests();
    for (const arg of [row, workspaceFolder(), [row]]) {
      const pending = Promise.resolve(vscode.commands.executeCommand('seedance.generateVideo', arg));
      let settled = false;
      void pending.finally(() => (settled = true));
      // Dismiss what it asks (the prompt box, or a step) the way Esc does, until it gives up.
      await waitFor('the question to be dismissed', async () => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return settled;
      });
      assert.equal(await pending, undefined, 'nothing was generated');
    }
    assert.deepEqual(await sim.posts(), []);
  });

  it('refuses options with an unknown key or model, naming the field, and sends nothing', async () => {
    assert.equal(
      await vscode.commands.executeCommand('seedance.generateVideo', {
        prompt: 'x',
        model: 'doubao-seedance-2-0',
        duration: 5,
      }),
      undefined,
    );
    assert.equal(
      await vscode.commands.executeCommand('seedance.generateVideo', { prompt: 'x', model: 'seedance-9' }),
      undefined,
    );
    assert.deepEqual(await sim.posts(), []);
  });

  it('refuses an invalid request before sending anything', async () => {
    const job = await vscode.commands.executeCommand('seedance.generateVideo', {
      prompt: 'x',
      model: 'doubao-seedance-1-0-pro',
      seconds: 20,
    });
    assert.equal(job, undefined);
    assert.deepEqual(await sim.posts(), []);
  });

  it('Copy Task ID and Copy Prompt put them on the clipboard', async () => {
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'Copy me\nplease',
      model: 'doubao-seedance-2-0',
    });
    // As a person does it: from the row, with the Videos view focused (VS Code in a browser can
    // only use the clipboard while its own page, not a video preview's frame, has focus).
    await vscode.commands.executeCommand('seedance.jobs.focus');
    await vscode.commands.executeCommand('seedance.copyTaskId', job);
    assert.equal(await vscode.env.clipboard.readText(), job.id);
    await vscode.commands.executeCommand('seedance.copyPrompt', job.id);
    assert.equal(await vscode.env.clipboard.readText(), job.prompt);
  });

  it('Clear Finished empties the list of finished jobs but keeps their files', async () => {
    const mine = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'to be cleared',
      model: 'doubao-seedance-2-0',
    });
    await waitForPhase(ext.api, mine.id, 'done');
    const done = ext.api.jobs.all().filter((j) => j.phase === 'done');
    await vscode.commands.executeCommand('seedance.clearFinished');
    // Every job finished when it was chosen is gone (an earlier test's job finishing since stays).
    assert.ok(done.some((j) => j.id === mine.id));
    assert.deepEqual(
      done.filter((j) => ext.api.jobs.get(j.id)),
      [],
    );
    for (const j of done) assert.ok((await readFile(j.videoPath)).length > 0);
  });
});
