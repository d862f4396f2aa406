// The scenes of a Markdown script: each heading with text under it is a scene. A fenced
// ```seedance block in a scene gives precise control: its first `key: value` lines set the
// request (model, seconds, size, resolution, image), and the rest of the block, if any, is the
// prompt instead of the scene's prose. Pure text in, plain data out: no VS Code, no disk.
import type { JobOrigin } from '../jobs/job';
import { createHash } from 'node:crypto';

export const SCENE_SETTINGS = ['model', 'seconds', 'size', 'resolution', 'image'] as const;
export type SceneSettingKey = (typeof SCENE_SETTINGS)[number];

export interface SceneSettings {
  model?: string;
  seconds?: number;
  size?: string;
  resolution?: string;
  /** As written, relative to the script's folder (or absolute). */
  image?: string;
}

export interface Scene {
  /** The heading's text, as written (without the #s). */
  readonly heading: string;
  /** 0 for the first heading with this text, 1 for the second…: headings may repeat. */
  readonly occurrence: number;
  /** Position among the file's scenes, from 0. */
  readonly index: number;
  /** The heading's line (0-based), where its lens goes. */
  readonly line: number;
  /** The last line of the scene's text (before the next heading). */
  readonly endLine: number;
  readonly prompt: string;
  readonly settings: SceneSettings;
  /** Lines of the seedance block that could not be read, in words. */
  readonly problems: readonly string[];
  /** Changes whenever the prompt or a setting changes: "text changed since this video". */
  readonly hash: string;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)/;
const SETTING = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/;
/** Lines the extension writes under a scene (seedance.script.linkVideos): not part of the prompt. */
export const VIDEO_LINK = /^\s*<video\b[^>]*\bdata-seedance\b[^>]*>.*<\/video>\s*$/i;

interface Section {
  heading: string;
  line: number;
  body: string[];
  block?: string[];
  endLine: number;
}

/** The scenes of `text`, in file order. A heading with no text under it is not a scene. */
export function parseScenes(text: string): Scene[] {
  const lines = text.split(/\r?\n/);
  const sections: Section[] = [];
  let current: Section | undefined;
  let fence: { marker: string; seedance: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) fence = undefined;
      else if (fence.seedance && current) current.block!.push(line);
      if (current) current.endLine = i;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      const seedance = f[2].toLowerCase() === 'seedance';
      fence = { marker: f[1], seedance };
      // Only the first seedance block of a scene counts.
      if (seedance && current && !current.block) current.block = [];
      else fence.seedance = false;
      if (current) current.endLine = i;
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      current = { heading: h[2].trim(), line: i, body: [], endLine: i };
      sections.push(current);
      continue;
    }
    if (!current) continue;
    current.endLine = i;
    if (VIDEO_LINK.test(line) || /^\s*<!--.*-->\s*$/.test(line)) continue;
    current.body.push(line);
  }

  const scenes: Scene[] = [];
  const seen = new Map<string, number>();
  for (const s of sections) {
    const { settings, rest, problems } = readBlock(s.block ?? []);
    const prompt = tidy(rest.length && rest.some((l) => l.trim()) ? rest : s.body);
    if (!prompt) continue;
    const occurrence = seen.get(s.heading) ?? 0;
    seen.set(s.heading, occurrence + 1);
    // The end is the last line with content, so a link written under the scene sits right below it.
    let endLine = s.endLine;
    while (endLine > s.line && !lines[endLine].trim()) endLine--;
    scenes.push({
      heading: s.heading,
      occurrence,
      index: scenes.length,
      line: s.line,
      endLine,
      prompt,
      settings,
      problems,
      hash: hashOf(prompt, settings),
    });
  }
  return scenes;
}

/** The leading `key: value` lines of a seedance block, and what follows them. */
function readBlock(block: string[]): { settings: SceneSettings; rest: string[]; problems: string[] } {
  const settings: SceneSettings = {};
  const problems: string[] = [];
  let i = 0;
  for (; i < block.length; i++) {
    if (!block[i].trim()) continue;
    const m = SETTING.exec(block[i]);
    if (!m) break;
    const key = m[1].toLowerCase();
    if (!(SCENE_SETTINGS as readonly string[]).includes(key)) {
      // "Camera: slow push" is prose, not a setting: the prompt starts here.
      break;
    }
    const value = m[2];
    if (key === 'seconds') {
      const n = Number(value.replace(/\s*s(econds?)?$/i, ''));
      if (Number.isInteger(n) && n > 0) settings.seconds = n;
      else problems.push(`seconds: "${value}" is not a whole number of seconds`);
    } else if (value) settings[key as Exclude<SceneSettingKey, 'seconds'>] = value;
  }
  return { settings, rest: block.slice(i), problems };
}

/** Lines trimmed, runs of blank lines made one, ends trimmed. */
function tidy(lines: string[]): string {
  return lines
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function hashOf(prompt: string, settings: SceneSettings): string {
  const canonical = JSON.stringify([prompt.normalize('NFC'), SCENE_SETTINGS.map((k) => settings[k] ?? null)]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** What a job remembers of the scene it was made for: its origin, written and read by this feature only. */
export interface SceneRef extends JobOrigin {
  /** The script's URI. */
  readonly file: string;
  readonly heading: string;
  readonly occurrence: number;
  /** The scene's place in the script when it was sent. */
  readonly index: number;
  /** The scene's hash when it was sent. */
  readonly hash: string;
}

/** The scene a job was made for, read back from its origin (none for a job of no script). */
export function sceneOf(job: { readonly origin?: JobOrigin } | undefined): SceneRef | undefined {
  const o = job?.origin;
  if (!o || typeof o.heading !== 'string' || typeof o.occurrence !== 'number' || typeof o.hash !== 'string')
    return undefined;
  return { file: o.file, index: o.index, heading: o.heading, occurrence: o.occurrence, hash: o.hash };
}

export function refOf(file: string, scene: Scene): SceneRef {
  return { file, heading: scene.heading, occurrence: scene.occurrence, index: scene.index, hash: scene.hash };
}

/**
 * The scene `ref` points at now: the same heading (the same one of several alike), so edits
 * elsewhere in the file, new scenes before it included, keep the link. A renamed heading is
 * still found while its text is unchanged.
 */
export function findScene(
  scenes: readonly Scene[],
  ref: Pick<SceneRef, 'heading' | 'occurrence' | 'hash'>,
): Scene | undefined {
  return (
    scenes.find((s) => s.heading === ref.heading && s.occurrence === ref.occurrence) ??
    scenes.find((s) => s.hash === ref.hash)
  );
}
