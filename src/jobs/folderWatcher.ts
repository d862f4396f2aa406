// The output folders, watched: each workspace folder's `seedance.outputFolder` is read at start
// and whenever the folders or the setting change; each file event in one is handed to the folder
// model (folderModel.ts), which reads that one video again. Reading only, so Restricted Mode
// changes nothing here.
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { maxFolderVideos, outputFolderSetting } from '../common/config';
import { insideFolder } from './fileName';
import { FolderModel, type OutputFolder } from './folderModel';
import type { JobStore } from './jobStore';
import { DEFAULT_OUTPUT_FOLDER } from './outputLocation';

export type { NotListed } from './folderModel';

export class FolderWatcher extends FolderModel {
  #watchers: vscode.Disposable[] = [];

  constructor(
    store: JobStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super(store, (line) => log.warn(line), maxFolderVideos);
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.#watch()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seedance.outputFolder') || e.affectsConfiguration('seedance.maxFolderVideos'))
          void this.#watch();
      }),
    );
    this._register({
      dispose: () => {
        for (const w of this.#watchers.splice(0)) w.dispose();
      },
    });
  }

  /** Starts watching and reads the folders once (after activation: activation reads no files). */
  start(): Promise<void> {
    return this.#watch();
  }

  #outputFolders(): OutputFolder[] {
    const out = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      try {
        const dir = insideFolder(folder.uri.fsPath, outputFolderSetting(folder.uri) ?? DEFAULT_OUTPUT_FOLDER);
        out.push({ dir, root: folder.uri.fsPath, rootUri: folder.uri.toString() });
      } catch (err) {
        this.log.warn(err instanceof Error ? err.message : String(err));
      }
    }
    return out;
  }

  /**
   * A watcher per output folder, as a pattern under its workspace folder (so a folder made later
   * is seen), then one scan of what they hold now.
   */
  #watch(): Promise<void> {
    for (const w of this.#watchers.splice(0)) w.dispose();
    const folders = this.#outputFolders();
    for (const { dir, root } of folders) {
      const rel = relative(root, dir).split(sep).join('/');
      // The folder itself too: made with its files at once (a pull, a copy), their own events can
      // come before the watcher sees inside it; its creation then brings a scan.
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(root), rel ? `{${rel},${rel}/*}` : '*'),
      );
      const changed = (file: vscode.Uri) => this.fileChanged(file.fsPath);
      this.#watchers.push(
        watcher,
        watcher.onDidCreate(changed),
        watcher.onDidChange(changed),
        watcher.onDidDelete(changed),
      );
    }
    return this.setFolders(folders);
  }
}
