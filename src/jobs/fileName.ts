// The name a finished video is saved under: the prompt's first words (letters and digits of any
// script: Arabic, CJK, accented Latin…), the model and the task, e.g.
// `a-fox-running-through-fresh-snow-2-0-fast-4f9c2a.mp4` or `ثعلب-يركض-في-الثلج-2-0-fast-4f9c2a.mp4`.
// Valid on Windows, macOS and Linux: no reserved characters or names, no trailing dot or space,
// well under 255 bytes of UTF-8.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathExists } from '../common/pathExists';

/** Prompt words kept: up to this many characters, and this many bytes of UTF-8. */
const SLUG_CHARS = 48;
const SLUG_BYTES = 120;

/** Letters (with their combining marks) and digits of every script, as runs: the words. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Windows refuses these as a name, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

export function videoFileName(job: { readonly prompt: string; readonly model: string; readonly id: string }): string {
  const words = job.prompt.normalize('NFC').toLowerCase().match(WORD) ?? [];
  // Whole words while they fit; a first word longer than that (CJK has no spaces) is cut.
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (!fits(next)) break;
    slug = next;
  }
  if (!slug && words[0]) slug = cut(words[0]);
  if (!slug || RESERVED.test(slug)) slug = slug ? `${slug}-video` : 'video';
  const model =
    job.model
      .replace(/^doubao-seedance-/, '')
      .replace(/[^A-Za-z0-9.-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '') || 'model';
  const id =
    job.id
      .replace(/^task_/, '')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(-6) || 'task';
  return `${slug}-${model.slice(0, 40)}-${id}.mp4`;
}

function fits(s: string): boolean {
  return [...s].length <= SLUG_CHARS && Buffer.byteLength(s, 'utf8') <= SLUG_BYTES;
}

/** The longest start of `word` that fits, cut between characters (never inside one). */
function cut(word: string): string {
  let out = '';
  for (const ch of word) {
    if (!fits(out + ch)) break;
    out += ch;
  }
  return out;
}

/** `root/sub`, refusing anything that would leave `root`. */
export function insideFolder(root: string, sub: string): string {
  const target = resolve(root, sub);
  const rel = relative(root, target);
  if (isAbsolute(sub) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`seedance.outputFolder must be a folder inside the workspace folder (got "${sub}")`);
  }
  return target;
}

/** `dir/name`, or `dir/name-2.mp4`, `-3`…: the first that does not exist. */
export async function uniquePath(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!(await pathExists(candidate))) return candidate;
  }
}
