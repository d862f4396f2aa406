// Commands on a job's row (and their view-title siblings). Each takes the row's job, a task id
// (from a notification button), or falls back to the tree's selection.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import * as vscode from 'vscode';
import { canReveal, filesAreOnThisComputer } from '../common/environment';
import { Commands } from '../common/ids';
import { type Job, shortPrompt, taskIdOf } from '../jobs/job';
import { ACTIONS, showMessage } from '../views/messages';
import type { JobManager } from '../jobs/jobManager';
import type { JobStore } from '../jobs/jobStore';
import { sidecarPath } from '../jobs/sidecar';
import type { JobTree } from '../views/jobTree';
import type { Generator } from './generate';
import { registerCommand } from './runCommand';
import { trackTask } from './trackTask';
import { t } from '../api/i18n';

export function jobCommands(
  log: vscode.LogOutputChannel,
  store: JobStore,
  manager: JobManager,
  tree: JobTree,
  generator: Generator,
): vscode.Disposable[] {
  const jobOf = (arg: unknown): Job => {
    const id =
      typeof arg === 'string'
        ? arg
        : ((arg as { id?: string } | undefined)?.id ?? (tree.view.selection[0] as { id?: string } | undefined)?.id);
    const job = id ? store.get(id) : undefined;
    if (!job) throw new Error(t('Select a video in the Seedance view first.'));
    return job;
  };
  /**
   * A row of the Videos view that is a file made elsewhere (no job), or none. A command's argument
   * may come from anywhere (a link in a document, another extension): only a video the view lists
   * counts, never any path it names.
   */
  const fileOf = (arg: unknown): string | undefined => {
    const row = (arg ?? tree.view.selection[0]) as { kind?: string; path?: unknown } | undefined;
    if (row?.kind !== 'file' || typeof row.path !== 'string') return undefined;
    if (!tree.listsFile(row.path)) throw new Error(t('{0} is not a video listed in the Seedance view.', row.path));
    return row.path;
  };
  const videoOf = (arg: unknown): { job?: Job; uri: vscode.Uri } => {
    const file = fileOf(arg);
    if (file) return { uri: vscode.Uri.file(file) };
    const job = jobOf(arg);
    if (job.phase !== 'done') throw new Error(t('This video has not been downloaded yet.'));
    return { job, uri: vscode.Uri.file(job.videoPath) };
  };
  const markSeen = (job: Job | undefined) => job && manager.markSeen(job.id);
  /** Jobs taken off the list in this window, for Undo. */
  const undoable = new Map<string, { job: Job; at: number }>();

  return [
    registerCommand(log, Commands.openVideo, async (arg) => {
      const { job, uri } = videoOf(arg);
      // VS Code's built-in media preview plays H.264 MP4 (without AAC audio: Open Externally then).
      await vscode.commands.executeCommand('vscode.open', uri);
      await markSeen(job);
    }),
    registerCommand(log, Commands.openVideoExternally, async (arg) => {
      const { job, uri } = videoOf(arg);
      // In a browser or remote window the file is on the server, not next to the person's player.
      if (!filesAreOnThisComputer()) return vscode.commands.executeCommand(Commands.downloadVideo, job?.id ?? arg);
      if (!(await vscode.env.openExternal(uri))) throw new Error(t('The system could not open {0}', uri.fsPath));
      await markSeen(job);
    }),
    registerCommand(log, Commands.downloadVideo, async (arg) => {
      const { job, uri } = videoOf(arg);
      if (!vscode.workspace.getWorkspaceFolder(uri)) {
        throw new Error(outsideWorkspace(uri, t('download it from the Explorer')));
      }
      // VS Code's own Download (the Explorer's, in browser and remote windows) acts on the
      // Explorer's selection: select the video first so that exactly it is handed over.
      await vscode.commands.executeCommand('revealInExplorer', uri);
      await vscode.commands.executeCommand('explorer.download');
      await markSeen(job);
    }),
    registerCommand(log, Commands.revealVideo, async (arg) => {
      const { job, uri } = videoOf(arg);
      if (!canReveal(uri.fsPath)) throw new Error(outsideWorkspace(uri, t('show it')));
      const inWorkspace = vscode.workspace.getWorkspaceFolder(uri);
      await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
      await markSeen(job);
      return inWorkspace ? relative(inWorkspace.uri.fsPath, dirname(uri.fsPath)) : dirname(uri.fsPath);
    }),
    registerCommand(log, Commands.copyTaskId, async (arg) => {
      const job = jobOf(arg);
      await vscode.env.clipboard.writeText(taskIdOf(job));
      vscode.window.setStatusBarMessage(t('Copied task id {0}', taskIdOf(job)), 3000);
    }),
    registerCommand(log, Commands.copyPrompt, async (arg) => {
      const job = jobOf(arg);
      await vscode.env.clipboard.writeText(job.prompt);
      vscode.window.setStatusBarMessage(t('Copied the prompt'), 3000);
    }),
    // The same prompt and answers, shown in the summary step first: a new paid job is confirmed.
    registerCommand(log, Commands.generateAgain, (arg) => generator.again(jobOf(arg))),
    // After content moderation refused the prompt or the image: that input first, then the summary.
    registerCommand(log, Commands.editPromptAndGenerate, (arg) => generator.again(jobOf(arg), { editPrompt: true })),
    registerCommand(log, Commands.changeImageAndGenerate, (arg) => generator.again(jobOf(arg), { changeImage: true })),
    // Off the list, never off the disk; Undo puts it back where it was.
    registerCommand(log, Commands.removeJob, async (arg) => {
      const file = fileOf(arg);
      if (file) return store.hide(file);
      const removed = await store.remove(jobOf(arg).id);
      if (!removed) return;
      undoable.set(removed.job.id, removed);
      void showMessage(
        'info',
        t('Removed "{0}" from the list; its file is kept.', shortPrompt(removed.job.prompt, 40)),
        ACTIONS.undoRemove(removed.job.id),
      );
    }),
    // The only way a video file is deleted: asked for by name, confirmed in a modal dialog. Its
    // sidecar goes with it; then its row.
    registerCommand(log, Commands.deleteVideoFile, async (arg) => {
      const { job, uri } = videoOf(arg);
      const deleteFile = t('Delete File');
      const sidecar = sidecarPath(uri.fsPath);
      const answer = await vscode.window.showWarningMessage(
        t('Delete {0} from the disk?', basename(uri.fsPath)),
        {
          modal: true,
          detail: existsSync(sidecar)
            ? t('The video and what made it ({0}) are deleted; this cannot be undone.', basename(sidecar))
            : t('The video is deleted; this cannot be undone.'),
        },
        deleteFile,
      );
      if (answer !== deleteFile) return false;
      await rm(uri.fsPath, { force: true });
      await rm(sidecar, { force: true });
      if (job) await store.remove(job.id);
      log.info(`Deleted ${uri.fsPath} and its sidecar${job ? ` (${job.id})` : ''}`);
      return true;
    }),
    // A job waiting its turn was never sent: taken off at once, nothing charged, no question.
    registerCommand(log, Commands.cancelWaiting, async (arg) => {
      const job = jobOf(arg);
      if (!(await manager.cancelWaiting(job.id)))
        throw new Error(
          t('"{0}" is being sent or was sent already; it can no longer be cancelled.', shortPrompt(job.prompt, 40)),
        );
      vscode.window.setStatusBarMessage(t('Cancelled "{0}": it was never sent.', shortPrompt(job.prompt, 40)), 4000);
      return true;
    }),
    registerCommand(log, Commands.sendWaiting, () => manager.resumeQueue()),
    registerCommand(log, Commands.undoRemove, async (id: unknown) => {
      const removed = typeof id === 'string' ? undoable.get(id) : [...undoable.values()].at(-1);
      if (!removed) return;
      undoable.delete(removed.job.id);
      if (await store.restore(removed.job, removed.at)) await tree.reveal(removed.job);
    }),
    registerCommand(log, Commands.retryDownload, (arg) => manager.resume(jobOf(arg).id)),
    registerCommand(log, Commands.resumeJob, (arg) => manager.resume(jobOf(arg).id)),
    registerCommand(log, Commands.refresh, () => manager.poller.poke()),
    registerCommand(log, Commands.showMoreVideos, () => tree.showMore()),
    registerCommand(log, Commands.clearFinished, async () => {
      const removed = await store.clearFinished();
      vscode.window.setStatusBarMessage(
        removed === 1
          ? t('Removed 1 finished video from the list (files are kept)')
          : t('Removed {0} finished videos from the list (files are kept)', removed),
        4000,
      );
    }),
    registerCommand(log, Commands.trackTask, async (arg) => {
      const job = await trackTask(manager, typeof arg === 'string' ? arg : undefined);
      await tree.reveal(job);
      return job;
    }),
  ];
}

/** Why a video kept in the extension's storage (no folder on disk was open) cannot be handled. */
function outsideWorkspace(uri: vscode.Uri, action: string): string {
  return t(
    "This video is kept in the extension's storage ({0}) because no folder on disk was open, so VS Code cannot {1}. Use Open Video, or open a folder and Generate Again.",
    uri.fsPath,
    action,
  );
}
