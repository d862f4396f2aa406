// The extension in Arabic: a VS Code whose display language is Arabic (`--locale ar`) shows the
// extension's command titles, steps and messages in Arabic, laid out right to left where text is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { useSiblingSession } from './context';
import { openVideosView, paletteEntries, quick, runCommand, until } from './workbench';

describe('in Arabic', () => {
  // An empty test-only language pack makes `--locale ar` take effect (none can be downloaded here).
  const sibling = useSiblingSession('ui-arabic', {
    locale: 'ar',
    extraExtensions: [join(REPO_ROOT, 'test', 'harness', 'arabic-language-pack')],
  });

  it('shows the command titles and the Generate Video steps in Arabic', async () => {
    const page = sibling.session.workbench!.page;
    const entries = await paletteEntries(page, 'Seedance');
    await sibling.session.workbench!.screenshot('arabic-palette');
    assert.ok(
      entries.some((e) => e.includes('إنشاء فيديو')),
      entries.join(' | '),
    );
    assert.ok(
      entries.some((e) => e.includes('تعيين مفتاح API')),
      entries.join(' | '),
    );
    await page.keyboard.press('Escape');
    await runCommand(page, 'Seedance: إنشاء فيديو');
    // Each message is wrapped in invisible direction marks (RLI…PDI, FSI…PDI) so it reads right to left.
    assert.equal(visible(await quick.waitForTitle(page, /Seedance/)), 'Seedance: إنشاء فيديو');
    assert.match(await quick.waitForTitle(page, /Seedance/), /^\u2067/, 'laid out right to left');
    await quick.enter(page, 'ثعلب يركض في الثلج');
    assert.match(visible(await quick.waitForTitle(page, /\(1\/5\)/)), /إنشاء فيديو \(1\/5\)/);
    assert.match((await page.locator('.quick-input-widget input').getAttribute('placeholder')) ?? '', /أي نموذج؟/);
    // A model's range is laid out right to left too, so its unit stays after its numbers: "4–15 ث".
    const description = await page
      .locator('.quick-input-widget .monaco-list-row .label-description')
      .first()
      .textContent();
    assert.match(description ?? '', /^\u2067/);
    assert.match(visible(description ?? ''), /^4–15 ث/);
    await sibling.session.workbench!.screenshot('arabic-model-step');
    await page.keyboard.press('Escape');
  });

  it('a row in the Videos view leads with its state, whole at the default sidebar width', async () => {
    const { page } = sibling.session.workbench!;
    // Renders until the test has seen it rendering, however slow the machine; then finished by hand.
    sibling.session.sim.pace = 'held';
    await runCommand(page, 'Seedance: إنشاء فيديو');
    await quick.waitForTitle(page, /Seedance/);
    await quick.enter(page, 'ثعلب يركض في الثلج عند الفجر، لقطة تتبع منخفضة');
    await quick.acceptDefaults(page, 1, 5);
    // No key yet in this window: asked for once, after Generate, then sent.
    await quick.waitForTitle(page, /API/);
    await quick.enter(page, sibling.session.sim.key);
    const view = await openVideosView(page);
    const row = view.locator('.monaco-list-row').filter({ hasText: 'ثعلب يركض' }).first();
    const lead = row.locator('.label-name .highlight').first();
    const whole = async () => {
      // A progress update redraws the row: its state is measured once it is drawn again.
      const box = await until(
        'the row’s state to be drawn',
        async () => (await lead.boundingBox()) ?? undefined,
        async () => (await row.allInnerTexts()).join(' | '),
      );
      const shown = (await view.boundingBox())!;
      assert.ok(box.x >= shown.x && box.x + box.width <= shown.x + shown.width, 'the state is not cut off');
      return visible(await lead.innerText()).trim();
    };
    await row.filter({ hasText: /\d+%|في الانتظار/ }).waitFor({ timeout: 30_000 });
    assert.match(await whole(), /^(\d+%.*|في الانتظار)$/);
    await sibling.session.workbench!.screenshot('arabic-videos-view-rendering');
    sibling.session.sim.finishLatest();
    await row.filter({ hasText: 'جاهز' }).waitFor({ timeout: 60_000 });
    assert.equal(await whole(), 'جاهز');
    await sibling.session.workbench!.screenshot('arabic-videos-view-ready');
  });
});

/** The text without its invisible direction marks. */
function visible(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}
