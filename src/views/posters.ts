// Poster images (a frame of each finished video), made once per video by the gallery page and
// kept in the extension's storage, so the Videos view's rows and tooltips can show them. Which
// videos have one is read once at start and kept in memory: rows never wait on the disk.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';

/** Largest poster accepted from the page (a PNG at the card's size is far smaller). */
const MAX_POSTER_BYTES = 2 * 1024 * 1024;

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

  has(id: string): boolean {
    return this.#have.has(safe(id));
  }

  /** The poster of `id`, if one was made. */
  uriOf(id: string): vscode.Uri | undefined {
    return this.has(id) ? vscode.Uri.joinPath(this.folder, `${safe(id)}.png`) : undefined;
  }

  /** Keeps the page's capture of `id` (a PNG data URL); a second one for the same video is ignored. */
  async save(id: string, dataUrl: string): Promise<void> {
    const key = safe(id);
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
    if (this.#have.has(key) || !m) return;
    const bytes = Buffer.from(m[1], 'base64');
    if (bytes.length === 0 || bytes.length > MAX_POSTER_BYTES || bytes.readUInt32BE(0) !== 0x89504e47) return;
    await mkdir(this.folder.fsPath, { recursive: true });
    await writeFile(join(this.folder.fsPath, `${key}.png`), bytes);
    this.#have.add(key);
    this.#onDidChange.fire(id);
  }
}

/** A task id as a file name (ids are the provider's; nothing else may reach the path). */
function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
}
