// The strings the extension translates: every literal first argument of t(), later() or says() under
// src/ (see src/api/i18n.ts). `npm run l10n-keys` lists those a bundle lacks; the unit suite
// fails when l10n/bundle.l10n.ar.json misses one or gets a placeholder wrong.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const CALL = /\b(?:t|later|says)\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g;

/** Every translatable message in the sources under `dir`, unescaped, once each. */
export function messagesIn(dir: string): string[] {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const text = readFileSync(join(dir, entry), 'utf8');
    for (const m of text.matchAll(CALL)) found.add(m[2].replace(/\\(.)/g, '$1'));
  }
  return [...found].sort();
}

/** The {0}, {1}… a message uses, sorted. */
export function placeholders(message: string): string[] {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.ar.json'), 'utf8')) as Record<string, string>;
  const missing = messagesIn(join(root, 'src')).filter((m) => !(m in bundle));
  console.log(JSON.stringify(Object.fromEntries(missing.map((m) => [m, ''])), null, 2));
}
