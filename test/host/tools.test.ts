// Copilot agent mode: the two language-model tools, invoked through vscode.lm.invokeTool as a
// chat would, outside a chat session (VS Code then asks with a modal dialog, answered here by the
// harness as a person would: test/harness/dialogs.ts).
import assert from 'node:assert/strict';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { fixture } from '../support/paths';
import { answerNextDialog, sim, useExtension, waitForPhase, workspaceFolder } from './support';

const GENERATE = 'seedance_generate_video';
const CHECK = 'seedance_check_videos';
const invoke = (name: string, input: object) =>
  Promise.resolve(vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
const textOf = (r: vscode.LanguageModelToolResult) =>
  r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

describe('Copilot agent-mode tools', () => {
  const ext = useExtension();

  it('are registered, with their input schemas', () => {
    const tools = new Map(vscode.lm.tools.map((t) => [t.name, t]));
    assert.ok(tools.has(GENERATE) && tools.has(CHECK), [...tools.keys()].join(', '));
    assert.deepEqual((tools.get(GENERATE)!.inputSchema as { required: string[] }).required, ['prompt']);
  });

  it('answer invalid input with what to fix, before any confirmation, and send nothing', async () => {
    await assert.rejects(
      invoke(GENERATE, { prompt: 'A fox', model: 'doubao-seedance-1-0-pro', seconds: 20 }),
      /nothing was sent: seconds must be between 2 and 10 for doubao-seedance-1-0-pro \(got 20\)/,
    );
    await assert.rejects(
      invoke(GENERATE, { prompt: 'A fox', images: ['/etc/hosts'] }),
      /nothing was sent: .*hosts is outside the workspace; only files inside the workspace folders can be used/,
    );
    assert.deepEqual(await sim.posts(), []);
  });

  it('declining the confirmation spends nothing', async () => {
    const dialog = answerNextDialog('Cancel');
    const call = invoke(GENERATE, { prompt: 'A fox in the snow, declined', model: 'doubao-seedance-2-0', seconds: 5 });
    const seen = await dialog;
    assert.equal(seen.message, 'Generate a video with Seedance 2.0? ≈ $0.40 (estimate, prices of 2026-08)');
    assert.match(seen.detail, /^This starts one paid job at CometAPI\./);
    assert.deepEqual(seen.buttons, ['Cancel', 'Yes']);
    assert.match(seen.detail, /Prompt: A fox in the snow, declined/);
    assert.match(seen.detail, /Model: Seedance 2\.0 \(doubao-seedance-2-0\)/);
    assert.match(seen.detail, /Duration: 5 s/);
    await assert.rejects(call);
    assert.deepEqual(await sim.posts(), [], 'no request left the machine');
  });

  it('a relative image path is read from the workspace folder, and shown by its place there; no model named: 2.0 fast', async () => {
    const dir = join(workspaceFolder().fsPath, `tool-frames-${Date.now()}`);
    await mkdir(dir, { recursive: true });
    await copyFile(fixture('images', 'sample.png'), join(dir, 'dawn.png'));
    try {
      const dialog = answerNextDialog('Cancel');
      const call = invoke(GENERATE, { prompt: 'A fox at dawn', images: [`${basename(dir)}/dawn.png`] });
      const seen = await dialog;
      assert.match(seen.detail, new RegExp(`\\[Image 1\\]: ${basename(dir)}/dawn\\.png`));
      assert.match(seen.detail, /Model: Seedance 2\.0 Fast \(doubao-seedance-2-0-fast\)/);
      await assert.rejects(call);
      assert.deepEqual(await sim.posts(), [], 'declined: nothing sent');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('confirmed: exactly one job, its id returned at once; check videos follows it to the file', async () => {
    // The render lasts until the test ends it: a tool that waited for the video would never answer.
    await sim.config({ pace: 'held' });
    const dialog = answerNextDialog('<primary>');
    const result = await invoke(GENERATE, {
      prompt: 'A fox in the snow, confirmed',
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
      size: '9:16',
      resolution: '480p',
    });
    await dialog;
    const text = textOf(result);
    const id = /Started Seedance task (task_\w+)/.exec(text)?.[1];
    assert.ok(id, text);
    assert.equal((await sim.posts()).length, 1, 'one job');
    assert.equal(
      ext.api.jobs.get(id)?.phase,
      'rendering',
      'returned before the video is done, listed in the Videos view',
    );
    await sim.finish(id);
    const done = await waitForPhase(ext.api, id, 'done');
    const checked = textOf(await invoke(CHECK, { taskId: id }));
    assert.ok(checked.includes(`${id}: Ready`), checked);
    assert.ok(checked.includes(done.videoPath), 'with the file path');
    assert.match(textOf(await invoke(CHECK, {})), new RegExp(id));
  });
});
