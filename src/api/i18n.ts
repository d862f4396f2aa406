// Every user-facing string goes through `t()`: English in the source, with {0}-style placeholders.
// In VS Code the extension installs vscode.l10n.t as the translator (its bundles live in l10n/);
// in plain Node (the tests, the scripts) the English text is formatted as is. Kept here, with no
// `vscode` import, so the API layer's messages are translated too.

export type Translate = (message: string, ...args: (string | number)[]) => string;

const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let current: Translate = english;

/** `message` in the person's language, its {0}, {1}… replaced by `args`. */
export function t(message: string, ...args: (string | number)[]): string {
  return current(message, ...args);
}

/** Installs the translator (the extension: vscode.l10n.t). */
export function useTranslator(translate: Translate): void {
  current = translate;
}
