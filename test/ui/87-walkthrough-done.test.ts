// The walkthrough reflects what was done: opened with Seedance: Get Started only after the steps
// were done (VS Code's walkthrough service hears nothing before it is shown), every step that
// was done shows as done, and nothing else. In a window of its own (a fresh profile, no key).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { useSiblingSession } from './context';
import {
  contextMenu,
  explorerItem,
  generateFromPalette,
  openFileByName,
  openVideosView,
  quick,
  runCommand,
  setApiKey,
  waitForRow,
} from './workbench';

const STEPS = [
  'Set your CometAPI key',
  'Generate from a selection',
  'Animate an image',
  'Open the gallery',
  'From script to film',
] as const;

const SCRIPT = `# A walk

## The gate

\`\`\`seedance
model: doubao-seedance-2-0
seconds: 4
\`\`\`

An iron gate swings open onto a garden.
`;

async function stepsDone(page: Page, done: readonly string[], shot: () => Promise<unknown>): Promise<void> {
  await runCommand(page, 'Seedance: Get Started');
  for (const title of STEPS) {
    const step = page.locator('.getting-started-step').filter({ hasText: title }).first();
    const icon = done.includes(title) ? 'checked' : 'unchecked';
    await step.locator(`.codicon-getting-started-step-${icon}`).waitFor({ timeout: 10_000 });
  }
  await shot();
  await runCommand(page, 'View: Close All Editors');
}

describe('the Getting Started walkthrough, opened after the steps were done', () => {
  const sibling = useSiblingSession('ui-walkthrough', {});

  it('shows the gallery step alone once the gallery was opened; then every step, once each was done', async () => {
    const { session } = sibling;
    const { page } = session.workbench!;
    await runCommand(page, 'Seedance: Open Gallery');
    await page.locator('.tab').filter({ hasText: 'Seedance Gallery' }).first().waitFor();
    await runCommand(page, 'View: Close All Editors');
    await stepsDone(page, ['Open the gallery'], () => session.workbench!.screenshot('walkthrough-new-profile'));

    // The key, a video, an image animated and a script's scene, as a person does each.
    await setApiKey(page, session.sim.key);
    await generateFromPalette(page, 'A garden path at dawn');
    await waitForRow(page, 'A garden path at dawn', /Ready/);
    await contextMenu(page, await explorerItem(page, 'images/sample.png'), 'Generate Video from Image');
    await quick.enter(page, 'The picture comes alive');
    await quick.acceptDefaults(page, 1, 5);
    await openVideosView(page);
    await waitForRow(page, 'The picture comes alive', /Ready/);
    await writeFile(join(session.workspace, 'walk.md'), SCRIPT);
    await openFileByName(page, 'walk.md');
    await page
      .locator('.editor-instance .codelens-decoration a')
      .filter({ hasText: 'Generate All Scenes (1)' })
      .click();
    await quick.waitForTitle(page, /Generate All Scenes of walk\.md/);
    await page.keyboard.press('Enter');
    await page
      .locator('.editor-instance .codelens-decoration a')
      .filter({ hasText: 'Every scene has its video' })
      .waitFor();
    await runCommand(page, 'View: Close All Editors');
    await stepsDone(page, STEPS, () => session.workbench!.screenshot('walkthrough-done'));
  });
});
