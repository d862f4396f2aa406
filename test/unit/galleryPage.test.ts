// The gallery's page with a thousand videos, in Chromium (Debian's, as the UI suite uses): a
// screen of cards at first and more as the person scrolls, the count and the filter over all of
// them, and an update that changes one card redraws that card only.
import assert from 'node:assert/strict';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM } from '../harness/browser';
import { galleryPageHtml } from '../support/galleryPage';
import { REPO_ROOT, fixture } from '../support/paths';
import { useTempDir } from '../support/sim';

/** What is read of an element in the page (the suite is compiled without the DOM's types). */
interface El {
  getAttribute(name: string): string | null;
}

interface Card {
  id: string;
  prompt: string;
  model: string;
  ready: boolean;
  status: string;
  poster?: string;
  details?: string;
  date?: string;
}

describe('the gallery page with hundreds of videos (Chromium)', function () {
  this.timeout(60_000);
  const dir = useTempDir();
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(() => browser?.close());

  beforeEach(async () => {
    await copyFile(join(REPO_ROOT, 'media', 'gallery', 'gallery.js'), join(dir.path, 'gallery.js'));
    await copyFile(join(REPO_ROOT, 'media', 'gallery', 'gallery.css'), join(dir.path, 'gallery.css'));
    await copyFile(fixture('images', 'sample.png'), join(dir.path, 'poster.png'));
    await writeFile(join(dir.path, 'page.html'), galleryPageHtml('gallery.js'));
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(pathToFileURL(join(dir.path, 'page.html')).toString());
  });
  afterEach(() => page?.close());

  const cards = (n: number): Card[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `task_${i}`,
      prompt: `Take ${i}: ${i % 7 === 0 ? 'a storm over the harbour' : 'مرفأ عند الغسق, calm'}`,
      model: 'doubao-seedance-2-0-fast',
      details: '5 s · 16:9 · 720p',
      date: '1 Nov 2026',
      ready: true,
      status: 'Ready',
      poster: pathToFileURL(join(dir.path, 'poster.png')).toString(),
    }));

  const send = (order: string[], changed: Card[]) =>
    page.evaluate(`window.postMessage(${JSON.stringify({ type: 'cards', order, changed })}, '*')`);
  const drawn = () => page.locator('.card').count();
  const count = () => page.locator('#count').textContent();

  it('draws about a screen at first, and the rest as the person scrolls to the end', async () => {
    const all = cards(400);
    await send(
      all.map((c) => c.id),
      all,
    );
    await page.waitForFunction(`document.getElementById('count').textContent === '400 of 400'`);
    const first = await drawn();
    assert.ok(first > 0 && first < 200, `cards drawn at first: ${first}`);
    // Scrolling to the end, again and again, until every card is there.
    let before = 0;
    for (let turns = 0; (await drawn()) < 400 && turns < 100; turns++) {
      before = await drawn();
      await page.mouse.wheel(0, 100_000);
      await page.waitForFunction(`document.querySelectorAll('.card').length > ${before}`);
    }
    assert.equal(await drawn(), 400);
    assert.equal(
      await page.locator('.card').last().getAttribute('aria-label'),
      'Take 399: a storm over the harbour',
      'the last card is the last video',
    );
  });

  it('the filter counts every video, not only those drawn', async () => {
    const all = cards(1000);
    await send(
      all.map((c) => c.id),
      all,
    );
    await page.locator('#filter').fill('storm');
    await page.waitForFunction(`document.getElementById('count').textContent === '143 of 1000'`);
    const labels = await page.locator('.card').evaluateAll((els: El[]) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(labels.length > 0);
    assert.ok(
      labels.every((l) => l?.includes('storm')),
      'only matching cards are drawn',
    );
  });

  it('an update carries only what changed: that card is drawn again, the others kept; a card gone is taken off', async () => {
    const all = cards(20);
    await send(
      all.map((c) => c.id),
      all,
    );
    await page.waitForFunction(`document.querySelectorAll('.card').length === 20`);
    // Each drawn element marked: a card drawn again loses its mark.
    await page.evaluate(`document.querySelectorAll('.card').forEach((e) => (e.dataset.mark = 'kept'))`);
    const changed = { ...all[3], prompt: 'Take 3: re-rendered at dawn' };
    await send(
      all.filter((c) => c.id !== 'task_7').map((c) => c.id),
      [changed],
    );
    await page.waitForFunction(`document.getElementById('count').textContent === '19 of 19'`);
    const state = await page
      .locator('.card')
      .evaluateAll((els: El[]) =>
        els.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-mark'), e.getAttribute('aria-label')]),
      );
    assert.deepEqual(
      state.find(([id]) => id === 'task_3'),
      ['task_3', null, 'Take 3: re-rendered at dawn'],
    );
    assert.equal(
      state.filter(([, mark]) => mark === 'kept').length,
      state.length - 1,
      'every other card is the element drawn before',
    );
    assert.ok(!state.some(([id]) => id === 'task_7'));
    assert.equal(await count(), '19 of 19');
  });
});
