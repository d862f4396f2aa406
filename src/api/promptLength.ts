// How long a prompt Seedance takes. ByteDance documents about 1,000 English words or 500 Chinese
// characters; a longer prompt is paid for and the rest is not followed. Words are counted in any
// script written with spaces (English, Arabic…); Chinese, Japanese and Korean characters one by
// one; a mix counts as its share of each. A hard cap on characters bounds what is sent at all
// (a prompt of one 1 MB "word").
import { t } from './i18n';

export const MAX_PROMPT_WORDS = 1_000;
export const MAX_PROMPT_CJK = 500;
export const MAX_PROMPT_CHARS = 10_000;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

export interface PromptSize {
  readonly words: number;
  /** Chinese, Japanese and Korean characters. */
  readonly cjk: number;
  /** Characters (code points) in all. */
  readonly chars: number;
}

export function promptSize(text: string): PromptSize {
  let chars = 0;
  for (const _ of text) chars++;
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text
    .replace(CJK, ' ')
    .split(/\s+/u)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return { words, cjk, chars };
}

/** Why a prompt is too long for the provider, in words a person can act on; undefined when it is not. */
export function promptTooLong(text: string): string | undefined {
  const { words, cjk, chars } = promptSize(text);
  if (chars > MAX_PROMPT_CHARS)
    return t('prompt is too long: {0} characters, at most {1}. Shorten it.', chars, MAX_PROMPT_CHARS);
  if (words / MAX_PROMPT_WORDS + cjk / MAX_PROMPT_CJK <= 1) return undefined;
  if (cjk === 0)
    return t('prompt is too long: {0} words, Seedance takes about {1}. Shorten it.', words, MAX_PROMPT_WORDS);
  if (words === 0)
    return t(
      'prompt is too long: {0} Chinese, Japanese or Korean characters, Seedance takes about {1}. Shorten it.',
      cjk,
      MAX_PROMPT_CJK,
    );
  return t(
    'prompt is too long: {0} words and {1} Chinese, Japanese or Korean characters, Seedance takes about {2} words or {3} characters in all. Shorten it.',
    words,
    cjk,
    MAX_PROMPT_WORDS,
    MAX_PROMPT_CJK,
  );
}

/** A prompt as an answer quotes it: the first `max` characters, and how many more there were. */
export function quotePrompt(text: string, max = 300): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}… (${chars.length - max} more characters)`;
}
