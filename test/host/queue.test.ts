// The send queue in the real extension host: Generate All of eight scenes with an account that
// renders three at a time (the simulator answers a fourth with a 429, as gateways do) never has
// more than three at the provider; the rest wait as "Waiting to send" rows with their place, and
// all eight arrive with one request each.
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import {
  acceptingAll,
  closeEditorsWithoutSaving,
  rowItem,
  sim,
  useExtension,
  useSettings,
  waitFor,
  workspaceFolder,
} from './support';

const SCENES = 8;
const SCRIPT = `# The harbour\n\n${Array.from({ length: SCENES }, (_, i) => `## Shot ${i + 1}\n\nBoats at the quay, take ${i + 1}.\n`).join('\n')}`;

describe('the send queue', () => {
  const ext = useExtension();
  useSettings({ 'seedance.maxConcurrentJobs': 3 });
  let dir: string;

  beforeEach(async () => {
    dir = join(workspaceFolder().fsPath, `queue-${Date.now()}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'harbour.md'), SCRIPT);
    // Rendering until the test ends each job; the account takes three at once, and has none of an
    // earlier test's tasks still rendering.
    await sim.endLeftovers();
    await sim.config({ pace: 'held', maxRunning: 3 });
  });

  afterEach(async () => {
    await closeEditorsWithoutSaving();
    await rm(dir, { recursive: true, force: true });
  });

  it('Generate All of eight scenes with a limit of three: never more than three running, the rest wait in order, all eight arrive, one request each', async () => {
    const uri = vscode.Uri.file(join(dir, 'harbour.md'));
    await vscode.window.showTextDocument(uri);
    const jobs = await acceptingAll(vscode.commands.executeCommand<Job[]>('seedance.generateAllScenes', uri));
    assert.equal(jobs.length, SCENES, 'every scene has its job, sent or waiting');
    assert.equal((await sim.posts()).length, 3, 'three sent');
    const waiting = ext.api.manager.waiting();
    assert.equal(waiting.length, SCENES - 3);
    // Each waiting row says it waits, and its place.
    assert.match(
      String((rowItem(ext.api, waiting[0]).label as vscode.TreeItemLabel).label),
      /^Waiting to send · next · /,
    );
    assert.match(
      String((rowItem(ext.api, waiting[1]).label as vscode.TreeItemLabel).label),
      /^Waiting to send · 1 ahead · /,
    );
    // Each job the provider has is ended in turn; the next in line is sent as a place frees up.
    const finished = new Set<string>();
    await waitFor(
      'all eight videos',
      async () => {
        for (const job of ext.api.jobs.all().filter((j) => jobs.some((s) => s.id === j.id))) {
          if (job.phase === 'rendering' && !finished.has(job.id)) {
            finished.add(job.id);
            await sim.finish(job.taskId ?? job.id);
          }
        }
        await vscode.commands.executeCommand('seedance.refresh');
        return jobs.every((j) => ext.api.jobs.get(j.id)?.phase === 'done');
      },
      60_000,
    );
    const posts = await sim.posts();
    assert.equal(posts.length, SCENES, 'one request per scene');
    assert.ok(
      posts.every((p) => p.status === 200),
      'the account’s limit was never met',
    );
    const { peakRunning } = await sim.config({});
    assert.ok(peakRunning <= 3, `at most three at the provider at once (${peakRunning})`);
  });
});
