// From script to film, as a person does it in the editor: the lenses over a Markdown script,
// Generate All Scenes with one summary and its total, the lenses ending at Play, an edit marking
// only its scene, Continue from Last Frame sending the video's own last frame, Export Film.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ui } from './context';
import { explorerItem, notification, quick, setApiKey, waitForRow } from './workbench';

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

  before(async () => {
    await setApiKey(ui.page, ui.session.sim.key);
    ui.session.sim.taskSeconds = 2;
    await writeFile(join(ui.session.workspace, 'lighthouse.md'), SCRIPT);
    await (await explorerItem(ui.page, 'lighthouse.md')).click();
    await line('## Opening scene').waitFor();
  });

  it('Generate All lists the three scenes with the total, and sends each once; each lens ends at Play', async () => {
    const { page, session } = ui;
    const posts = session.sim.received('api', 'POST').length;
    await lens('Generate All Scenes (3)').click();
    await quick.waitForTitle(page, /Generate All Scenes of lighthouse\.md/);
    const items = await quick.items(page);
    assert.deepEqual(
      items.map((i) => i.split(',')[0]),
      ['Opening scene', 'The keeper', 'Night falls'],
    );
    // 4 + 5 + 6 s of Seedance 2.0 at $0.08 a second.
    const placeholder = await page.locator('.quick-input-widget input').getAttribute('placeholder');
    assert.match(placeholder ?? '', /^3 of 3 scenes · ≈ \$1\.20 in total \(estimate\)/);
    await ui.shot('script-generate-all');
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing sent before Enter');
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
    await quick.waitForTitle(page, /Generate Video from Image \(5\/5\)/);
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
    await page.keyboard.press('Enter');
    const post = await waitForPost(posts + 1);
    const [image] = post.images ?? [];
    assert.equal(image?.type, 'image/png');
    // The simulator's video is 320×180: the frame sent is the video's own size.
    assert.deepEqual([image?.width, image?.height], [320, 180]);
    assert.match(post.fields?.prompt as string, /^The keeper climbs the spiral stairs/);
  });

  it('Export Film joins the scenes into one MP4 beside the script', async () => {
    const { page } = ui;
    // The keeper's new video (from the last frame) first finishes: its row (the newest of the
    // scene, listed first under the script) says Ready.
    await waitForRow(page, 'The keeper climbs', /Ready/);
    await lens('Export Film').click();
    await notification(page, /Film exported: lighthouse\.film\.mp4 \(3 scenes/).waitFor({ timeout: 60_000 });
    await ui.shot('script-film-exported');
    assert.ok(existsSync(join(ui.session.workspace, 'lighthouse.film.mp4')));
  });
});

/** The `n`th POST the simulator has received (1-based), once it has. */
async function waitForPost(n: number) {
  for (let i = 0; i < 300; i++) {
    const posts = ui.session.sim.received('api', 'POST');
    if (posts.length >= n) return posts[n - 1];
    await ui.page.waitForTimeout(100);
  }
  throw new Error(`POST ${n} never came`);
}
