// The gallery, the rows at the sidebar's normal width, and the Getting Started walkthrough.
import assert from 'node:assert/strict';
import type { Frame, Locator } from 'playwright-core';
import { ui } from './context';
import {
  galleryFrame,
  generateFromPalette,
  openGallery,
  openVideosView,
  quick,
  runCommand,
  setApiKey,
  until,
  waitForRow,
} from './workbench';

describe('the gallery', () => {
  // Two finished videos the suite's tests look at; each test opens the gallery itself.
  const prompts = ['A red kite over green hills', 'A blue boat on a calm lake'];
  let frame: Frame;
  const cards = (): Locator => frame.locator('.card');

  before(async () => {
    await setApiKey(ui.page, ui.session.sim.key);
    for (const p of prompts) await generateFromPalette(ui.page, p);
    for (const p of prompts) await waitForRow(ui.page, p, /Ready/, 60_000);
  });
  beforeEach(async () => {
    frame = await openGallery(ui.page);
  });

  it('shows a card per finished video, with a poster made from the video itself', async () => {
    for (const p of prompts) await cards().filter({ hasText: p }).first().waitFor();
    // The page captures a frame of each video and the extension keeps it: the card then shows it.
    for (const p of prompts) await cards().filter({ hasText: p }).first().locator('img').waitFor({ timeout: 30_000 });
    await ui.shot('gallery');
  });

  it('a card at the default width is mostly its frame and prompt: its actions are icons, the rest in its menu', async () => {
    const { page } = ui;
    // 1400×900, the sidebar at its default width, the gallery in the editor beside it.
    const card = cards().filter({ hasText: 'A red kite' }).first();
    await card.waitFor();
    const buttons = card.locator('.actions button');
    const names = await buttons.evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
      els.map((e) => e.getAttribute('aria-label')),
    );
    assert.deepEqual(names, [
      'Reveal',
      'Copy Prompt',
      'Generate Again',
      'Continue from Last Frame',
      'Remove from List',
      'More Actions…',
    ]);
    for (let i = 0; i < names.length; i++) {
      const button = buttons.nth(i);
      assert.equal((await button.innerText()).trim(), '', 'an icon, no words');
      assert.equal(await button.getAttribute('title'), names[i], 'its name as a tooltip');
      assert.equal(await button.locator('svg').count(), 1);
    }
    const [whole, frameBox, text, actions] = await Promise.all(
      [card, card.locator('.frame'), card.locator('.text'), card.locator('.actions')].map(
        async (l) => (await l.boundingBox())!,
      ),
    );
    assert.ok(actions.height <= 32, `one row of icons (${actions.height} px)`);
    assert.ok(
      (frameBox.height + text.height) / whole.height >= 0.8,
      `frame and prompt ${frameBox.height + text.height} of ${whole.height} px`,
    );
    await ui.shot('gallery-card-icons');
    // The last button opens the card's own menu (as a right-click does): everything, Delete File too.
    await buttons.last().click();
    const menu = page.locator('.monaco-menu').first();
    await menu.waitFor();
    const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    for (const item of ['Open Video', 'Reveal in Explorer', 'Generate Again', 'Copy Prompt', 'Delete Video File…'])
      assert.ok(
        items.some((i) => i.startsWith(item)),
        `${item} in ${items.join(' | ')}`,
      );
    await ui.shot('gallery-card-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await card.click({ button: 'right', position: { x: 20, y: 20 } });
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
  });

  it('a rendering card’s bar fills with its progress', async () => {
    const { page, session } = ui;
    session.sim.pace = 'held';
    await generateFromPalette(page, 'A slow airship drifts over the dunes');
    frame = await openGallery(page);
    const fill = cards().filter({ hasText: 'A slow airship' }).first().locator('.bar .fill');
    await fill.waitFor();
    await until(
      'the rendering card’s bar to fill',
      async () => ((await fill.boundingBox())?.width ?? 0) > 0,
      async () => `a bar ${(await fill.boundingBox())?.width ?? 0} px wide`,
    );
    await ui.shot('gallery-rendering-card');
    const task = [...session.sim.tasks.values()].find((t) => t.prompt.startsWith('A slow airship'))!;
    session.sim.finishTask(task.id);
    await cards().filter({ hasText: 'A slow airship' }).first().locator('.actions').waitFor({ timeout: 60_000 });
  });

  it('narrows the grid with the filter', async () => {
    await frame.locator('#filter').fill('kite');
    await cards().filter({ hasText: 'kite' }).first().waitFor();
    assert.equal(await cards().filter({ hasText: 'boat' }).count(), 0);
    assert.match(await frame.locator('#count').innerText(), /^1 of \d+$/);
    // A filter that matches nothing says so, and offers to clear it.
    await frame.locator('#filter').fill('zeppelin');
    await frame.locator('#nomatch').filter({ hasText: 'No video’s prompt matches “zeppelin”.' }).waitFor();
    assert.equal(await cards().count(), 0);
    await ui.shot('gallery-no-match');
    await frame.locator('#clear').click();
    await cards().filter({ hasText: 'boat' }).first().waitFor();
    assert.equal(await frame.locator('#filter').inputValue(), '');
    await frame.locator('#filter').fill('');
  });

  it('opens the video in VS Code with Enter', async () => {
    const card = cards().filter({ hasText: 'A blue boat' }).first();
    await card.focus();
    await card.press('Enter');
    await ui.page
      .locator('.tab')
      .filter({ hasText: /a-blue-boat-on-a-calm-lake.*\.mp4/ })
      .first()
      .waitFor();
  });

  it('Generate Again starts the summary step, and nothing is sent before Generate', async () => {
    const posts = ui.session.sim.received('api', 'POST').length;
    await cards().filter({ hasText: 'A red kite' }).first().getByRole('button', { name: 'Generate Again' }).click();
    await quick.waitForTitle(ui.page, /\(5\/5\)/);
    assert.equal(ui.session.sim.received('api', 'POST').length, posts);
    await ui.page.keyboard.press('Escape');
    await ui.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.equal(ui.session.sim.received('api', 'POST').length, posts, 'Esc sent nothing');
  });
  it('Continue from Last Frame on a video of no script asks for the next prompt, with the frame as its image', async () => {
    const posts = ui.session.sim.received('api', 'POST').length;
    await cards()
      .filter({ hasText: 'A blue boat' })
      .first()
      .getByRole('button', { name: 'Continue from Last Frame' })
      .click();
    assert.match(
      await quick.waitForTitle(ui.page, /animate .*\.last-frame\.png/),
      /^Seedance: animate a-blue-boat-on-a-calm-lake.*\.last-frame\.png$/,
    );
    await ui.page.keyboard.press('Escape');
    await ui.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.equal(ui.session.sim.received('api', 'POST').length, posts, 'Esc sent nothing');
  });

  it('in the panel: shows the same cards in a view of the panel, outside the editor tabs', async () => {
    const { page } = ui;
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Seedance: Show Gallery in the Panel');
    await page.locator('.part.panel').waitFor();
    const frame = await galleryFrame(page);
    await frame.locator('.card').filter({ hasText: 'A blue boat' }).first().waitFor();
    assert.equal(await page.locator('.tab').filter({ hasText: 'Seedance Gallery' }).count(), 0, 'no editor tab');
    await ui.shot('gallery-panel');
    await runCommand(page, 'View: Hide Panel');
    await page.locator('.part.panel').waitFor({ state: 'hidden' });
  });
});

