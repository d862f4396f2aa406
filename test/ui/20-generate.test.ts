// Generate Video the way a person does it: no key yet, the palette, the quick-pick flow.
import assert from 'node:assert/strict';
import { ui } from './context';
import {
  clearApiKey,
  contextMenu,
  generateFromPalette,
  openVideosView,
  quick,
  runCommand,
  seeNotification,
  setApiKey,
  videoRow,
  waitForRow,
} from './workbench';

describe('Generate Video from the palette', () => {
  it('welcomes a new user with a Set API Key button', async () => {
    await clearApiKey(ui.page);
    const view = await openVideosView(ui.page);
    await view
      .locator('.welcome-view-content a, .welcome-view-content .monaco-button')
      .filter({ hasText: 'Set API Key' })
      .waitFor();
    await ui.shot('welcome-no-key');
  });

  it('walks the steps with Back, asks for the missing key, carries on with the same request, and remembers the choices', async () => {
    const { page } = ui;
    await clearApiKey(page);
    // Renders until the test has seen it rendering, however slow the machine; then finished by hand.
    ui.session.sim.pace = 'held';
    ui.session.sim.requests.length = 0;
    await runCommand(page, 'Seedance: Generate Video');
    assert.equal(await quick.title(page), 'Seedance: Generate Video');
    await quick.enter(page, 'A fox running through fresh snow, low tracking shot');

    assert.equal(await quick.waitForTitle(page, /\(1\/5\)/), 'Seedance: Generate Video (1/5)');
    const models = await quick.items(page);
    assert.equal(models.length, 4, 'all four models for text-to-video');
    await ui.shot('quickpick-1-model');
    await quick.pick(page, 'Seedance 1.0 Pro');
    await quick.waitForTitle(page, /\(2\/5\)/);
    const seconds = await quick.items(page);
    assert.equal(seconds[0].split(',')[0], '2 seconds', '1.0 Pro starts at 2 s');
    assert.equal(seconds.at(-1)?.split(',')[0], '10 seconds');
    // Back to the model: a 2.0 model offers 4–15 s and no 1080p.
    await quick.back(page);
    await quick.waitForTitle(page, /\(1\/5\)/);
    await quick.pick(page, 'Seedance 2.0 Fast');
    await quick.waitForTitle(page, /\(2\/5\)/);
    const seconds2 = (await quick.items(page)).map((s) => s.split(',')[0]);
    assert.equal(seconds2[0], '4 seconds');
    assert.equal(seconds2.at(-1), '15 seconds');
    await ui.shot('quickpick-2-seconds');
    await quick.pick(page, '4 seconds');
    await quick.waitForTitle(page, /\(3\/5\)/);
    await quick.pick(page, '9:16');
    await quick.waitForTitle(page, /\(4\/5\)/);
    const resolutions = (await quick.items(page)).map((r) => r.split(',')[0]);
    assert.deepEqual(resolutions, ['480p', '720p'], 'no 1080p for a 2.0 model');
    await ui.shot('quickpick-4-resolution');
    await quick.pick(page, '480p');

    // The last look: everything that will be sent, and the estimate, before anything is billed.
    await quick.waitForTitle(page, /\(5\/5\)/);
    const summary = await quick.items(page);
    // Seedance 2.0 Fast has no confirmed price: "price unknown", never $0.
    assert.match(summary[0], /Generate, price unknown, Sends this request once/, summary.join(' | '));
    assert.ok(
      summary.some((s) => s.includes('A fox running through fresh snow, low tracking shot')),
      'the prompt',
    );
    assert.ok(
      summary.some((s) => s.includes('Seedance 2.0 Fast')),
      'the model',
    );
    assert.ok(
      summary.some((s) => /4 seconds.*9:16 · 480p/.test(s)),
      'duration, ratio and resolution',
    );
    assert.ok(summary.some((s) => /Price unknown, no confirmed price for doubao-seedance-2-0-fast/.test(s)));
    assert.equal(ui.session.sim.received('api', 'POST').length, 0, 'nothing sent before Generate');
    await ui.shot('quickpick-5-summary');
    await quick.pick(page, 'Generate');

    // No key yet: asked for it, in a password box. A wrong one is refused by the service (a
    // free GET) before anything is saved, and the box stays open saying so.
    assert.equal(await quick.waitForTitle(page, /Set API Key/), 'Seedance: Set API Key');
    assert.equal(await quick.inputType(page), 'password');
    await quick.enter(page, 'sk-a-key-with-a-typo');
    await page
      .locator('.quick-input-widget .quick-input-message')
      .filter({ hasText: /refused this key \(401\).*nothing was saved/ })
      .waitFor();
    await ui.shot('set-key-refused');
    assert.deepEqual(
      ui.session.sim.received('api').map((r) => [r.method, r.status]),
      [['GET', 401]],
      'checked for free, nothing sent',
    );
    await quick.enter(page, ui.session.sim.key);

    await openVideosView(page);
    await waitForRow(page, 'A fox running through fresh snow', /Queued|Rendering/, 20_000);
    await ui.shot('tree-rendering');
    const posts = ui.session.sim.received('api', 'POST');
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0].fields, {
      prompt: 'A fox running through fresh snow, low tracking shot',
      model: 'doubao-seedance-2-0-fast',
      seconds: '4',
      size: '9:16',
      resolution: '480p',
    });
    ui.session.sim.finishLatest();
    await waitForRow(page, 'A fox running through fresh snow', /Ready/, 60_000);
    await seeNotification(page, /Video ready: a-fox-running-through-fresh-snow-low-tracking-2-0-fast-\w+\.mp4/);
    await ui.shot('tree-ready');

    // The last choices are the next defaults.
    await runCommand(page, 'Seedance: Generate Video');
    await quick.enter(page, 'Another one');
    await quick.waitForTitle(page, /\(1\/5\)/);
    const active = page.locator('.quick-input-widget .monaco-list-row.focused');
    assert.match((await active.getAttribute('aria-label')) ?? '', /^Seedance 2\.0 Fast/);
    // Esc cancels the whole flow: nothing is sent.
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.equal(ui.session.sim.received('api', 'POST').length, 1);
  });
});

