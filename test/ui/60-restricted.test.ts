// Restricted Mode: a folder that is not trusted, carrying a .vscode/settings.json that tries to
// choose where videos go and which model is used. The extension works there (it declares limited
// support) and VS Code withholds those settings, as the manifest's restrictedConfigurations ask.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Session } from '../harness/session';
import { ui } from './context';
import { openVideosView, quick, runCommand, waitForRow } from './workbench';

describe('Restricted Mode (a folder that is not trusted)', () => {
  let session: Session | undefined;

  before(async function () {
    this.timeout(180_000);
    session = await Session.start({
      ...ui.session.options,
      root: join(dirname(ui.session.root), 'ui-restricted'),
      untrusted: true,
      workspaceSettings: {
        'seedance.outputFolder': 'planted-by-the-repository',
        'seedance.defaults.model': 'doubao-seedance-1-0-pro',
        'seedance.defaults.seconds': 2,
        'seedance.defaults.size': '1:1',
        'seedance.defaults.resolution': '1080p',
      },
    });
    await session.waitForActivation();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session?.workbench?.screenshot('FAILED restricted').catch(() => undefined);
  });
  after(async () => {
    await session?.stop();
  });

  it('generates, ignoring the output folder and defaults the folder plants', async () => {
    const s = session!;
    const page = s.workbench!.page;
    await page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).waitFor();
    await runCommand(page, 'Seedance: Set API Key');
    await quick.waitForTitle(page, /Set API Key/);
    await quick.enter(page, s.sim.key);
    // Stored once the view's welcome moves on (the box validates before it accepts).
    await (await openVideosView(page)).locator('.welcome-view-content').filter({ hasText: 'No videos yet' }).waitFor();
    await runCommand(page, 'Seedance: Generate Video');
    await quick.waitForTitle(page, /Seedance: Generate Video/);
    await quick.enter(page, 'A kite over a windy beach');
    // Had the planted defaults applied, every step would have been skipped.
    await quick.acceptDefaults(page, 1, 4);
    await openVideosView(page);
    await waitForRow(page, 'A kite over a windy beach', /Ready/, 60_000);
    await s.workbench!.screenshot('restricted-mode');
    const [post] = s.sim.received('api', 'POST');
    assert.notEqual(post.fields?.model, 'doubao-seedance-1-0-pro');
    const videos = readdirSync(join(s.workspace, 'videos'));
    assert.ok(videos.some((f) => f.startsWith('a-kite-over-a-windy-beach')), videos.join(', '));
    assert.ok(!existsSync(join(s.workspace, 'planted-by-the-repository')), 'nothing written where the folder asked');
  });
});
