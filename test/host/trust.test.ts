// What a cloned repository, a gateway or a broken video host can no longer make the extension do,
// in the real extension host (a trusted workspace; Restricted Mode has its own session:
// test/host/restricted/).
import assert from 'node:assert/strict';
import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { validateRequest } from '../../src/api';
import { parseScenes, refOf } from '../../src/script/scenes';
import { fixture } from '../support/paths';
import {
  acceptingAll,
  sim,
  useExtension,
  useSettings,
  waitFor,
  waitForPhase,
  workspaceFolder,
  lensTitles,
  closeEditorsWithoutSaving,
} from './support';

const lenses = (uri: vscode.Uri) => lensTitles(uri);

const invokeTool = (input: object) =>
  Promise.resolve(vscode.lm.invokeTool('seedance_generate_video', { input, toolInvocationToken: undefined }));

describe('trust at every boundary', () => {
  const ext = useExtension();
  let dir: string;
  let outside: string;

  beforeEach(async () => {
    dir = join(workspaceFolder().fsPath, `trust-${Date.now()}`);
    // A private picture outside the workspace, and a repository that reaches for it.
    outside = join(workspaceFolder().fsPath, '..', `private-${Date.now()}`);
    await mkdir(join(dir, 'assets'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await copyFile(fixture('images', 'sample.jpg'), join(outside, 'passport.jpg'));
    await symlink(join(outside, 'passport.jpg'), join(dir, 'assets', 'storyboard-01.png'));
  });

  afterEach(async () => {
    await closeEditorsWithoutSaving();
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  /** Runs Generate Scene as its lens does, accepting any summary that opens (as a hasty person would). */
  const generateScene = (uri: vscode.Uri, heading: string) =>
    acceptingAll(vscode.commands.executeCommand('seedance.generateScene', uri, heading, 0));

  for (const [how, image] of [
    ['by ../', () => `../../${outside.split('/').pop()}/passport.jpg`],
    ['through a link named like a storyboard', () => 'assets/storyboard-01.png'],
  ] as const) {
    it(`a scene whose image leaves the workspace ${how} sends nothing`, async () => {
      const script = join(dir, 'heist.script.md');
      await writeFile(
        script,
        `# Heist\n\n## Vault\n\n\`\`\`seedance\nimage: ${image()}\nThe vault door swings open.\n\`\`\`\n`,
      );
      const uri = vscode.Uri.file(script);
      await vscode.window.showTextDocument(uri);
      const result = await generateScene(uri, 'Vault');
      assert.equal(result, undefined, 'no job was made');
      assert.deepEqual(await sim.posts(), [], 'no request left the machine');
    });
  }

  it('the agent tool refuses an image reached through a link, before any confirmation', async () => {
    await assert.rejects(
      invokeTool({ prompt: 'A storyboard comes alive', images: [join(dir, 'assets', 'storyboard-01.png')] }),
      /nothing was sent: .*storyboard-01\.png \(a link to .*passport\.jpg\) is outside the workspace/,
    );
    assert.deepEqual(await sim.posts(), []);
  });

  it('a repeated task id keeps both jobs, polls both to their videos, and counts both', async () => {
    const before = ext.api.ledger.thisMonth().jobs;
    const req = await validateRequest({ prompt: 'A repeated id', model: 'doubao-seedance-2-0', seconds: 4 });
    const submit = () =>
      ext.api.manager.submit(
        { request: req, folder: workspaceFolder().toString(), cost: { usd: 0.32, source: 'provider' } },
        { signal: new AbortController().signal },
      );
    const first = await submit();
    await sim.fault({ spec: 'repeat-id/post' });
    const second = await submit();
    assert.notEqual(second.id, first.id, 'the second job is keyed apart');
    assert.equal(second.taskId, first.id, 'it is the task the provider named');
    assert.ok(ext.api.jobs.get(first.id) && ext.api.jobs.get(second.id), 'both are in the list');
    await waitForPhase(ext.api, first.id, 'done');
    const done = await waitForPhase(ext.api, second.id, 'done');
    assert.ok(done.videoPath);
    assert.equal(ext.api.ledger.thisMonth().jobs, before + 2, 'both paid jobs are counted');
  });

  describe('a scene whose video the provider already made', () => {
    let uri: vscode.Uri;
    beforeEach(async () => {
      await writeFile(join(dir, 'tide.script.md'), '# Tide\n\n## Shore\n\nWaves roll in at dusk.\n');
      uri = vscode.Uri.file(join(dir, 'tide.script.md'));
      await vscode.window.showTextDocument(uri);
    });

    async function submitScene(): Promise<string> {
      const doc = await vscode.workspace.openTextDocument(uri);
      const [scene] = parseScenes(doc.getText());
      const req = await validateRequest({ prompt: scene.prompt, model: 'doubao-seedance-2-0', seconds: 4 });
      const job = await ext.api.manager.submit(
        { request: req, folder: workspaceFolder().toString(), origin: refOf(uri.toString(), scene) },
        { signal: new AbortController().signal },
      );
      return job.id;
    }

    it('a failed download offers Retry Download, never a new paid job, and Generate All leaves it out', async () => {
      await sim.fault({ spec: '403*always/video' });
      const id = await submitScene();
      await waitForPhase(ext.api, id, 'download-failed');
      const shown = await waitFor('the lens to show the failed download', async () => {
        const l = await lenses(uri);
        return l.some((t) => t.includes('Retry Download')) ? l : undefined;
      });
      assert.ok(!shown.some((t) => /Generate Video|Retry$/.test(t)), shown.join('\n'));
      assert.ok(!shown.some((t) => /Generate All Scenes/.test(t)), `nothing left to make: ${shown.join('\n')}`);
      const posts = (await sim.posts()).length;
      await sim.clearFaults();
      await vscode.commands.executeCommand('seedance.retryDownload', id);
      await waitForPhase(ext.api, id, 'done');
      assert.equal((await sim.posts()).length, posts, 'fetched again without a new job');
    });

    describe('with a short deadline', () => {
      useSettings({ 'seedance.jobTimeoutMinutes': 0.05 });
      it('a timed-out scene offers Resume, never a new paid job', async () => {
        await sim.config({ pace: 'held' });
        const id = await submitScene();
        await waitForPhase(ext.api, id, 'timed-out', 20_000);
        const shown = await waitFor('the lens to offer Resume', async () => {
          const l = await lenses(uri);
          return l.some((t) => t.endsWith('Resume')) ? l : undefined;
        });
        assert.ok(!shown.some((t) => /Generate Video|Generate All Scenes/.test(t)), shown.join('\n'));
      });
    });
  });
});
