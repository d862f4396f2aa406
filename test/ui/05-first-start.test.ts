// The first minutes: the first start in a new profile opens the Getting Started walkthrough by
// itself. That it stays closed afterwards is checked after the reload of 40-tree (a second reload
// here, while every other VS Code of the run starts, made this window take minutes).
import assert from 'node:assert/strict';
import { ui } from './context';
import { runCommand } from './workbench';

describe('the first start', () => {
  /** The walkthrough's first step, shown only while the walkthrough is open. */
  const step = () => ui.page.locator('.getting-started-step').filter({ hasText: 'Set your CometAPI key' });

  it('opens the walkthrough by itself, once', async () => {
    const { page, session } = ui;
    // This session's profile is new: the extension has activated once, and opened it.
    await step().first().waitFor({ timeout: 30_000 });
    assert.equal((await session.logLines(/First start: opened the walkthrough/)).length, 1);
    await ui.shot('first-start-walkthrough');
    await runCommand(page, 'View: Close All Editors');
    await step().first().waitFor({ state: 'detached' });
  });
});
