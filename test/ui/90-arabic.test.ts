// The extension in Arabic: a VS Code whose display language is Arabic (`--locale ar`) shows the
// extension's command titles, steps and messages in Arabic, laid out right to left where text is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { useSiblingSession } from './context';
import { paletteEntries, quick, runCommand } from './workbench';

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
});

/** The text without its invisible direction marks. */
function visible(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}
