// Generate Video from an editor selection, and what a person sees when a submission fails.
import assert from 'node:assert/strict';
import { ui } from './context';
import { contextMenu, explorerItem, notification, openVideosView, quick, runCommand, waitForRow } from './workbench';

async function openScriptAndSelectFirstScene(): Promise<void> {
  const { page } = ui;
  await (await explorerItem(page, 'script.md')).click();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  // Lines 3–4 hold the first scene's paragraph.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
}

describe('Generate Video from the editor', () => {
  it('uses the selected paragraph from the editor context menu', async () => {
    const { page, session } = ui;
    session.sim.taskSeconds = 3;
    session.sim.requests.length = 0;
    await openScriptAndSelectFirstScene();
    // Right-click on the selected text itself, as a person does (elsewhere would move the cursor).
    await contextMenu(
      page,
      page.locator('.editor-instance .view-line').filter({ hasText: 'A slow cinematic camera push' }).first(),
      'Generate Video',
    );
    await ui.shot('editor-selection-generate');
    await quick.acceptDefaults(page, 1, 5);
    await openVideosView(page);
    await waitForRow(page, 'A slow cinematic camera push', /Queued|Rendering|Ready/);
    const [post] = session.sim.received('api', 'POST');
    assert.equal(
      (post.fields?.prompt as string).replace(/\r\n/g, '\n'),
      'A slow cinematic camera push across a coastal landscape at sunrise, waves rolling in,\ngulls crossing the frame, warm light breaking through low clouds.',
    );
    await waitForRow(page, 'A slow cinematic camera push', /Ready/);
    await runCommand(page, 'View: Close All Editors');
  });

  it('a refused submission keeps the prompt: Edit and Retry reopens it, filled in', async () => {
    const { page, session } = ui;
    session.sim.faults.add({ fault: { kind: 'status', status: 403 }, match: { method: 'POST' } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quick.enter(page, '>Seedance: Generate Video');
    await quick.enter(page, 'A hummingbird in slow motion, macro lens');
    await quick.acceptDefaults(page, 1, 5);
    const toast = notification(page, /The provider's firewall blocked the request \(403\)/);
    await toast.waitFor();
    await ui.shot('submission-refused');
    await toast.locator('.monaco-button').filter({ hasText: 'Edit and Retry' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.inputValue(), 'A hummingbird in slow motion, macro lens', 'the prompt is kept');
    await page.keyboard.press('Enter');
    await quick.acceptDefaults(page, 1, 5);
    await openVideosView(page);
    await waitForRow(page, 'A hummingbird in slow motion', /Queued|Rendering|Ready/);
  });

  it('an unknown outcome is reported with its suggestions, and nothing is re-sent', async () => {
    const { page, session } = ui;
    session.sim.requests.length = 0;
    session.sim.faults.add({ fault: { kind: 'status', status: 524 }, match: { method: 'POST' }, commit: true });
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quick.enter(page, '>Seedance: Generate Video');
    await quick.enter(page, 'A lantern festival over a river');
    await quick.acceptDefaults(page, 1, 5);
    const toast = notification(page, /no definite answer/);
    await toast.waitFor();
    await toast.locator('.monaco-button').filter({ hasText: 'Track Task by ID' }).waitFor();
    await toast.locator('.monaco-button').filter({ hasText: 'Try Again Anyway' }).waitFor();
    await ui.shot('outcome-unknown');
    // The message comes after the client gave up on the create: no re-send can follow it.
    assert.equal(session.sim.received('api', 'POST').length, 1, 'sent once, never silently again');
  });
});