describe('spending only what the person saw', () => {
  before(async () => {
    await setApiKey(ui.page, ui.session.sim.key);
    await generateFromPalette(ui.page, 'A row to leave focused');
    await waitForRow(ui.page, 'A row to leave focused', /Ready/, 60_000);
  });

  it('the camera button with a row focused (and focus elsewhere) asks, and sends nothing until Generate', async () => {
    const { page, session } = ui;
    await openVideosView(page);
    // Focus the row with the keyboard, then put the focus elsewhere (the editor area).
    await videoRow(page, 'A row to leave focused').click();
    // The finished video opens in the editor; its preview (a webview) is what a person clicks there.
    await page.locator('.editor-group-container').first().click({ force: true });
    session.sim.requests.length = 0;
    // The view's title buttons show while the pointer is over the view, as for a person.
    await page.locator('.part.sidebar .composite.title').first().hover();
    const camera = page.locator('.part.sidebar .composite.title .action-label[aria-label="Generate Video"]').first();
    await camera.click();
    // Asked for a prompt: not the row's.
    assert.equal(await quick.waitForTitle(page, /^Seedance: Generate Video$/), 'Seedance: Generate Video');
    assert.equal(await page.locator('.quick-input-widget input').inputValue(), '', 'the row’s prompt is not taken');
    await quick.enter(page, 'A new prompt, typed on purpose');
    await quick.acceptDefaults(page, 1, 5, 4);
    // The summary: Back returns to the resolution step, and nothing has been sent.
    await quick.waitForTitle(page, /\(5\/5\)/);
    await quick.back(page);
    assert.match(await quick.waitForTitle(page, /\(4\/5\)/), /\(4\/5\)/);
    await page.keyboard.press('Enter');
    await quick.waitForTitle(page, /\(5\/5\)/);
    assert.equal(session.sim.received('api', 'POST').length, 0, 'nothing sent at the summary');
    // Esc at the summary: the whole flow ends, nothing is sent.
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.equal(session.sim.received('api', 'POST').length, 0, 'Esc sent nothing');
    assert.equal(await videoRow(page, 'A new prompt, typed on purpose').count(), 0);
  });

  it('Generate Again opens the summary with the same answers, and sends only on Generate', async () => {
    const { page, session } = ui;
    session.sim.requests.length = 0;
    await openVideosView(page);
    await contextMenu(page, videoRow(page, 'A row to leave focused'), 'Generate Again');
    assert.match(await quick.waitForTitle(page, /\(5\/5\)/), /Generate Video \(5\/5\)/);
    const summary = await quick.items(page);
    assert.ok(
      summary.some((s) => s.includes('A row to leave focused')),
      summary.join(' | '),
    );
    assert.equal(session.sim.received('api', 'POST').length, 0);
    await quick.pick(page, 'Generate');
    await openVideosView(page);
    // Two rows now share the prompt: the new one is on top, and arrives like any other.
    await waitForRow(page, 'A row to leave focused', /Queued|Rendering|Ready/);
    await page
      .locator('[id="workbench.view.extension.seedance"] .monaco-list-row')
      .filter({ hasText: 'A row to leave focused' })
      .filter({ hasText: /Ready/ })
      .nth(1)
      .waitFor({ timeout: 60_000 });
    const posts = session.sim.received('api', 'POST');
    assert.equal(posts.length, 1, 'one job, after Generate');
    assert.equal(posts[0].fields?.prompt, 'A row to leave focused');
    // This month's spend in the view's title: 2.0 Fast has no confirmed price, so it says so.
    await page
      .locator('.part.sidebar .composite.title')
      .filter({ hasText: /Videos · \d+ unpriced jobs this month/ })
      .waitFor();
  });
});
