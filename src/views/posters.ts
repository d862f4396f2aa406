// Poster images (a frame of each finished video), made once per video by the gallery page and
// kept in the extension's storage, so the Videos view's rows and tooltips can show them. Which
// videos have one is read once at start and kept in memory: rows never wait on the disk.
// The storage is every workspace's, and a task id is only what a sidecar claims: a poster is kept
// under the id and the video's own path, so a planted sidecar naming another workspace's task
// never shows (or sets) that workspace's poster.
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';

/** Largest poster accepted from the page (a PNG at the card's size is far smaller). */
const MAX_POSTER_BYTES = 2 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A finished video: its job's id and where the file is. */
export interface PosterOf {
  readonly id: string;
  readonly videoPath: string;
}

export class Posters extends Disposable {
  readonly folder: vscode.Uri;
  readonly #have = new Set<string>();
  readonly #onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with the task id whose poster was just made. */
  readonly onDidChange = this.#onDidChange.event;
  readonly loaded: Promise<void>;

  constructor(globalStorage: vscode.Uri) {
    super();
    this.folder = vscode.Uri.joinPath(globalStorage, 'posters');
    this.loaded = readdir(this.folder.fsPath).then(
      (names) => {
        for (const n of names) if (n.endsWith('.png')) this.#have.add(n.slice(0, -4));
        if (names.length) this.#onDidChange.fire('');
      },
      () => undefined,
    );
  }

  has(video: PosterOf): boolean {
    return this.#have.has(keyOf(video));
  }

  /** The poster of `video`, if one was made. */
  uriOf(video: PosterOf): vscode.Uri | undefined {
    return this.has(video) ? vscode.Uri.joinPath(this.folder, `${keyOf(video)}.png`) : undefined;
  }

  /**
   * Keeps the page's capture of `video` (a PNG data URL); a second one for the same video, or
   * anything that is not a PNG of a sane size, is ignored.
   */
  async save(video: PosterOf, dataUrl: string): Promise<void> {
    const key = keyOf(video);
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
    if (this.#have.has(key) || !m) return;
    const bytes = Buffer.from(m[1], 'base64');
    if (bytes.length <= PNG_SIGNATURE.length || bytes.length > MAX_POSTER_BYTES) return;
    if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return;
    await mkdir(this.folder.fsPath, { recursive: true });
    await writeFile(join(this.folder.fsPath, `${key}.png`), bytes);
    this.#have.add(key);
    this.#onDidChange.fire(video.id);
  }
}

/** A file name for a video's poster: its id (ids are the provider's; nothing else may reach the path) and its path. */
function keyOf(video: PosterOf): string {
  const where = createHash('sha256').update(video.videoPath).digest('hex').slice(0, 16);
  return `${video.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}-${where}`;
}
