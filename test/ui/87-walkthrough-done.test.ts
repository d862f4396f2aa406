// The walkthrough reflects what was done: opened with Seedance: Get Started only after the steps
// were done (VS Code's walkthrough service hears nothing before it is shown), every step that
// was done shows as done.
import { ui, useSiblingSession } from './context';
import { runCommand } from './workbench';

const STEPS = [
  'Set your CometAPI key',
  'Generate from a selection',
  'Animate an image',
  'Open the gallery',
  'From script to film',
] as const;

async function stepsDone(page: typeof ui.page, done: readonly string[], shot: () => Promise<unknown>): Promise<void> {
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
  it('shows every step done: the key, a video, an image, the gallery and a script’s scenes', async () => {
    // The earlier suites did each of them in this window (one of them across a reload).
    await stepsDone(ui.page, STEPS, () => ui.shot('walkthrough-done'));
  });
});

describe('the Getting Started walkthrough in a new profile', () => {
  // A window of its own (a fresh profile, no key): only what was done there counts.
  const sibling = useSiblingSession('ui-walkthrough', {});

  it('shows the gallery step done once the gallery was opened, and nothing else', async () => {
    const { page } = sibling.session.workbench!;
    await runCommand(page, 'Seedance: Open Gallery');
    await page.locator('.tab').filter({ hasText: 'Seedance Gallery' }).first().waitFor();
    await runCommand(page, 'View: Close All Editors');
    await stepsDone(page, ['Open the gallery'], () => sibling.session.workbench!.screenshot('walkthrough-new-profile'));
  });
});
