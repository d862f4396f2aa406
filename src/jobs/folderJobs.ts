// A video found in the output folder, made into what the list shows: with its sidecar, a finished
// job like one made here (its prompt, settings, scene, times), so the Videos view, the gallery,
// a script's lenses and Generate Again treat a teammate's video as they treat one's own; without
// one, "made elsewhere". A sidecar is untrusted text: its paths count only inside the workspace
// folder it was found in, and Generate Again checks its images as it checks any (plan/images.ts).
// No `vscode`.
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInside } from '../api/confine';
import type { DoneJob, JobOrigin } from './job';
import type { FolderVideo } from './folderListing';

/** A video of the folder with no readable sidecar: only what the file itself says. */
export interface ElsewhereVideo {
  readonly path: string;
  readonly bytes: number;
  readonly modifiedAt: number;
  /** Seconds, from the file's header when it has one (mp4Duration.ts). */
  readonly seconds?: number;
}

/**
 * The finished job `video`'s sidecar describes, found in the workspace folder `root` (a path;
 * `rootUri` is its URI, the job's folder). Undefined without a sidecar.
 */
export function jobFromSidecar(video: FolderVideo, root: string, rootUri: string): DoneJob | undefined {
  const s = video.sidecar;
  if (!s) return undefined;
  // The sidecar's dates are its writer's word: never later than the file itself says it was written.
  const finishedAt = Math.min(s.finishedAt ? Date.parse(s.finishedAt) : video.modifiedAt, video.modifiedAt);
  const submittedAt = Math.min(Date.parse(s.submittedAt), finishedAt);
  const origin = originOf(s.scene, root);
  return {
    phase: 'done',
    id: s.taskId,
    prompt: s.prompt,
    model: s.model.sent,
    ...(s.seconds !== undefined && { seconds: s.seconds }),
    ...(s.size !== undefined && { size: s.size }),
    ...(s.resolution !== undefined && { resolution: s.resolution }),
    // A path that leaves the folder is kept as written: Generate Again names it and refuses it.
    ...(s.images?.length && { images: s.images.map((i) => inside(i.path, root) ?? i.path) }),
    ...(s.estimate?.usd !== undefined && {
      cost: { usd: s.estimate.usd, ...(s.estimate.source && { source: s.estimate.source }) },
    }),
    ...(origin && { origin }),
    folder: rootUri,
    submittedAt,
    pollingSince: submittedAt,
    task: {
      state: 'succeeded',
      status: 'succeeded',
      known: true,
      progress: 100,
      ...(s.model.answered && { model: s.model.answered }),
    },
    videoPath: video.path,
    videoBytes: video.bytes,
    finishedAt,
    // Not news: it was already there when this window looked.
    seen: true,
    found: true,
  };
}

/** The scene a sidecar names, as script/ writes a job's origin; only a script inside `root`. */
function originOf(scene: NonNullable<FolderVideo['sidecar']>['scene'], root: string): JobOrigin | undefined {
  if (!scene || scene.occurrence === undefined || scene.hash === undefined) return undefined;
  const script = inside(scene.script, root);
  if (!script) return undefined;
  return {
    file: pathToFileURL(script).toString(),
    index: scene.index ?? 0,
    heading: scene.heading,
    occurrence: scene.occurrence,
    hash: scene.hash,
  };
}

/** `written` (relative, with `/`) under `root`, or undefined when it is absolute or climbs out. */
function inside(written: string, root: string): string | undefined {
  if (isAbsolute(written) || /^[a-z][a-z0-9+.-]*:/i.test(written)) return undefined;
  const path = join(root, ...written.split('/'));
  return relative(root, path) && isInside(root, path) ? path : undefined;
}
