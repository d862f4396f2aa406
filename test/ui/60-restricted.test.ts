// Restricted Mode: a folder that is not trusted, carrying a .vscode/settings.json that tries to
// choose where videos go and which model is used. The extension works there (it declares limited
// support) and VS Code withholds those settings, as the manifest's restrictedConfigurations ask.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useSiblingSession } from './context';
import { generateFromPalette, setApiKeyInNewWindow, waitForRow } from './workbench';

describe('Restricted Mode (a folder that is not trusted)', () => {
  const sibling = useSiblingSession('ui-restricted', {
    untrusted: true,
    workspaceSettings: {
      'seedance.outputFolder': 'planted-by-the-repository',
      'seedance.defaults.model': 'doubao-seedance-1-0-pro',
      'seedance.defaults.seconds': 2,
      'seedance.defaults.size': '1:1',
      'seedance.defaults.resolution': '1080p',
    },
  });

  it('generates, ignoring the output folder and defaults the folder plants', async () => {
    const s = sibling.session;
    const page = s.workbench!.page;
    await page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).waitFor();
    await setApiKeyInNewWindow(page, s.sim.key);
    // Walks all four steps: had the planted defaults applied, every one would have been skipped.
    await generateFromPalette(page, 'A kite over a windy beach');
    await waitForRow(page, 'A kite over a windy beach', /Ready/, 60_000);
    await s.workbench!.screenshot('restricted-mode');
    const [post] = s.sim.received('api', 'POST');
    assert.notEqual(post.fields?.model, 'doubao-seedance-1-0-pro');
    const videos = readdirSync(join(s.workspace, 'videos'));
    assert.ok(
      videos.some((f) => f.startsWith('a-kite-over-a-windy-beach')),
      videos.join(', '),
    );
    assert.ok(!existsSync(join(s.workspace, 'planted-by-the-repository')), 'nothing written where the folder asked');
  });
});
