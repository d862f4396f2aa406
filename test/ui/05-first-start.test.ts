// The first minutes: the first start in a new profile opens the Getting Started walkthrough by
// itself, once; closed, it stays closed through a reload.
import assert from 'node:assert/strict';
import { ui } from './context';
import { runCommand } from './workbench';

describe('the first start', () => {
  /** The walkthrough's first step, shown only while the walkthrough is open. */
  const step = () => ui.page.locator('.getting-started-step').filter({ hasText: 'Set your CometAPI key' });

  it('opens the walkthrough once, and not again after it is closed', async () => {
    const { page, session } = ui;
    // This session's profile is new: the extension has activated once, and opened it.
    await step().first().waitFor({ timeout: 30_000 });
    assert.equal((await session.logLines(/First start: opened the walkthrough/)).length, 1);
    await ui.shot('first-start-walkthrough');
    await runCommand(page, 'View: Close All Editors');
    await step().first().waitFor({ state: 'detached' });
    const activations = await session.activationCount();
    await runCommand(page, 'Developer: Reload Window');
    await session.waitForActivation(60_000, activations);
    // The extension says it did not open it this time; nothing opened it.
    for (let i = 0; (await session.logLines(/Walkthrough: not opened/)).length === 0; i++) {
      assert.ok(i < 300, 'the extension never said what it did about the walkthrough');
      await page.waitForTimeout(100);
    }
    assert.equal(await step().count(), 0, 'not opened again');
    assert.equal((await session.logLines(/First start: opened the walkthrough/)).length, 1);
  });
});
