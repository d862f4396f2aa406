// From script to film, as a person does it in the editor: the lenses over a Markdown script,
// Generate All Scenes with one summary and its total, the lenses ending at Play, an edit marking
// only its scene, Continue from Last Frame sending the video's own last frame, Export Film.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ui } from './context';
import { galleryFrame, openFileByName, notification, quick, runCommand, setApiKey } from './workbench';

const SCRIPT = `# The lighthouse

## Opening scene

\`\`\`seedance
model: doubao-seedance-2-0
seconds: 4
\`\`\`

Waves break on black rocks at dawn; a lighthouse beam sweeps the fog.

## The keeper

\`\`\`seedance
model: doubao-seedance-2-0
seconds: 5
\`\`\`

The keeper climbs the spiral stairs, lantern in hand.

## Night falls

\`\`\`seedance
model: doubao-seedance-2-0
seconds: 6
\`\`\`

A small boat approaches the lighthouse at dusk.
`;

describe('from script to film', () => {
  const lens = (text: string | RegExp): Locator =>
    ui.page.locator('.editor-instance .codelens-decoration a').filter({ hasText: text });
  const line = (text: string): Locator =>
    ui.page.locator('.editor-instance .view-line').filter({ hasText: text }).first();

  const settings = join(ui.session.workspace, '.vscode', 'settings.json');

  before(async () => {
    // Finished videos are linked under their scenes (the opt-in setting, in this workspace).
    await mkdir(join(ui.session.workspace, '.vscode'), { recursive: true });
    await writeFile(settings, JSON.stringify({ 'seedance.script.linkVideos': true }));
    await setApiKey(ui.page, ui.session.sim.key);
    ui.session.sim.taskSeconds = 2;
    await writeFile(join(ui.session.workspace, 'lighthouse.md'), SCRIPT);
    await openFileByName(ui.page, 'lighthouse.md');
    await line('## Opening scene').waitFor();
  });

  it('Generate All lists the three scenes with the total; Enter on a scene leaves it out, Enter on Generate sends each once', async () => {
    const { page, session } = ui;
    const posts = session.sim.received('api', 'POST').length;
    await lens('Generate All Scenes (3)').click();
    // 4 + 5 + 6 s of Seedance 2.0 at $0.08 a second, in the title (a placeholder would be cut off).
    const title = await quick.waitForTitle(page, /Generate All Scenes of lighthouse\.md/);
    assert.match(title, /· 3 of 3 scenes · ≈ \$1\.20 in total \(estimate\)/);
    const items = await quick.items(page);
    assert.deepEqual(
      // The row's icon is read out by name first ("play", "pass-filled").
      items.map((i) =>
        i
          .split(',')[0]
          .replace(/^[a-z-]+\s+/, '')
          .trim(),
      ),
      ['Generate 3 scenes', 'Opening scene', 'The keeper', 'Night falls'],
    );
    await ui.shot('script-generate-all');
    // Enter on a scene unticks it, and the action names what is left out.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await quick.waitForTitle(page, /· 2 of 3 scenes · ≈ \$0\.72 in total/);
    const action = page.locator('.quick-input-widget .monaco-list-row').first();
    await action.filter({ hasText: 'Generate 2 scenes' }).waitFor();
    await action.filter({ hasText: 'Left out: Night falls' }).waitFor();
    await ui.shot('script-generate-all-left-out');
    // Enter again puts it back; up to the action, and Enter generates.
    await page.keyboard.press('Enter');
    await quick.waitForTitle(page, /· 3 of 3 scenes/);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing sent before Generate');
    await page.keyboard.press('Enter');
    await lens(/^\s*Play\s*$/)
      .nth(2)
      .waitFor({ timeout: 60_000 });
    const sent = session.sim.received('api', 'POST').slice(posts);
    assert.deepEqual(sent.map((p) => p.fields?.seconds).sort(), ['4', '5', '6']);
    assert.equal(await lens(/^\s*Play\s*$/).count(), 3);
    assert.ok(await lens('Export Film').isVisible());
    await ui.shot('script-lenses');
  });

  after(async () => {
    await rm(settings, { force: true });
  });

  it('links each video under its scene, and the Markdown preview plays it', async () => {
    const { page } = ui;
    const links = page.locator('.editor-instance .view-line').filter({ hasText: 'data-seedance' });
    await links.nth(2).waitFor();
    assert.equal(await links.count(), 3);
    // Ctrl+K V: Markdown's Open Preview to the Side.
    await line('## Opening scene').click();
    await page.keyboard.press('Control+k');
    await page.keyboard.press('v');
    const width = await (async () => {
      for (let i = 0; i < 150; i++) {
        for (const f of page.frames()) {
          const video = f.locator('video');
          if (await video.count().catch(() => 0))
            return video.first().evaluate(
              (v: { readyState: number; videoWidth: number; addEventListener(e: string, f: () => void): void }) =>
                new Promise<number>((resolve) => {
                  if (v.readyState >= 1) resolve(v.videoWidth);
                  else v.addEventListener('loadedmetadata', () => resolve(v.videoWidth));
                }),
            );
        }
        await page.waitForTimeout(200);
      }
      throw new Error('the preview shows no video');
    })();
    assert.equal(width, 320, 'the preview loaded the video');
    await ui.shot('script-preview');
    await runCommand(page, 'View: Close All Editors');
    await openFileByName(page, 'lighthouse.md');
    await line('## Opening scene').waitFor();
  });

  it('editing a scene’s text marks only its lens', async () => {
    const { page } = ui;
    await line('lantern in hand').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Rain begins.');
    const changed = lens('text changed since this video');
    await changed.waitFor();
    assert.equal(await changed.count(), 1);
    // It sits over the keeper's scene: below the opening scene's text, above the keeper's heading.
    const y = (await changed.boundingBox())!.y;
    assert.ok(y > (await line('Waves break').boundingBox())!.y);
    assert.ok(y < (await line('## The keeper').boundingBox())!.y);
    // Put the text back as it was: the lens goes, the video is current again.
    for (const _ of ' Rain begins.') await page.keyboard.press('Backspace');
    await changed.waitFor({ state: 'detached' });
  });

  it('Continue from Last Frame starts the next scene with the video’s last frame, at its size', async () => {
    const { page, session } = ui;
    const posts = session.sim.received('api', 'POST').length;
    await lens('Continue from Last Frame').first().click();
    // The keeper's scene, at the summary: its text, the frame as [Image 1], the price.
    await quick.waitForTitle(page, /Generate Video from Image · The keeper \(5\/5\)/);
    const items = await quick.items(page);
    assert.ok(
      items.some((i) => /last-frame\.png/.test(i)),
      items.join(' | '),
    );
    assert.ok(
      items.some((i) => i.includes('The keeper climbs the spiral stairs')),
      items.join(' | '),
    );
    await ui.shot('script-continue-summary');
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing sent before Generate');
    // This job renders until the next test finishes it, so the scene is seen rendering first.
    session.sim.taskSeconds = 600;
    await page.keyboard.press('Enter');
    const post = await waitForPost(posts + 1);
    session.sim.taskSeconds = 2;
    await lens(/2 of 3 scenes ready/).waitFor({ timeout: 30_000 });
    const [image] = post.images ?? [];
    assert.equal(image?.type, 'image/png');
    // The simulator's video is 320×180: the frame sent is the video's own size.
    assert.deepEqual([image?.width, image?.height], [320, 180]);
    assert.match(post.fields?.prompt as string, /^The keeper climbs the spiral stairs/);
  });

  it('Export Film joins the scenes into one MP4 beside the script', async () => {
    const { page } = ui;
    // The keeper's new video (from the last frame) first finishes: the lens over the script says
    // every scene has its video again. (A row saying Ready proved nothing: the keeper's first
    // video says it too, and in a long list the newer row may not be drawn.)
    ui.session.sim.finishLatest();
    await lens('Every scene has its video').waitFor({ timeout: 60_000 });
    await lens('Export Film').click();
    await notification(page, /Film exported: lighthouse\.film\.mp4 \(3 scenes/).waitFor({ timeout: 60_000 });
    await ui.shot('script-film-exported');
    assert.ok(existsSync(join(ui.session.workspace, 'lighthouse.film.mp4')));
  });

  it('groups the script’s videos in the gallery under its name, in scene order', async () => {
    await runCommand(ui.page, 'Seedance: Open Gallery');
    const frame = await galleryFrame(ui.page);
    const group = frame.locator('h2.group').filter({ hasText: 'lighthouse.md' });
    await group.waitFor();
    // The cards after the heading, up to the next heading: the script's, in scene order.
    const prompts = await frame
      .locator('#grid > *')
      .evaluateAll((els: { tagName: string; textContent: string | null }[]) => {
        const at = els.findIndex((e) => e.tagName === 'H2' && e.textContent === 'lighthouse.md');
        const after = els.slice(at + 1);
        const end = after.findIndex((e) => e.tagName === 'H2');
        return (end < 0 ? after : after.slice(0, end)).map((e) => (e.textContent ?? '').slice(0, 12));
      });
    assert.deepEqual(prompts, ['Waves break ', 'The keeper c', 'The keeper c', 'A small boat']);
    await ui.shot('script-gallery');
  });
});

/**
 * The `n`th POST the simulator has received (1-based), once it has answered it: a request is
 * recorded as it arrives, its fields and images once its body has been read.
 */
async function waitForPost(n: number) {
  for (let i = 0; i < 300; i++) {
    const posts = ui.session.sim.received('api', 'POST');
    if (posts.length >= n && posts[n - 1].status !== undefined) return posts[n - 1];
    await ui.page.waitForTimeout(100);
  }
  throw new Error(`POST ${n} never came`);
}
