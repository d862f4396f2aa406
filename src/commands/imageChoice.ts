// The images of a video: picked in a dialog, clicked in the explorer, or named; checked (where
// they may come from, then what each file is) before anything else is asked.
import * as vscode from 'vscode';
import { MAX_IMAGES, ValidationError, readImages } from '../api';
import { t } from '../api/i18n';
import { UserCancelled } from '../common/cancelled';
import type { Job } from '../jobs/job';
import { readSidecar, sidecarPath } from '../jobs/sidecar';
import { changedImages } from '../plan/imageHashes';
import { placeImages } from '../plan/images';
import type { ImageSource, PlanContext } from '../plan/plan';

/**
 * The images' real paths, checked by the same rules the Plan applies when it is sent (plan/images.ts
 * for the place and count, api/validation.ts for the bytes); each problem names its file.
 */
export async function checkedImages(
  images: readonly vscode.Uri[],
  from: ImageSource,
  ctx: Pick<PlanContext, 'roots' | 'trusted' | 'rootsAre'>,
): Promise<vscode.Uri[]> {
  const away = images.find((i) => i.scheme !== 'file');
  if (away)
    throw new ValidationError([
      {
        field: 'image',
        message: t(
          '"{0}" is not on this machine\'s disk (it is in a {1}: folder), and Seedance uploads images from disk. Copy it into a local folder first.',
          away.path.split('/').pop() ?? '',
          away.scheme,
        ),
      },
    ]);
  const paths = await placeImages(
    images.map((i) => i.fsPath),
    from,
    ctx,
  );
  await readImages(paths);
  return paths.map((p) => vscode.Uri.file(p));
}

/** A file dialog that takes one image or several, opened at the image in the active tab. */
export async function pickImages(): Promise<vscode.Uri[]> {
  const picked = await vscode.window.showOpenDialog({
    title: t('Seedance: pick an image to animate (or up to {0} to combine)', MAX_IMAGES),
    openLabel: t('Animate'),
    canSelectMany: true,
    defaultUri: activeImage() ?? vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] },
  });
  if (!picked?.length) throw new UserCancelled();
  return picked;
}

/** The images the explorer's command was run on: the whole selection when it holds the clicked one. */
export function explorerSelection(clicked: vscode.Uri, selected: unknown): vscode.Uri[] {
  const all = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  return all.some((u) => u.toString() === clicked.toString()) ? all : [clicked];
}

/** When an image differs from the one the video was made from: a modal naming it, or UserCancelled. */
export async function confirmChangedImages(job: Job, warn: (line: string) => void): Promise<void> {
  if (job.phase !== 'done' || !job.images?.length) return;
  const sidecar = await readSidecar(sidecarPath(job.videoPath), warn);
  const changed = await changedImages(job.images, sidecar);
  if (!changed.length) return;
  const names = changed.map((c) => `[Image ${c.number}] ${c.name}`).join(', ');
  const go = t('Use the Images as They Are Now');
  const answer = await vscode.window.showWarningMessage(
    changed.length === 1
      ? t('{0} has changed since this video was made.', names)
      : t('{0} have changed since this video was made.', names),
    {
      modal: true,
      detail: t(
        'Its sidecar kept a fingerprint (SHA-256) of each image it was made from; these no longer match. The summary still shows everything before anything is sent.',
      ),
    },
    go,
  );
  if (answer !== go) throw new UserCancelled();
}

/** An image open in the active tab (the image preview), to default the picker to. */
function activeImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && /\.(png|jpe?g|webp)$/i.test(uri.path) ? uri : undefined;
}
