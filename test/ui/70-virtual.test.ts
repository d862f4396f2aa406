// A virtual workspace: the folder is not on disk (memfs:/, from a test-only extension), as with
// GitHub Repositories. The extension declares limited support: generation works and videos are
// kept in its own storage, since they cannot be written into a folder that is not on disk.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Session } from '../harness/session';
import { REPO_ROOT } from '../support/paths';
import { ui } from './context';
import { contextMenuItems, explorerItem, notification, openVideosView, quick, runCommand, waitForRow } from './workbench';

describe('a virtual workspace (a folder not on disk)', () => {
  let session: Session | undefined;

  before(async function () {
    this.timeout(180_000);
    session = await Session.start({
      ...ui.session.options,
      root: join(dirname(ui.session.root), 'ui-virtual'),
      folderUris: ['memfs:/project'],
      extraExtensions: [join(REPO_ROOT, 'test', 'harness', 'memfs-extension')],
    });
    await session.waitForActivation();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session?.workbench?.screenshot('FAILED virtual').catch(() => undefined);
  });
  after(async () => {
    await session?.stop();
  });

  it("generates, and keeps the video in the extension's own storage", async () => {
    const s = session!;
    const page = s.workbench!.page;
    await explorerItem(page, 'script.md'); // the memfs:/project folder is what is open
    await runCommand(page, 'Seedance: Set API Key');
    await quick.waitForTitle(page, /Set API Key/);
    await quick.enter(page, s.sim.key);
    await (await openVideosView(page)).locator('.welcome-view-content').filter({ hasText: 'No videos yet' }).waitFor();
    await runCommand(page, 'Seedance: Generate Video');
    await quick.waitForTitle(page, /Seedance: Generate Video/);
    await quick.enter(page, 'A paper boat on a virtual street');
    await quick.acceptDefaults(page, 1, 4);
    await openVideosView(page);
    await waitForRow(page, 'A paper boat on a virtual street', /Ready/, 60_000);
    // Nothing to reveal (the video is not in the workspace); Open plays it in VS Code.
    const ready = notification(page, /Video ready: a-paper-boat-on-a-virtual-street/);
    assert.deepEqual(await ready.locator('.monaco-button').allInnerTexts(), ['Open']);
    await ready.locator('.monaco-button').filter({ hasText: 'Open' }).click();
    await page.locator('.tabs-container .tab').filter({ hasText: /a-paper-boat-on-a-virtual-street.*\.mp4/ }).waitFor();
    await s.workbench!.screenshot('virtual-workspace');
    const stored = join(s.root, 'user-data', 'User', 'globalStorage', 'seedance-tools.seedance-video', 'videos');
    const videos = readdirSync(stored);
    assert.ok(videos.some((f) => f.startsWith('a-paper-boat-on-a-virtual-street')), videos.join(', '));
  });

  it('refuses an image that is not on disk, saying why, and sends nothing', async () => {
    const s = session!;
    const page = s.workbench!.page;
    const posts = s.sim.received('api', 'POST').length;
    const menu = await contextMenuItems(page, await explorerItem(page, 'still.png'));
    assert.ok(!menu.includes('Generate Video from Image'), 'not offered in the Explorer');
    // From the palette, the file picker can still reach it.
    await runCommand(page, 'Seedance: Generate Video from Image');
    await quick.waitForTitle(page, /pick an image to animate/);
    await quick.enter(page, '/project/still.png');
    await notification(page, /"still\.png" is not on this machine's disk \(it is in a memfs: folder\)/).waitFor();
    assert.equal(s.sim.received('api', 'POST').length, posts);
  });
});
