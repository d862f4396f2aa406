// The videos a folder holds, whoever made them: each video with its sidecar when it has one (made
// here, on another machine, by a teammate, by an agent), or as "made elsewhere" with what the file
// itself says (its size). Links are not followed: a planted link to a file outside is skipped, and
// a folder that is itself a link out of the workspace is not read at all.
// No `vscode`: the views turn these into rows and cards.
import { lstat, readdir } from 'node:fs/promises';
import { confinedPath } from '../api/confine';
import { join } from 'node:path';
import { type Sidecar, readSidecar, sidecarPath } from './sidecar';

const VIDEO = /\.(mp4|webm|mov)$/i;

export interface FolderVideo {
  /** The video's path on disk. */
  readonly path: string;
  readonly bytes: number;
  readonly modifiedAt: number;
  /** What made it, when its sidecar is there and readable. */
  readonly sidecar?: Sidecar;
}

/**
 * Every video directly in `dir`, newest first; a missing folder is an empty one. With `root`, a
 * `dir` whose real path (links resolved) is not inside it is not read, and `report` says so.
 */
export async function videosIn(dir: string, report: (line: string) => void, root?: string): Promise<FolderVideo[]> {
  if (root) {
    const outside = await confinedPath(dir, [root], 'outputFolder').then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    if (outside) {
      report(`Not reading the videos folder: ${outside}`);
      return [];
    }
  }
  const names = await readdir(dir).catch(() => [] as string[]);
  const listed = new Set(names);
  const found: FolderVideo[] = [];
  for (const name of names) {
    if (!VIDEO.test(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const side = sidecarPath(path);
    const sidecar = listed.has(`${name}.json`) ? await readSidecar(side, report) : undefined;
    found.push({ path, bytes: info.size, modifiedAt: info.mtimeMs, ...(sidecar && { sidecar }) });
  }
  return found.sort((a, b) => b.modifiedAt - a.modifiedAt);
}
