// seedance.script.linkVideos (off by default): a finished scene video is linked under its scene
// as a <video> tag, which the Markdown preview plays. A later video of the same scene replaces
// the link. The line is marked data-seedance, so the scene's prompt never includes it.
import { dirname, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { linkVideos } from '../common/config';
import { Disposable } from '../common/lifecycle';
import { videoPathOf } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import type { JobStore } from '../jobs/jobStore';
import { type SceneRef, VIDEO_LINK, findScene, parseScenes, sceneOf } from './scenes';

export class SceneVideoLinks extends Disposable {
  #queue: Promise<void> = Promise.resolve();

  constructor(
    manager: JobManager,
    private readonly store: JobStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(
      manager.onDidFinish((job) => {
        // Restricted Mode: never, whatever the repository's settings say (it edits and saves its files).
        const scene = sceneOf(job);
        const video = videoPathOf(job);
        if (!scene || !video || !linkVideos(vscode.Uri.parse(scene.file))) return;
        // One at a time: each edit is made against the text the previous one left.
        this.#queue = this.#queue
          .then(() => this.#link(job.id, video, scene))
          .then(undefined, (err: unknown) => this.log.warn(`Could not link ${job.id} under its scene: ${String(err)}`));
      }),
    );
  }

  async #link(id: string, video: string, ref: SceneRef): Promise<void> {
    const uri = vscode.Uri.parse(ref.file);
    // A script deleted while its video rendered stays deleted: VS Code may still hold its text,
    // and saving the edit would write the file again.
    if (!(await exists(uri))) {
      this.log.info(`Not linking ${id}: its script ${uri.fsPath} is gone`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const scene = findScene(parseScenes(doc.getText()), ref);
    if (!scene) return;
    const src = relative(dirname(uri.fsPath), video).split(sep).map(encodeURIComponent).join('/');
    const tag = `<video src="${src}" controls width="480" data-seedance></video>`;
    const edit = new vscode.WorkspaceEdit();
    let existing: number | undefined;
    for (let l = scene.line + 1; l <= scene.endLine; l++) if (VIDEO_LINK.test(doc.lineAt(l).text)) existing = l;
    if (existing !== undefined) edit.replace(uri, doc.lineAt(existing).range, tag);
    else edit.insert(uri, doc.lineAt(scene.endLine).range.end, `\n\n${tag}`);
    const wasClean = !doc.isDirty;
    if (!(await vscode.workspace.applyEdit(edit))) {
      this.log.warn(`Could not link ${id} under "${scene.heading}": VS Code refused the edit`);
      return;
    }
    // A file the person had not touched is saved; their unsaved edits stay theirs to save.
    if (wasClean) await doc.save();
    this.log.info(`Linked ${id} under "${scene.heading}" in ${uri.fsPath}`);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
