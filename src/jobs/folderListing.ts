// The videos a folder holds, whoever made them: each video with its sidecar when it has one (made
// here, on another machine, by a teammate, by an agent), or as "made elsewhere" with what the file
// itself says (its size). Links are not followed: a planted link to a file outside is skipped, and
// a folder that is itself a link out of the workspace is not read at all.
// A folder may hold thousands (a season's takes) or be planted by a repository: files are read a
// batch at a time, yielding between batches, and past `max` videos only the newest are read.
// No `vscode`: the views turn these into rows and cards.
import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { confinedPath } from '../api/confine';
import { type Sidecar, readSidecar, sidecarPath } from './sidecar';

const VIDEO = /\.(mp4|webm|mov)$/i;
/** Files looked at between two turns of the event loop: the extension host is shared. */
const BATCH = 64;
/** The most videos a folder lists unless the person raises it (seedance.maxFolderVideos). */
export const DEFAULT_MAX_VIDEOS = 10_000;

export interface FolderVideo {
  /** The video's path on disk. */
  readonly path: string;
  readonly bytes: number;
  readonly modifiedAt: number;
  /** What made it, when its sidecar is there and readable. */
  readonly sidecar?: Sidecar;
}

export interface FolderListing {
  /** The videos read, newest first. */
  readonly videos: FolderVideo[];
  /** Videos in the folder past the cap, the oldest: not listed. */
  readonly over: number;
  /** The folder was not read: its real path is outside the root. */
  readonly outside?: true;
}

/** Whether `name` is a file name a folder's listing counts as a video (not a hidden partial one). */
export function isVideoName(name: string): boolean {
  return VIDEO.test(name) && !name.startsWith('.');
}

/** The video a file of the folder belongs to: itself, or the video its sidecar describes. */
export function videoOfFile(path: string): string | undefined {
  const name = basename(path);
  if (isVideoName(name)) return path;
  if (name.endsWith('.json') && isVideoName(name.slice(0, -5))) return join(dirname(path), name.slice(0, -5));
  return undefined;
}

/**
 * Every video directly in `dir`, newest first; a missing folder is an empty one. With `root`, a
 * `dir` whose real path (links resolved) is not inside it is not read, and `report` says so.
 */
export async function videosIn(dir: string, report: (line: string) => void, root?: string): Promise<FolderVideo[]> {
  return (await listVideos(dir, report, { root })).videos;
}

/** `videosIn`, with at most `max` videos read (the newest) and how many more there were. */
export async function listVideos(
  dir: string,
  report: (line: string) => void,
  { root, max = DEFAULT_MAX_VIDEOS }: { root?: string; max?: number } = {},
): Promise<FolderListing> {
  if (root) {
    const outside = await confinedPath(dir, [root], 'outputFolder').then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    if (outside) {
      report(`Not reading the videos folder: ${outside}`);
      return { videos: [], over: 0, outside: true };
    }
  }
  const names = await readdir(dir).catch(() => [] as string[]);
  const listed = new Set(names);
  // First what each file is (cheap), then the sidecars of the newest `max` only.
  const files: { path: string; bytes: number; modifiedAt: number; sidecar: boolean }[] = [];
  const videoNames = names.filter(isVideoName);
  for (let at = 0; at < videoNames.length; at += BATCH) {
    const batch = videoNames.slice(at, at + BATCH);
    const infos = await Promise.all(batch.map((name) => lstat(join(dir, name)).catch(() => undefined)));
    batch.forEach((name, i) => {
      const info = infos[i];
      if (info?.isFile())
        files.push({
          path: join(dir, name),
          bytes: info.size,
          modifiedAt: info.mtimeMs,
          sidecar: listed.has(`${name}.json`),
        });
    });
    await yieldToLoop();
  }
  files.sort((a, b) => b.modifiedAt - a.modifiedAt);
  const kept = files.slice(0, Math.max(0, max));
  const videos: FolderVideo[] = [];
  for (let at = 0; at < kept.length; at += BATCH) {
    const batch = kept.slice(at, at + BATCH);
    const sidecars = await Promise.all(
      batch.map((f) => (f.sidecar ? readSidecar(sidecarPath(f.path), report) : Promise.resolve(undefined))),
    );
    batch.forEach(({ path, bytes, modifiedAt }, i) => {
      const sidecar = sidecars[i];
      videos.push({ path, bytes, modifiedAt, ...(sidecar && { sidecar }) });
    });
    await yieldToLoop();
  }
  return { videos, over: files.length - kept.length };
}

/**
 * The one video at `path` as a listing would read it (a file event in its folder): undefined when
 * it is gone, is no plain file or is not a video's name.
 */
export async function videoAt(path: string, report: (line: string) => void): Promise<FolderVideo | undefined> {
  if (!isVideoName(basename(path))) return undefined;
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const side = sidecarPath(path);
  const hasSidecar = await lstat(side).then(
    () => true,
    () => false,
  );
  const sidecar = hasSidecar ? await readSidecar(side, report) : undefined;
  return { path, bytes: info.size, modifiedAt: info.mtimeMs, ...(sidecar && { sidecar }) };
}
