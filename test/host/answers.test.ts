// Every answer the route gives, understood, in the real extension host: the video wherever its
// link is (fail_reason, or /content), an empty balance during Generate All (one message, one
// request), a moderated scene failing alone, and the diagnostic report of a finished job.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { validateRequest } from '../../src/api';
import type { Job } from '../../src/jobs/job';
import {
  sim,
  useExtension,
  waitFor,
  waitForPhase,
  workspaceFolder,
  rowItem,
  closeEditorsWithoutSaving,
} from './support';

const SCRIPT = (middle: string) => `# The harbour

## Dawn

Fishing boats leave the harbour as the sun rises.

## Noon

${middle}

## Dusk

The boats come home under a red sky.
`;

describe('every answer the route gives', () => {
  const ext = useExtension();
  let dir: string;

  beforeEach(async () => {
    dir = join(workspaceFolder().fsPath, `answers-${Date.now()}`);
    await mkdir(dir, { recursive: true });
    ext.api.messages.length = 0;
  });
  afterEach(async () => {
    await closeEditorsWithoutSaving();
    await rm(dir, { recursive: true, force: true });
  });

  async function submit(prompt: string): Promise<Job> {
    const req = await validateRequest({ prompt, model: 'doubao-seedance-2-0', seconds: 4 });
    return ext.api.manager.submit(
      { request: req, folder: workspaceFolder().toString() },
      { signal: new AbortController().signal },
    );
  }

  for (const linkIn of ['fail_reason', 'none'] as const) {
    it(`a finished task whose link is ${linkIn === 'none' ? 'nowhere (served at /content)' : 'in fail_reason'} ends as a file on disk`, async () => {
      await sim.config({ linkIn });
      const job = await submit(`the link in ${linkIn}`);
      const done = await waitForPhase(ext.api, job.id, 'done');
      assert.ok(done.videoPath);
      const content = (await sim.requests()).filter((r) => r.path.endsWith('/content'));
      assert.equal(content.length, linkIn === 'none' ? 1 : 0);
    });
  }

  async function generateAll(uri: vscode.Uri, until: () => Promise<boolean>): Promise<Job[]> {
    const running = vscode.commands.executeCommand<Job[]>('seedance.generateAllScenes', uri);
    await waitFor('the summary to be accepted', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return until();
    });
    return (await running) ?? [];
  }

  it('an empty balance during Generate All: one request, one message with Open CometAPI Billing', async () => {
    await sim.fault({
      fault: { kind: 'status', status: 403, code: 'insufficient_user_quota' },
      match: { method: 'POST' },
      times: 'always',
    });
    await writeFile(join(dir, 'harbour.script.md'), SCRIPT('Gulls circle the market stalls.'));
    const uri = vscode.Uri.file(join(dir, 'harbour.script.md'));
    await vscode.window.showTextDocument(uri);
    const jobs = await generateAll(uri, async () => (await sim.posts()).length > 0);
    assert.deepEqual(jobs, []);
    assert.equal((await sim.posts()).length, 1, 'the other scenes were not sent');
    const errors = await waitFor('the message', () => {
      const shown = ext.api.messages.filter((m) => m.severity === 'error');
      return shown.length ? shown : undefined;
    });
    assert.equal(errors.length, 1, errors.map((e) => e.text).join('\n'));
    assert.match(errors[0].text, /balance is too low for this job \(insufficient_user_quota\)/);
    assert.match(errors[0].text, /0 of 3 scenes were started; 2 were not sent/);
    assert.doesNotMatch(errors[0].text, /request id/);
    assert.ok(errors[0].actions.includes('Open CometAPI Billing'), errors[0].actions.join(', '));
  });

  it('a moderated scene fails alone, named for what was refused, while the other two finish', async () => {
    await writeFile(join(dir, 'harbour.script.md'), SCRIPT('A fight breaks out at the market [sim:moderated-prompt]'));
    const uri = vscode.Uri.file(join(dir, 'harbour.script.md'));
    await vscode.window.showTextDocument(uri);
    const jobs = await generateAll(uri, async () => (await sim.posts()).length >= 3);
    assert.equal(jobs.length, 3);
    const ends = await waitFor('every scene to end', () => {
      const now = jobs.map((j) => ext.api.jobs.get(j.id)!);
      return now.every((j) => j.phase === 'done' || j.phase === 'failed') ? now : undefined;
    });
    const failed = ends.filter((j) => j.phase === 'failed');
    assert.deepEqual(
      failed.map((j) => j.origin?.heading),
      ['Noon'],
    );
    const failure = failed[0].phase === 'failed' ? failed[0].failure : undefined;
    assert.equal(failure?.code, 'provider', 'stored as a code with the provider’s data, not a sentence');
    assert.equal(failure.moderated, 'prompt');
    assert.equal(failure.providerCode, 'InputTextSensitiveContentDetected');
    assert.ok(failure.requestId, 'the request id is kept for support');
    assert.equal(ends.filter((j) => j.phase === 'done').length, 2);
    const shown = await waitFor('the failure message', () =>
      ext.api.messages.find((m) => /content moderation: the prompt/.test(m.text)),
    );
    assert.ok(shown.actions.includes('Edit the Prompt'), shown.actions.join(', '));
    assert.match(String(rowItem(ext.api, failed[0]).description), /^Refused by content moderation: the prompt/);
  });

  it('Copy Diagnostic Report on a finished job: each request’s status, no key, no signed query, no prompt', async () => {
    const job = await submit('A secret harbour festival at night');
    await waitForPhase(ext.api, job.id, 'done');
    const report = await vscode.commands.executeCommand<string>('seedance.copyDiagnosticReport', job.id, false);
    assert.equal(await vscode.env.clipboard.readText(), report, 'it is on the clipboard');
    assert.match(report, /POST \/v1\/videos → 200/);
    assert.match(report, new RegExp(`GET /v1/videos/${job.id} → 200`));
    assert.match(report, /GET \(video\) .* → 200/);
    assert.ok(!report.includes(sim.key), 'no key');
    assert.doesNotMatch(report, /signature=|expires=/i, 'no signed query');
    assert.ok(!report.includes('secret harbour'), 'no prompt');
    assert.match(report, /\[prompt removed: \d+ characters\]/);
  });
});
