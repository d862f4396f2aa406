// The Videos view with running, finished and failed jobs; the status bar while videos render;
// a window reload while a job renders.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ui } from './context';
import {
  contextMenu,
  contextMenuItems,
  explorerItem,
  generateFromPalette,
  notification,
  openVideosView,
  runCommand,
  seeNotification,
  setApiKey,
  videoRow,
  waitForRow,
} from './workbench';

describe('the Videos view', () => {
  /** A finished video the suite's tests look at (none changes it). */
  const DONE = 'A quiet harbour at noon';
  before(async () => {
    await setApiKey(ui.page, ui.session.sim.key);
    await generateFromPalette(ui.page, DONE);
    await waitForRow(ui.page, DONE, /Ready/);
  });

  it('shows running, finished and failed jobs, each with its own actions', async () => {
    const { page, session } = ui;
    await generateFromPalette(ui.page, 'A rocket launch at dawn [sim:fail]');
    session.sim.pace = 'held';
    await generateFromPalette(ui.page, 'An endless timelapse of clouds');
    await waitForRow(page, 'A rocket launch at dawn', /Failed: /, 30_000);
    await waitForRow(page, 'An endless timelapse of clouds', /Queued|Rendering/);
    await ui.shot('tree-running-finished-failed');

    const status = page.locator('.statusbar-item').filter({ hasText: /1 rendering · \d+%/ });
    await status.waitFor();
    // With the Explorer showing instead, the status bar item brings the Videos view back.
    await explorerItem(page, 'script.md');
    const view = page.locator('[id="workbench.view.extension.seedance"]');
    await view.waitFor({ state: 'hidden' });
    await status.click();
    await view.waitFor({ state: 'visible' });
    const failedMenu = await contextMenuItems(page, videoRow(page, 'A rocket launch at dawn'));
    assert.ok(failedMenu.includes('Generate Again') && failedMenu.includes('Copy Task ID'), failedMenu.join(' | '));
    assert.ok(!failedMenu.includes('Open Video'), 'nothing to open for a failed job');
    const doneMenu = await contextMenuItems(page, videoRow(page, DONE));
    for (const item of ['Open Video', 'Reveal in Explorer', 'Remove from List'])
      assert.ok(doneMenu.includes(item), `${item}: ${doneMenu.join(' | ')}`);
    // In a browser window the file is on the server: no OS player to hand it to, a download instead.
    assert.ok(
      doneMenu.includes('Download to This Computer') && !doneMenu.includes('Open Externally'),
      doneMenu.join(' | '),
    );
    session.sim.finishLatest();
    await waitForRow(page, 'An endless timelapse of clouds', /Ready/);
  });

  it('Reveal in Explorer selects the video; Download to This Computer hands exactly it to the browser', async () => {
    const { page, session } = ui;
    const name = readdirSync(join(session.workspace, 'videos')).find((f) => f.startsWith('a-quiet-harbour-at-noon'))!;
    await openVideosView(page);
    await contextMenu(page, videoRow(page, DONE), 'Reveal in Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row.selected').filter({ hasText: name }).waitFor();
    await ui.shot('revealed-in-explorer');

    await openVideosView(page);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      contextMenu(page, videoRow(page, DONE), 'Download to This Computer'),
    ]);
    assert.equal(download.suggestedFilename(), name);
    const received = await readFile(await download.path());
    assert.ok(
      received.equals(await readFile(join(session.workspace, 'videos', name))),
      'the same bytes as the video in the workspace',
    );
  });

  it('a reload while a job renders keeps it, and it completes without a second POST', async () => {
    const { page, session } = ui;
    session.sim.pace = 'held';
    await generateFromPalette(page, 'A timelapse across a reload');
    await waitForRow(page, 'A timelapse across a reload', /Queued|Rendering/);
    const running = [...session.sim.tasks.values()].find((t) => t.prompt === 'A timelapse across a reload')!;
    const posts = session.sim.received('api', 'POST').length;
    const activations = await session.activationCount();
    await runCommand(page, 'Developer: Reload Window');
    await session.waitForActivation(120_000, activations);
    await openVideosView(page);
    await waitForRow(page, 'A timelapse across a reload', /Queued|Rendering/);
    session.sim.finishTask(running.id);
    await waitForRow(page, 'A timelapse across a reload', /Ready/, 60_000);
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing re-submitted');
    assert.equal(
      await page.locator('.statusbar-item').filter({ hasText: 'rendering' }).count(),
      0,
      'the status bar item is gone',
    );
    await ui.shot('tree-after-reload');
    // The walkthrough opened by itself on the first start only (05-first-start), not on this one.
    assert.equal((await session.logLines(/First start: opened the walkthrough/)).length, 1);
    assert.ok((await session.logLines(/Walkthrough: not opened/)).length >= 1);
    assert.equal(await page.locator('.getting-started-step').count(), 0, 'not opened again');
  });

  /** Three jobs rendering, then ended by the provider in the same moment. */
  async function endTogether(prompts: string[], outcome: 'SUCCESS' | 'FAILED'): Promise<void> {
    ui.session.sim.pace = 'held';
    for (const prompt of prompts) await generateFromPalette(ui.page, prompt);
    for (const prompt of prompts) await waitForRow(ui.page, prompt, /Queued|Rendering/);
    for (const task of ui.session.sim.tasks.values())
      if (prompts.includes(task.prompt)) ui.session.sim.finishTask(task.id, outcome);
  }

  it('several videos failing in one poll make one notification, not one each', async () => {
    const prompts = ['A storm over the harbour', 'A storm over the hills', 'A storm over the city'];
    await endTogether(prompts, 'FAILED');
    await seeNotification(ui.page, /Seedance: 3 videos failed; the first: /);
    for (const prompt of prompts) await waitForRow(ui.page, prompt, /Failed: /);
    assert.equal(await notification(ui.page, /a video failed/).count(), 0, 'no notification per video');
    await ui.shot('three-failed-one-notification');
  });

  it('several videos arriving together make one notification, not one each', async () => {
    const prompts = ['Sunrise over the dunes', 'Sunrise over the lake', 'Sunrise over the roofs'];
    await endTogether(prompts, 'SUCCESS');
    await seeNotification(ui.page, /3 videos ready: sunrise-over-/);
    for (const prompt of prompts) await waitForRow(ui.page, prompt, /Ready/);
    assert.equal(await notification(ui.page, /Video ready: sunrise-over-/).count(), 0, 'no notification per video');
  });
});
