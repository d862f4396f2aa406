// `npm run screenshot`: regenerates docs/screenshot.png (the README's) from the real product:
// jobs in every state in the Videos view, one video playing in VS Code's preview.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { ui } from '../ui/context';
import { openVideosView, quick, runCommand, videoRow, waitForRow } from '../ui/workbench';
import { ensureVsCode } from './install';
import { Session } from './session';
import { packageVsix } from './vsix';

async function generate(prompt: string): Promise<void> {
  await runCommand(ui.page, 'Seedance: Generate Video');
  await quick.enter(ui.page, prompt);
  await quick.acceptDefaults(ui.page, 1, 5);
}

async function main(): Promise<void> {
  const install = await ensureVsCode(console.log);
  const vsix = await packageVsix(console.log);
  ui.session = await Session.start({
    install,
    vsix,
    root: join(REPO_ROOT, 'test-results', 'screenshot'),
    settings: { 'seedance.pollIntervalSeconds': 5, 'workbench.colorTheme': 'Default Dark Modern' },
  });
  try {
    const { page, session } = ui;
    await session.waitForActivation();
    await runCommand(page, 'Seedance: Set API Key');
    await quick.enter(page, session.sim.key);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    session.sim.taskSeconds = 2;
    await generate('A slow cinematic camera push across a coastal landscape at sunrise');
    await generate('A paper boat drifts down a rain-soaked street at night [sim:fail]');
    await openVideosView(page);
    await waitForRow(page, 'A slow cinematic camera push', /Ready/);
    await waitForRow(page, 'A paper boat drifts', /Failed/);
    session.sim.taskSeconds = 600;
    await generate('A hummingbird hovering over a red flower, macro, slow motion');
    await waitForRow(page, 'A hummingbird hovering', /Rendering \d+%|Queued/);
    // A wider side bar, so the rows' descriptions show in full.
    const sidebar = (await page.locator('.part.sidebar').boundingBox())!;
    const edge = { x: sidebar.x + sidebar.width + 1, y: sidebar.y + sidebar.height / 2 };
    await page.mouse.move(edge.x, edge.y);
    await page.mouse.down();
    await page.mouse.move(edge.x + 320, edge.y, { steps: 12 });
    await page.mouse.up();
    await videoRow(page, 'A slow cinematic camera push').click();
    await page.waitForTimeout(3000);
    await page
      .locator('.notifications-toasts .codicon-notifications-clear-all, .notifications-toasts .codicon-close')
      .first()
      .click()
      .catch(() => undefined);
    await page.keyboard.press('Escape');
    const shot = await ui.shot('readme');
    await mkdir(join(REPO_ROOT, 'docs'), { recursive: true });
    await copyFile(shot, join(REPO_ROOT, 'docs', 'screenshot.png'));
    console.log('docs/screenshot.png updated');
  } finally {
    await ui.session.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
