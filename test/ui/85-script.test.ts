// From script to film, as a person does it in the editor: the lenses over a Markdown script,
// Generate All Scenes with one summary and its total, the lenses ending at Play, an edit marking
// only its scene, Continue from Last Frame sending the video's own last frame, Export Film.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ui } from './context';
import { openFileByName, openGallery, quick, seeNotification, setApiKey, until } from './workbench';

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
  /** The lenses over the open script, for a failure message. */
  const lensesShown = async () => (await lens(/./).allInnerTexts()).join(' | ');
  const seeLens = (text: string | RegExp, what: string, timeout = 30_000) =>
    until(what, async () => (await lens(text).count()) > 0, lensesShown, timeout);

  const settings = join(ui.session.workspace, '.vscode', 'settings.json');

  /** Writes the script under `name`, opens it, and waits for its lenses. */
  async function openScript(name: string): Promise<void> {
    if (!existsSync(join(ui.session.workspace, name))) await writeFile(join(ui.session.workspace, name), SCRIPT);
    await openFileByName(ui.page, name);
    await line('## Opening scene').waitFor();
    await seeLens(/Generate All Scenes|Every scene has its video|Export Film/, `the lenses over ${name}`);
  }

  before(async () => {
    // Finished videos are linked under their scenes (the opt-in setting, in this workspace).
    await mkdir(join(ui.session.workspace, '.vscode'), { recursive: true });
    await writeFile(settings, JSON.stringify({ 'seedance.script.linkVideos': true }));
    await setApiKey(ui.page, ui.session.sim.key);
  });

  after(async () => {
    await rm(settings, { force: true });
  });

  it('Generate All lists the three scenes with the total; Enter on a scene leaves it out, Enter on Generate sends each once', async () => {
    const { page, session } = ui;
    await openScript('generate-all.md');
    const posts = session.sim.received('api', 'POST').length;
    await lens('Generate All Scenes (3)').click();
    // 4 + 5 + 6 s of Seedance 2.0 at $0.08 a second, in the title (a placeholder would be cut off).
    const title = await quick.waitForTitle(page, /Generate All Scenes of generate-all\.md/);
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
    await seeLens(/Every scene has its video/, 'every scene to have its video', 60_000);
    const sent = session.sim.received('api', 'POST').slice(posts);
    assert.deepEqual(sent.map((p) => p.fields?.seconds).sort(), ['4', '5', '6']);
    assert.equal(await lens(/^\s*Play\s*$/).count(), 3);
    assert.ok(await lens('Export Film').isVisible());
    await ui.shot('script-lenses');
  });

  describe('a script whose scenes have their videos', () => {
    const path = join(ui.session.workspace, 'lighthouse.md');
    const links = async () => ((await readFile(path, 'utf8').catch(() => '')).match(/data-seedance/g) ?? []).length;

    before(async () => {
      // Made as a person makes it: Generate All, accepted as it is; linked under each scene.
      await openScript('lighthouse.md');
      await lens('Generate All Scenes (3)').click();
      await quick.waitForTitle(ui.page, /Generate All Scenes of lighthouse\.md/);
      await ui.page.keyboard.press('Enter');
      await seeLens(/Every scene has its video/, 'every scene to have its video', 60_000);
      await until(
        'the three links, saved in lighthouse.md',
        async () => (await links()) === 3,
        async () => `${await links()} links`,
      );
    });
    beforeEach(() => openScript('lighthouse.md'));

    it('links each video under its scene, and the Markdown preview plays it', async () => {
      const { page } = ui;
      const shown = page.locator('.editor-instance .view-line').filter({ hasText: 'data-seedance' });
      await shown.nth(2).waitFor();
      assert.equal(await shown.count(), 3);
      // Ctrl+K V: Markdown's Open Preview to the Side.
      await line('## Opening scene').click();
      await page.keyboard.press('Control+k');
      await page.keyboard.press('v');
      const video = await until(
        'the preview to show a video',
        async () => {
          for (const f of page.frames())
            if (
              await f
                .locator('video')
                .count()
                .catch(() => 0)
            )
              return f.locator('video');
          return undefined;
        },
        () => Promise.resolve(`${page.frames().length} frames, none with a video`),
      );
      const width = await video.first().evaluate(
        (v: { readyState: number; videoWidth: number; addEventListener(e: string, f: () => void): void }) =>
          new Promise<number>((resolve) => {
            if (v.readyState >= 1) resolve(v.videoWidth);
            else v.addEventListener('loadedmetadata', () => resolve(v.videoWidth));
          }),
      );
      assert.equal(width, 640, 'the preview loaded the video');
      await ui.shot('script-preview');
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
      // Held until the scene has been seen rendering, then finished by hand.
      session.sim.pace = 'held';
      await page.keyboard.press('Enter');
      const post = await waitForPost(posts + 1);
      await seeLens(/2 of 3 scenes ready/, 'the top lens to count the keeper’s new video as being made');
      const [image] = post.images ?? [];
      assert.equal(image?.type, 'image/png');
      // The simulator's video is 640×360 (a real 480p video's last frame is larger still): the frame sent is the video's own size.
      assert.deepEqual([image?.width, image?.height], [640, 360]);
      assert.match(post.fields?.prompt as string, /^The keeper climbs the spiral stairs/);
      session.sim.finishLatest();
      await seeLens(/Every scene has its video/, 'every scene to have its video again', 60_000);
    });

    it('Export Film joins the scenes into one MP4 beside the script', async () => {
      const { page } = ui;
      await lens('Export Film').click();
      await seeNotification(page, /Film exported: lighthouse\.film\.mp4 \(3 scenes/, 60_000);
      await ui.shot('script-film-exported');
      assert.ok(existsSync(join(ui.session.workspace, 'lighthouse.film.mp4')));
    });

    it('groups the script’s videos in the gallery under its name, in scene order', async () => {
      const frame = await openGallery(ui.page);
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
      // A scene continued from its last frame has two videos, side by side.
      assert.deepEqual(
        prompts.filter((p, i) => p !== prompts[i - 1]),
        ['Waves break ', 'The keeper c', 'A small boat'],
        prompts.join(' | '),
      );
      await ui.shot('script-gallery');
    });
  });
});

/**
 * The `n`th POST the simulator has received (1-based), once it has answered it: a request is
 * recorded as it arrives, its fields and images once its body has been read.
 */
function waitForPost(n: number) {
  const posts = () => ui.session.sim.received('api', 'POST');
  return until(
    `POST ${n} to be answered`,
    () => Promise.resolve(posts().length >= n && posts()[n - 1].status !== undefined && posts()[n - 1]),
    () => Promise.resolve(`${posts().length} POSTs`),
  );
}
