// The Videos view with running, finished and failed jobs; the status bar while videos render;
// a window reload while a job renders.
import assert from 'node:assert/strict';
import { ui } from './context';
import { contextMenuItems, openVideosView, quick, runCommand, videoRow, waitForRow } from './workbench';

async function generate(prompt: string): Promise<void> {
  await runCommand(ui.page, 'Seedance: Generate Video');
  await quick.enter(ui.page, prompt);
  await quick.acceptDefaults(ui.page, 1, 4);
  await openVideosView(ui.page);
  await videoRow(ui.page, prompt).waitFor();
}

describe('the Videos view', () => {
  it('shows running, finished and failed jobs, each with its own actions', async () => {
    const { page, session } = ui;
    session.sim.taskSeconds = 3;
    await generate('A rocket launch at dawn [sim:fail]');
    session.sim.taskSeconds = 600;
    await generate('An endless timelapse of clouds');
    await waitForRow(page, 'A rocket launch at dawn', /Failed: /, 30_000);
    await waitForRow(page, 'An endless timelapse of clouds', /Queued|Rendering/);
    await ui.shot('tree-running-finished-failed');

    const status = page.locator('.statusbar-item').filter({ hasText: '1 video rendering' });
    await status.waitFor();
    const failedMenu = await contextMenuItems(page, videoRow(page, 'A rocket launch at dawn'));
    assert.ok(failedMenu.includes('Generate Again') && failedMenu.includes('Copy Task ID'), failedMenu.join(' | '));
    assert.ok(!failedMenu.includes('Open Video'), 'nothing to open for a failed job');
    const doneMenu = await contextMenuItems(page, videoRow(page, 'A fox running through fresh snow'));
    for (const item of ['Open Video', 'Open Externally', 'Reveal in Explorer', 'Remove from List']) assert.ok(doneMenu.includes(item), `${item}: ${doneMenu.join(' | ')}`);
  });

  it('a reload while a job renders keeps it, and it completes without a second POST', async () => {
    const { page, session } = ui;
    const running = [...session.sim.tasks.values()].find((t) => t.prompt.startsWith('An endless timelapse'))!;
    const posts = session.sim.received('api', 'POST').length;
    const activations = await session.activationCount();
    await runCommand(page, 'Developer: Reload Window');
    await session.waitForActivation(60_000, activations);
    await openVideosView(page);
    await waitForRow(page, 'An endless timelapse of clouds', /Queued|Rendering/);
    session.sim.finishTask(running.id);
    await waitForRow(page, 'An endless timelapse of clouds', /Ready/, 60_000);
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing re-submitted');
    assert.equal(await page.locator('.statusbar-item').filter({ hasText: 'rendering' }).count(), 0, 'the status bar item is gone');
    await ui.shot('tree-after-reload');
  });
});
