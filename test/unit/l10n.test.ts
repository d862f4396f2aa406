// The Arabic translation is complete and consistent: every message the sources translate has an
// entry with the same placeholders, and the manifest's texts exist in both languages with their
// command links and code spans intact. A missing or broken entry fails here, not in front of a person.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messagesIn, placeholders } from '../../scripts/l10nKeys';
import { inDirection, t, useTranslator } from '../../src/api/i18n';
import { REPO_ROOT } from '../support/paths';

const json = (...parts: string[]) =>
  JSON.parse(readFileSync(join(REPO_ROOT, ...parts), 'utf8')) as Record<string, string>;

describe('the Arabic translation', () => {
  const messages = messagesIn(join(REPO_ROOT, 'src'));
  const bundle = json('l10n', 'bundle.l10n.ar.json');

  it('covers every message the extension shows', () => {
    assert.ok(messages.length > 200, `${messages.length} messages found`);
    assert.deepEqual(
      messages.filter((m) => !(m in bundle)),
      [],
      'missing from l10n/bundle.l10n.ar.json (run npm run l10n-keys)',
    );
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !messages.includes(k)),
      [],
      'no longer used',
    );
  });

  it('keeps every placeholder of every message', () => {
    const wrong = messages.filter((m) => m in bundle && placeholders(m).join() !== placeholders(bundle[m]).join());
    assert.deepEqual(wrong, []);
  });

  it('is Arabic, not English copied', () => {
    const untranslated = messages.filter(
      (m) => /[A-Za-z]{3,}/.test(m.replace(/\{\d\}/g, '')) && !/[\u0600-\u06ff]/.test(bundle[m]),
    );
    // Only the brand with a value after it needs no words of its own.
    assert.deepEqual(
      untranslated.filter((m) => m !== 'Seedance: {0}'),
      [],
    );
  });

  it('the manifest’s texts exist in English and Arabic, with their links and code intact', () => {
    const manifest = readFileSync(join(REPO_ROOT, 'package.json'), 'utf8');
    const en = json('package.nls.json');
    const ar = json('package.nls.ar.json');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.deepEqual(
      used.filter((k) => !(k in en)),
      [],
      'every %key% of package.json is in package.nls.json',
    );
    assert.deepEqual(Object.keys(en).sort(), Object.keys(ar).sort(), 'the same keys in both languages');
    for (const key of Object.keys(en)) {
      const kept = (s: string) => (s.match(/command:[\w.]+|`[^`]*`/g) ?? []).sort().join(' ');
      assert.equal(kept(ar[key]), kept(en[key]), key);
    }
  });

  it('t() formats English where no translator is installed, and uses the one that is', () => {
    assert.equal(t('{0} of {1}', 2, 5), '2 of 5');
    useTranslator((m, ...a) => `[${m}|${a.join(',')}]`);
    try {
      assert.equal(t('{0} of {1}', 2, 5), '[{0} of {1}|2,5]');
    } finally {
      useTranslator();
    }
  });

  it('in a right-to-left language each message is laid out right to left; in English it is left alone', () => {
    const english = (m: string, ...a: (string | number)[]) => m.replace('{0}', String(a[0]));
    assert.equal(inDirection(english, 'en')('{0} s', 4), '4 s');
    assert.equal(inDirection(english, 'ar')('{0} ث', 4), '\u20674 ث\u2069');
    assert.equal(inDirection(english, 'ar-EG')('x'), '\u2067x\u2069');
    assert.equal(inDirection(english, 'fr')('x'), 'x');
  });
});
