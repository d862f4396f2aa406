// What is wrong with a scene before it is paid for, placed on the line that says it: the
// request's own problems (validation's, named by field) on the setting that caused them, and the
// provider's prompt guidance the request cannot check (shot labels rather than timestamps, about
// one shot per 5 seconds, no [Image N] past the images sent). Plain data out, no VS Code: the
// Problems panel and quick fixes are sceneDiagnostics.ts's.
import type { Scene, SceneSettingKey } from './scenes';

export type CheckSeverity = 'error' | 'warning' | 'hint';

/** A place in the document: a line (0-based) and the columns of what is meant on it. */
export interface Place {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export interface SceneFix {
  readonly title: string;
  /** Replacements, each of a place's text (an empty place inserts). */
  readonly edits: readonly (Place & { readonly text: string })[];
}

export interface SceneCheck extends Place {
  readonly severity: CheckSeverity;
  /** Stable: what the check is (for the Problems panel's code and tests). */
  readonly code: string;
  readonly message: string;
  readonly fix?: SceneFix;
}

/** The words each check is shown in (translated by the caller). */
export interface CheckWords {
  timestamps(count: number): string;
  tooManyShots(shots: number, seconds: number, most: number): string;
  imageNotSent(n: number, sent: number): string;
  useImageModel(model: string): string;
  useShotLabels(): string;
}

const SETTING_LINE = /^(\s*)([A-Za-z]+)(\s*:\s*)(.*?)\s*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*seedance\b/i;
/** A time range leading a line: `0-3s:`, `[00:00–00:04]`, `(0s - 5s)`, `**0:05-0:10** —`; not `2-3 people`. */
const CLOCK = String.raw`\d{1,2}:\d{2}(?:\.\d+)?`;
const SECONDS = String.raw`\d{1,3}(?:\.\d+)?\s*(?:s|sec|secs|seconds)`;
const DASH = String.raw`\s*[-–—~]\s*`;
const RANGE = `(?:${CLOCK}${DASH}${CLOCK}|\\d{1,3}(?:\\.\\d+)?\\s*(?:s|sec|secs|seconds)?${DASH}${SECONDS})`;
const TIMESTAMP = new RegExp(
  String.raw`^(\s*(?:[-*+]\s+)?)((?:\*\*)?[[(]?\s*` + RANGE + String.raw`\s*[\])]?(?:\*\*)?\s*[:：.,،\-–—]?)\s*`,
  'iu',
);
/** A shot label leading a line, in the words people write. */
const SHOT_LABEL = /^\s*(?:[-*+]\s+)?(?:\*\*)?[[(]?\s*(?:shot|cut|镜头|分镜|لقطة|اللقطة)\s*\d+/iu;
const IMAGE_REF = /\[Image\s+(\d+)\]/gi;

/** The lines of `scene` after its heading, with their numbers. */
function bodyLines(lines: readonly string[], scene: Scene): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  for (let i = scene.line + 1; i <= scene.endLine && i < lines.length; i++) out.push({ text: lines[i], line: i });
  return out;
}

/** Where the seedance block of `scene` opens, if it has one. */
function blockStart(lines: readonly string[], scene: Scene): number | undefined {
  return bodyLines(lines, scene).find((l) => FENCE_OPEN.test(l.text))?.line;
}

/** The value of `key:` in the scene's seedance block, or the heading when the scene does not set it. */
export function settingPlace(lines: readonly string[], scene: Scene, key: SceneSettingKey): Place {
  const start = blockStart(lines, scene);
  if (start !== undefined)
    for (let i = start + 1; i <= scene.endLine; i++) {
      const m = SETTING_LINE.exec(lines[i]);
      if (!m) {
        if (lines[i].trim()) break;
        continue;
      }
      if (m[2].toLowerCase() === key) {
        const from = m[1].length + m[2].length + m[3].length;
        return { line: i, start: from, end: from + m[4].length };
      }
    }
  return headingPlace(lines, scene);
}

function headingPlace(lines: readonly string[], scene: Scene): Place {
  return { line: scene.line, start: 0, end: lines[scene.line]?.length ?? 0 };
}

/** Which setting a validation field is written as in a script. */
const SETTING_OF: Record<string, SceneSettingKey> = {
  model: 'model',
  seconds: 'seconds',
  size: 'size',
  resolution: 'resolution',
  image: 'image',
  images: 'image',
};

/**
 * A problem of the scene's request (validation's `field` and words, or the reading of its block)
 * as an error on the line that caused it. An image sent to a model that takes none gets the fix
 * of naming `imageModel` in the block.
 */
export function requestCheck(
  lines: readonly string[],
  scene: Scene,
  issue: { readonly field: string; readonly message: string },
  fix: { readonly imageModel?: string; readonly modelTakesImages: boolean },
  words: Pick<CheckWords, 'useImageModel'>,
): SceneCheck {
  const key = SETTING_OF[issue.field];
  const place = key ? settingPlace(lines, scene, key) : headingPlace(lines, scene);
  const betterModel = key === 'image' && !fix.modelTakesImages ? fix.imageModel : undefined;
  return {
    severity: 'error',
    code: `request.${issue.field}`,
    message: issue.message,
    ...place,
    ...(betterModel && { fix: modelFix(lines, scene, betterModel, words) }),
  };
}

function modelFix(
  lines: readonly string[],
  scene: Scene,
  model: string,
  words: Pick<CheckWords, 'useImageModel'>,
): SceneFix | undefined {
  const title = words.useImageModel(model);
  const written = settingPlace(lines, scene, 'model');
  if (written.line !== scene.line) return { title, edits: [{ ...written, text: model }] };
  const start = blockStart(lines, scene);
  return start === undefined
    ? undefined
    : { title, edits: [{ line: start + 1, start: 0, end: 0, text: `model: ${model}\n` }] };
}

/**
 * The provider's prompt guidance, which no request check can see: time ranges where shot labels
 * work better (with the fix), more shots than `seconds` hold (about one per 5 s: three in a 15 s
 * clip), and an `[Image N]` past the `images` sent.
 */
export function promptChecks(
  lines: readonly string[],
  scene: Scene,
  { seconds, images }: { readonly seconds: number; readonly images: number },
  words: CheckWords,
): SceneCheck[] {
  const checks: SceneCheck[] = [];
  const body = bodyLines(lines, scene);
  const stamped = body
    .map(({ text, line }) => ({ line, m: TIMESTAMP.exec(text) }))
    .filter((s): s is { line: number; m: RegExpExecArray } => !!s.m);
  if (stamped.length) {
    const first = stamped[0];
    // The label is marked; the fix replaces it with the spaces after it.
    const label = (s: (typeof stamped)[number]) => ({
      line: s.line,
      start: s.m[1].length,
      end: s.m[1].length + s.m[2].trimEnd().length,
    });
    checks.push({
      severity: 'warning',
      code: 'prompt.timestamps',
      message: words.timestamps(stamped.length),
      ...label(first),
      fix: {
        title: words.useShotLabels(),
        edits: stamped.map((s, k) => ({ ...label(s), end: s.m[0].length, text: `Shot ${k + 1}: ` })),
      },
    });
  }
  const shots = body.filter(({ text }) => SHOT_LABEL.test(text) || TIMESTAMP.test(text));
  const most = Math.max(1, Math.ceil(seconds / 5));
  if (shots.length > most) {
    const extra = shots[most];
    checks.push({
      severity: 'warning',
      code: 'prompt.shots',
      message: words.tooManyShots(shots.length, seconds, most),
      line: extra.line,
      start: 0,
      end: extra.text.length,
    });
  }
  for (const { text, line } of body)
    for (const m of text.matchAll(IMAGE_REF)) {
      const n = Number(m[1]);
      if (n >= 1 && n <= images) continue;
      checks.push({
        severity: 'warning',
        code: 'prompt.imageRef',
        message: words.imageNotSent(n, images),
        line,
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  return checks;
}
