// Every user-facing string goes through `t()`: English in the source, with {0}-style placeholders.
// In VS Code the extension installs vscode.l10n.t as the translator (its bundles live in l10n/);
// in plain Node (the tests, the scripts) the English text is formatted as is. Kept here, with no
// `vscode` import, so the API layer's messages are translated too.

export type Translate = (message: string, ...args: (string | number)[]) => string;

/**
 * A sentence kept as data: its English template and arguments, worded when it is shown, in the
 * language of whoever reads it (the person's, or English for the log and an agent). What an error
 * says is stored this way, never as the words of the language it happened to be said in.
 */
export interface Words {
  readonly says: string;
  readonly args?: readonly Arg[];
}
export type Arg = string | number | Words;

/** `message` with its arguments, as data (see Words); `word()` says it. */
export function says(message: string, ...args: Arg[]): Words {
  return args.length ? { says: message, args } : { says: message };
}

/** The words in the current language (English in plain Node, or inside `inEnglish`). */
export function word(words: Words | string): string {
  if (typeof words === 'string') return words;
  return t(words.says, ...(words.args ?? []).map((a) => (typeof a === 'object' ? word(a) : a)));
}

/** The same words with every text argument passed through `f` (the key cleaned from them). */
export function mapArgs(words: Words, f: (text: string) => string): Words {
  if (!words.args) return words;
  return {
    says: words.says,
    args: words.args.map((a) => (typeof a === 'string' ? f(a) : typeof a === 'object' ? mapArgs(a, f) : a)),
  };
}

const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let current: Translate = english;

/** `message` in the person's language, its {0}, {1}… replaced by `args`. */
export function t(message: string, ...args: (string | number)[]): string {
  return current(message, ...args);
}

/** Installs the translator (the extension: vscode.l10n.t); none: English again. */
export function useTranslator(translate?: Translate): void {
  current = translate ?? english;
}

/**
 * What `render` says, in English whatever the person's language: the same sentences for the log
 * and the language-model tools (a model reads English best). Synchronous only: the translator is
 * swapped for the duration of the call.
 */
export function inEnglish<T>(render: () => T): T {
  const saved = current;
  current = english;
  try {
    return render();
  } finally {
    current = saved;
  }
}

/**
 * Marks a string to translate where it is shown rather than where it is written (a model's
 * purpose in the catalog): the bundle check finds it, `t(value)` translates it later.
 */
export function later(message: string): string {
  return message;
}

/** Languages written right to left (their base tag). */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.toLowerCase().split(/[-_]/)[0]);
}

/**
 * VS Code lays every line out left to right, whatever the language. In a right-to-left language
 * each message is therefore wrapped in RLI…PDI (invisible), so it reads in its own order: a unit
 * stays after its number, "Seedance:" comes first for a reader going right to left.
 */
export function inDirection(translate: Translate, language: string): Translate {
  if (!isRightToLeft(language)) return translate;
  return (message, ...args) => `\u2067${translate(message, ...args)}\u2069`;
}
