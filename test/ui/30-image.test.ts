// Image-to-video from the explorer's context menu, and the files it must refuse.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ui } from './context';
import type { El } from './workbench';
import {
  contextMenu,
  contextMenuItems,
  explorerItem,
  openVideosView,
  quick,
  seeNotification,
  setApiKey,
  videoRow,
  waitForRow,
} from './workbench';

describe('Generate Video from Image, from the explorer', () => {
  before(() => setApiKey(ui.page, ui.session.sim.key));

  it('is offered on images only', async () => {
    const onImage = await contextMenuItems(ui.page, await explorerItem(ui.page, 'images/sample.png'));
    assert.ok(onImage.includes('Generate Video from Image'), onImage.join(' | '));
    const onScript = await contextMenuItems(ui.page, await explorerItem(ui.page, 'script.md'));
    assert.ok(!onScript.includes('Generate Video from Image'), 'not on a Markdown file');
  });

  it('offers only the 2.0 models and downloads the video', async () => {
    const { page } = ui;
    ui.session.sim.requests.length = 0;
    await contextMenu(page, await explorerItem(page, 'images/sample.jpg'), 'Generate Video from Image');
    assert.equal(await quick.title(page), 'Seedance: animate sample.jpg');
    await ui.shot('image-prompt');
    await quick.enter(page, 'The colour bars ripple like a flag');
    await quick.waitForTitle(page, /Generate Video from Image \(1\/5\)/);
    const models = (await quick.items(page)).map((m) => m.split(',')[0]);
    assert.deepEqual(models, ['Seedance 2.0', 'Seedance 2.0 Fast']);
    await ui.shot('image-models');
    await quick.acceptDefaults(page, 1, 5);
    await openVideosView(page);
    await waitForRow(page, 'The colour bars ripple like a flag', /Ready/, 60_000);
    const [post] = ui.session.sim.received('api', 'POST');
    assert.deepEqual(post.fields?.input_reference, { name: 'sample.jpg', type: 'image/jpeg', size: 19751 });
    const videos = readdirSync(join(ui.session.workspace, 'videos'));
    assert.ok(
      videos.some((f) => /^the-colour-bars-ripple-like-a-flag-2-0(-fast)?-[a-z0-9]{6}\.mp4$/.test(f)),
      videos.join(', '),
    );
  });

  it('two images selected in the Explorer make one job with two input_reference parts, in the order shown', async () => {
    const { page } = ui;
    ui.session.sim.requests.length = 0;
    // Found first (finding a row presses Escape, which would clear a selection), then selected.
    const png = await explorerItem(page, 'images/sample.png');
    const webp = await explorerItem(page, 'images/sample.webp');
    await png.click();
    // The click opens the image's preview: once it shows (its tab active, its size in the status
    // bar), the Explorer no longer moves its selection to follow the editor.
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'sample.png' }).waitFor();
    await page
      .locator('.statusbar-item')
      .filter({ hasText: /^\s*640x360\s*$/ })
      .first()
      .waitFor();
    // Ctrl+click adds to the selection; a click that lands while the preview editor opens can be
    // taken as a plain click, so it is repeated until the Explorer shows exactly these two.
    const selected = page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
    for (let attempt = 0; attempt < 3; attempt++) {
      await webp.click({ modifiers: ['Control'] });
      const two = await selected
        .nth(1)
        .waitFor({ timeout: 3000 })
        .then(
          async () => (await selected.count()) === 2,
          () => false,
        );
      if (two) break;
      await png.click();
    }
    assert.deepEqual(await selected.evaluateAll((rows: El[]) => rows.map((r) => r.getAttribute('aria-label'))), [
      'sample.png',
      'sample.webp',
    ]);
    await contextMenu(page, webp, 'Generate Video from Images');
    assert.equal(await quick.title(page), 'Seedance: a video from 2 images');
    const hint = (await page.locator('.quick-input-widget .quick-input-message').innerText()).trim();
    const shown = [...hint.matchAll(/\[Image (\d)\] \(([^)]+)\)/g)].map((m) => m[2]);
    assert.equal(shown.length, 2, hint);
    await ui.shot('images-prompt');
    await quick.enter(page, '[Image 1] dissolves into [Image 2]');
    await quick.waitForTitle(page, /Generate Video from Images \(1\/5\)/);
    assert.deepEqual(
      (await quick.items(page)).map((m) => m.split(',')[0]),
      ['Seedance 2.0', 'Seedance 2.0 Fast'],
    );
    await quick.acceptDefaults(page, 1, 5);
    await openVideosView(page);
    await waitForRow(page, '[Image 1] dissolves into [Image 2]', /Ready/, 60_000);
    const posts = ui.session.sim.received('api', 'POST');
    assert.equal(posts.length, 1, 'one job');
    assert.deepEqual(
      posts[0].images?.map((i) => i.name),
      shown,
      'the parts went in the order the prompt step showed',
    );
  });

  it('refuses a text file named .png, naming it, and sends nothing', async () => {
    const { page } = ui;
    ui.session.sim.requests.length = 0;
    await contextMenu(page, await explorerItem(page, 'images/not-an-image.png'), 'Generate Video from Image');
    await seeNotification(page, /"not-an-image\.png" is not a JPEG, PNG or WebP image/);
    await ui.shot('image-refused');
    assert.equal(ui.session.sim.received('api', 'POST').length, 0);
    assert.ok(!existsSync(join(ui.session.workspace, 'videos', 'not-an-image.mp4')));
  });

  it('shows the upload in a notification whose Cancel stops it before a job exists', async () => {
    const { page, session } = ui;
    const big = join(session.workspace, 'images', 'large-upload.png');
    // 16 MB behind a PNG signature, sent over a simulated 512 KB/s uplink: about 30 s of upload.
    await writeFile(
      big,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16 << 20)]),
    );
    session.sim.faults.add({ fault: { kind: 'slow-upload', bytesPerSecond: 512 * 1024 }, match: { method: 'POST' } });
    const tasksBefore = session.sim.tasks.size;
    try {
      await contextMenu(page, await explorerItem(page, 'images/large-upload.png'), 'Generate Video from Image');
      await quick.enter(page, 'This upload is cancelled');
      await quick.acceptDefaults(page, 1, 5);
      const toast = await seeNotification(page, /uploading large-upload\.png \(\d+%\)/, 15_000);
      await ui.shot('upload-progress');
      const percent = async () => Number(/\((\d+)%\)/.exec(await toast.innerText())?.[1]);
      const first = await percent();
      // Waits for what a person watches: the percentage moving on.
      await toast.filter({ hasText: new RegExp(`\\((?!${first}%)\\d+%\\)`) }).waitFor();
      const later = await percent();
      assert.ok(later > first && later < 100, `progress went from ${first}% to ${later}%`);
      await toast.getByRole('button', { name: 'Cancel' }).click();
      await seeNotification(page, /cancelled before the request was sent; nothing was started/);
      assert.equal(session.sim.tasks.size, tasksBefore, 'no job was created');
      await openVideosView(page);
      assert.equal(await videoRow(page, 'This upload is cancelled').count(), 0, 'no row in the Videos view');
    } finally {
      session.sim.faults.clear();
      await rm(big, { force: true });
    }
  });
});
