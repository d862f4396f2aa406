// Export Film: a script's finished scene videos, in scene order, joined into one MP4 beside the
// script (`script.film.mp4`). Streams are copied when the clips match; when their sizes, frame
// rates or encodings differ they are re-encoded to the first clip's, and the person is told.
// Needs ffmpeg (and its ffprobe); without it, a message says how to get it and nothing is written.
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { t } from '../api/i18n';
import { UserCancelled } from '../common/cancelled';
import { pathExists } from '../common/pathExists';
import { confinedPath } from '../api/confine';
import { ffmpegPathSetting, machineSettingsPlace } from '../common/config';
import { refuseInRestrictedMode } from '../common/trust';
import { workspaceRoots } from '../common/workspacePaths';
import type { JobStore } from '../jobs/jobStore';
import { showMessage } from '../views/messages';
import { CancelledExport, type Clip, findTools, joinClips, probe, whyReencode } from './ffmpeg';
import { sceneStates } from './sceneJobs';
import { basename, scriptDocument } from './scriptDocument';

export interface ExportResult {
  /** The film's path, when one was made. */
  readonly film?: string;
  readonly scenes?: number;
  /** Why the clips were re-encoded ('sizes', 'frame-rates', 'encodings', 'sound'), if they were. */
  readonly reencoded?: string;
  /** Why nothing was made. */
  readonly problem?: 'no-ffmpeg' | 'no-ffprobe' | 'no-videos' | 'cancelled';
}

const INSTALL_URL = 'https://ffmpeg.org/download.html';

export async function exportFilm(arg: unknown, store: JobStore, log: vscode.LogOutputChannel): Promise<ExportResult> {
  const doc = await scriptDocument(arg);
  const name = basename(doc.uri);
  // It writes a file beside the script and runs a program: not for a repository in Restricted Mode.
  refuseInRestrictedMode(t('Export Film'));
  log.info(`Export Film: ${doc.uri.fsPath}`);
  const states = sceneStates(doc.uri.toString(), doc.getText(), store.all());
  const ready: string[] = [];
  for (const s of states) {
    const path = s.job?.phase === 'done' ? s.job.videoPath : undefined;
    if (path && (await pathExists(path))) ready.push(path);
  }
  if (!ready.length) {
    void showMessage('warning', t('No scene of {0} has a finished video yet: generate them first.', name));
    return { problem: 'no-videos' };
  }
  if (ready.length < states.length) {
    const go = t('Export {0} Scenes', ready.length);
    const answer = await vscode.window.showWarningMessage(
      t('{0} of the {1} scenes of {2} have a finished video. Export those?', ready.length, states.length, name),
      go,
    );
    if (answer !== go) throw new UserCancelled();
  }

  const setting = ffmpegPathSetting();
  const tools = await findTools(setting);
  if (!tools?.ffprobe) {
    const problem = tools ? 'no-ffprobe' : 'no-ffmpeg';
    log.warn(
      `Export Film: ${problem} (seedance.ffmpegPath: ${setting ?? 'not set'}, read from ${machineSettingsPlace()})`,
    );
    void showMessage(
      'error',
      tools
        ? t('Export Film needs ffprobe, which comes with ffmpeg, beside {0}. Install the full ffmpeg.', tools.ffmpeg)
        : setting
          ? t(
              'Export Film: no ffmpeg at {0} (seedance.ffmpegPath, read from your {1}). Nothing was written.',
              setting,
              machineSettingsPlace(),
            )
          : t(
              'Export Film needs ffmpeg, which is not on the PATH. Install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg), or set seedance.ffmpegPath in your {0}. Nothing was written.',
              machineSettingsPlace(),
            ),
      { title: t('How to Install'), run: () => vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL)) },
      {
        title: t('Set ffmpeg Path'),
        run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'seedance.ffmpegPath'),
      },
    );
    return { problem };
  }

  const output = join(dirname(doc.uri.fsPath), `${name.replace(/\.[^.]*$/, '')}.film.mp4`);
  // The script's folder may be a link: the film is written only inside the workspace.
  await confinedPath(output, workspaceRoots(), 'film');
  const outName = basename(vscode.Uri.file(output));
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: t('Seedance: exporting {0}', outName),
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const clips: Clip[] = [];
        for (const path of ready) clips.push(await probe(tools.ffprobe!, path));
        const reencode = whyReencode(clips);
        const how = reencode ? t('re-encoding: the clips’ {0} differ', reasonWords(reencode)) : t('joining');
        progress.report({ message: t('{0} scenes · {1}', clips.length, how) });
        let shown = 0;
        await joinClips(tools.ffmpeg, {
          clips,
          output,
          reencode: Boolean(reencode),
          signal: controller.signal,
          onProgress: (f) => {
            const pct = Math.floor(f * 100);
            if (pct <= shown) return;
            progress.report({ increment: pct - shown, message: t('{0} scenes · {1} · {2}%', clips.length, how, pct) });
            shown = pct;
          },
        });
        return { clips, reencode };
      },
    );
    const seconds = result.clips.reduce((s, c) => s + c.duration, 0);
    log.info(
      `Export Film: ${output} (${result.clips.length} scenes, ${seconds.toFixed(1)} s${result.reencode ? `, re-encoded: ${result.reencode} differ` : ', streams copied'})`,
    );
    const open = {
      title: t('Open'),
      run: () => vscode.commands.executeCommand('vscode.open', vscode.Uri.file(output)),
    };
    const reveal = {
      title: t('Reveal in Explorer'),
      run: () => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(output)),
    };
    void showMessage(
      'info',
      result.reencode
        ? t(
            'Film exported: {0} ({1} scenes, {2} s). The clips’ {3} differ, so they were re-encoded to the first one’s.',
            outName,
            result.clips.length,
            seconds.toFixed(1),
            reasonWords(result.reencode),
          )
        : t('Film exported: {0} ({1} scenes, {2} s).', outName, result.clips.length, seconds.toFixed(1)),
      open,
      reveal,
    );
    return { film: output, scenes: result.clips.length, reencoded: result.reencode };
  } catch (err) {
    if (err instanceof CancelledExport) {
      void showMessage('info', t('Export Film cancelled; nothing was written.'));
      return { problem: 'cancelled' };
    }
    throw err;
  }
}

function reasonWords(reason: string): string {
  switch (reason) {
    case 'sizes':
      return t('sizes');
    case 'frame-rates':
      return t('frame rates');
    case 'sound':
      return t('sound tracks');
    default:
      return t('encodings');
  }
}
