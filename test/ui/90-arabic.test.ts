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
    assert.equal(await quick.waitForTitle(page, /Seedance/), 'Seedance: إنشاء فيديو');
    await quick.enter(page, 'ثعلب يركض في الثلج');
    // The step title keeps the command's name isolated (FSI…PDI) so the numbers stay in order.
    assert.match(await quick.waitForTitle(page, /\(1\/5\)/), /إنشاء فيديو\u2069? \(1\/5\)/);
    assert.match((await page.locator('.quick-input-widget input').getAttribute('placeholder')) ?? '', /أي نموذج؟/);
    await sibling.session.workbench!.screenshot('arabic-model-step');
    await page.keyboard.press('Escape');
  });
});
