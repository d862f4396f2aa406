// The Getting Started walkthrough: it opens from the palette, and its first step completes once
// a key is set.
import { ui } from './context';
import { quick, runCommand } from './workbench';

describe('the Getting Started walkthrough', () => {
  it('opens, and its first step completes after Set API Key', async () => {
    const { page } = ui;
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await quick.pick(page, 'Get started with Seedance Video');
    const step = page.locator('.getting-started-step').filter({ hasText: 'Set your CometAPI key' }).first();
    await step.waitFor();
    await step.locator('.codicon-getting-started-step-unchecked').waitFor();
    await ui.shot('walkthrough');
    await step.click();
    await step.locator('a, .monaco-button').filter({ hasText: 'Set API Key' }).first().click();
    await quick.waitForTitle(page, /Set API Key/);
    await quick.enter(page, ui.session.sim.key);
    // Its circle turns into a check once VS Code sees seedance.hasApiKey.
    await step.locator('.codicon-getting-started-step-checked').waitFor();
    await ui.shot('walkthrough-key-set');
    await runCommand(page, 'View: Close All Editors');
  });
});
