// Generate Video from an editor selection, and what a person sees when a submission fails.
import assert from 'node:assert/strict';
import { ui } from './context';
import {
  contextMenu,
  explorerItem,
  openVideosView,
  quick,
  runCommand,
  seeNotification,
  setApiKey,
  until,
  waitForRow,
} from './workbench';

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
  // The status bar says so once the selection is made (a key pressed before the editor had the
  // focus would have moved nothing).
  await page
    .locator('.statusbar-item')
    .filter({ hasText: /\(\d+ selected\)/ })
    .first()
    .waitFor();
}

describe('Generate Video from the editor', () => {
  before(() => setApiKey(ui.page, ui.session.sim.key));

  it('uses the selected paragraph from the editor context menu', async () => {
    const { page, session } = ui;
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

  it('Edit the prompt at the summary comes back to the summary, every answer and line break kept', async () => {
    const { page, session } = ui;
    session.sim.requests.length = 0;
    await openScriptAndSelectFirstScene();
    // From the editor's menu, on the selection (the palette's Escape would clear the selection first).
    await contextMenu(
      page,
      page.locator('.editor-instance .view-line').filter({ hasText: 'A slow cinematic camera push' }).first(),
      'Generate Video',
    );
    await quick.acceptDefaults(page, 1, 5, 2);
    await quick.waitForTitle(page, /\(3\/5\)/);
    await quick.pick(page, '1:1');
    await quick.acceptDefaults(page, 4, 5, 4);
    await quick.waitForTitle(page, /\(5\/5\)/);
    await quick.pick(page, 'Edit the prompt');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // The box holds one line: the selection's line break shows as ⏎, not as two lines run together.
    // (The quick pick's box turns into the prompt box: wait for the prompt to be in it.)
    const shown = await until(
      'the prompt box to hold the selection',
      async () => {
        const value = await input.inputValue();
        return value.includes('⏎') && value;
      },
      () => input.inputValue(),
    );
    assert.equal(
      shown,
      'A slow cinematic camera push across a coastal landscape at sunrise, waves rolling in, ⏎ gulls crossing the frame, warm light breaking through low clouds.',
    );
    await ui.shot('edit-prompt-line-break');
    await quick.enter(page, `${shown} Golden hour.`);
    // Back at the summary with the new prompt, not at step 1 with the answers lost.
    await quick.waitForTitle(page, /\(5\/5\)/);
    const summary = await quick.items(page);
    assert.ok(
      summary.some((i) => i.includes('1:1')),
      summary.join(' | '),
    );
    assert.ok(
      summary.some((i) => i.includes('Golden hour.')),
      summary.join(' | '),
    );
    assert.equal(session.sim.received('api', 'POST').length, 0, 'nothing sent before Generate');
    await quick.pick(page, 'Generate');
    await openVideosView(page);
    await waitForRow(page, 'A slow cinematic camera push', /Queued|Rendering|Ready/);
    const [post] = session.sim.received('api', 'POST');
    assert.equal(
      (post.fields?.prompt as string).replace(/\r\n/g, '\n'),
      'A slow cinematic camera push across a coastal landscape at sunrise, waves rolling in,\ngulls crossing the frame, warm light breaking through low clouds. Golden hour.',
    );
    assert.equal(post.fields?.size, '1:1', 'the answer given before editing the prompt');
    await runCommand(page, 'View: Close All Editors');
  });

  it('a refused submission keeps the prompt: Edit and Retry reopens it, filled in, then the summary', async () => {
    const { page, session } = ui;
    session.sim.faults.add({ fault: { kind: 'status', status: 403 }, match: { method: 'POST' } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quick.enter(page, '>Seedance: Generate Video');
    await quick.enter(page, 'A hummingbird in slow motion, macro lens');
    await quick.acceptDefaults(page, 1, 5);
    const toast = await seeNotification(page, /The provider's firewall blocked the request \(403\)/);
    await ui.shot('submission-refused');
    await toast.locator('.monaco-button').filter({ hasText: 'Edit and Retry' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.inputValue(), 'A hummingbird in slow motion, macro lens', 'the prompt is kept');
    await page.keyboard.press('Enter');
    // The answers given stand: straight back to the summary, where Generate sends it.
    await quick.acceptDefaults(page, 5, 5);
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
    const toast = await seeNotification(page, /no definite answer/);
    await toast.locator('.monaco-button').filter({ hasText: 'Track Task by ID' }).waitFor();
    await toast.locator('.monaco-button').filter({ hasText: 'Try Again Anyway' }).waitFor();
    await ui.shot('outcome-unknown');
    // The message comes after the client gave up on the create: no re-send can follow it.
    assert.equal(session.sim.received('api', 'POST').length, 1, 'sent once, never silently again');
  });
});