describe('rows at the sidebar’s normal width', () => {
  /** The row's highlighted lead (its state) lies wholly inside what the 300 px view shows. */
  async function stateVisible(row: Locator, view: Locator): Promise<string> {
    const lead = row.locator('.label-name .highlight').first();
    await lead.waitFor();
    const box = (await lead.boundingBox())!;
    const shown = (await view.boundingBox())!;
    assert.ok(box.x >= shown.x && box.x + box.width <= shown.x + shown.width, 'the state is not cut off');
    return (await lead.innerText()).trim();
  }

  it('lead with the state (progress and time left, then Ready), the prompt after it, at 300 px', async () => {
    const { page, session } = ui;
    // Rendering until it has been seen rendering, however slow the machine; finished by hand then.
    session.sim.pace = 'held';
    await generateFromPalette(page, 'A slow sunrise over a quiet harbour full of fishing boats');
    const view = await openVideosView(page);
    // VS Code's default side bar: about 300 px wide, as a new user has it.
    const { width } = (await page.locator('.part.sidebar').boundingBox())!;
    assert.ok(width >= 280 && width <= 320, `the side bar is ${width} px wide`);
    const row = view.locator('.monaco-list-row').filter({ hasText: 'A slow sunrise over a quiet harbour' }).first();
    // While it renders: the percentage and the time left, then the prompt.
    await row
      .filter({ hasText: /^\s*\d+% · (about \d+ (s|min) left|any moment now) · A slow sunrise/ })
      .waitFor({ timeout: 30_000 });
    assert.match(await stateVisible(row, view), /^\d+% · (about \d+ (s|min) left|any moment now)$/);
    await ui.shot('videos-view-300px');
    session.sim.finishLatest();
    // Finished: "Ready" first, whatever the prompt's length.
    await row.filter({ hasText: /^\s*Ready · A slow sunrise/ }).waitFor({ timeout: 60_000 });
    assert.equal(await stateVisible(row, view), 'Ready');
    await ui.shot('videos-view-300px-ready');
  });
});
