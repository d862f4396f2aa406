// A virtual workspace: the folder is not on disk (memfs:/, from a test-only extension), as with
// GitHub Repositories. The extension declares limited support: generation works and videos are
// kept in its own storage, since they cannot be written into a folder that is not on disk.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { useSiblingSession } from './context';
import {
  contextMenuItems,
  explorerItem,
  generateFromPalette,
  notification,
  quick,
  runCommand,
  setApiKeyInNewWindow,
  until,
  waitForRow,
} from './workbench';

describe('a virtual workspace (a folder not on disk)', () => {
  const sibling = useSiblingSession('ui-virtual', {
    folderUris: ['memfs:/project'],
    extraExtensions: [join(REPO_ROOT, 'test', 'harness', 'memfs-extension')],
  });

  it("generates, and keeps the video in the extension's own storage", async () => {
    const s = sibling.session;
    const page = s.workbench!.page;
    await explorerItem(page, 'script.md'); // the memfs:/project folder is what is open
    await setApiKeyInNewWindow(page, s.sim.key);
    await generateFromPalette(page, 'A paper boat on a virtual street');
    await waitForRow(page, 'A paper boat on a virtual street', /Ready/, 60_000);
    // Nothing to reveal (the video is not in the workspace); Open plays it in VS Code.
    const ready = notification(page, /Video ready: a-paper-boat-on-a-virtual-street/);
    await ready.locator('.monaco-button').first().waitFor(); // shown a moment after the row (batched)
    assert.deepEqual(await ready.locator('.monaco-button').allInnerTexts(), ['Open']);
    await ready.locator('.monaco-button').filter({ hasText: 'Open' }).click();
    await page
      .locator('.tabs-container .tab')
      .filter({ hasText: /a-paper-boat-on-a-virtual-street.*\.mp4/ })
      .waitFor();
    await s.workbench!.screenshot('virtual-workspace');
    const stored = join(s.root, 'user-data', 'User', 'globalStorage', 'seedance-tools.seedance-video', 'videos');
    const videos = readdirSync(stored);
    assert.ok(
      videos.some((f) => f.startsWith('a-paper-boat-on-a-virtual-street')),
      videos.join(', '),
    );
  });

  it('refuses an image that is not on disk, saying why, and sends nothing', async () => {
    const s = sibling.session;
    const page = s.workbench!.page;
    const posts = s.sim.received('api', 'POST').length;
    const menu = await contextMenuItems(page, await explorerItem(page, 'still.png'));
    assert.ok(!menu.includes('Generate Video from Image'), 'not offered in the Explorer');
    // From the palette, the file picker can still reach it.
    await runCommand(page, 'Seedance: Generate Video from Image');
    await quick.waitForTitle(page, /pick an image to animate/);
    // VS Code's own file dialog fills in the folder a moment later; type the path after that.
    const input = page.locator('.quick-input-widget input');
    await until(
      'the file dialog to fill in the folder',
      async () => (await input.inputValue()).endsWith('/project/'),
      () => input.inputValue(),
    );
    await quick.enter(page, '/project/still.png');
    await notification(page, /"still\.png" is not on this machine's disk \(it is in a memfs: folder\)/).waitFor();
    assert.equal(s.sim.received('api', 'POST').length, posts);
  });
});
