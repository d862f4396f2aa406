// Which video belongs to which scene of a script, now: the latest job made for each scene, and
// whether the scene's text changed since. Pure: the script's text and the jobs in, states out.
import type { Job } from '../jobs/job';
import { traitsOf } from '../jobs/phases';
import { type Scene, findScene, parseScenes, sceneOf } from './scenes';

export interface SceneState {
  readonly scene: Scene;
  /** The latest video made for this scene, if any. */
  readonly job?: Job;
  /** Its text or settings changed after that video was asked for. */
  readonly changed: boolean;
}

/**
 * The scenes of the script at `file` (a URI) with their latest job, in scene order. A job made
 * here outranks any video found in the folder, whatever its sidecar's dates say (a sidecar is
 * someone else's writing); a found video stands for a scene only where no job of the person's does.
 */
export function sceneStates(file: string, text: string, jobs: readonly Job[]): SceneState[] {
  const scenes = parseScenes(text);
  const latest = new Map<number, Job>();
  const outranks = (job: Job, held: Job | undefined) =>
    !held ||
    (held.found && !job.found) ||
    (Boolean(held.found) === Boolean(job.found) && held.submittedAt < job.submittedAt);
  for (const job of jobs) {
    const ref = sceneOf(job);
    if (ref?.file !== file) continue;
    const scene = findScene(scenes, ref);
    if (!scene) continue;
    if (outranks(job, latest.get(scene.index))) latest.set(scene.index, job);
  }
  return scenes.map((scene) => {
    const job = latest.get(scene.index);
    // Only the person's own job can say their text changed since: a found sidecar never makes a
    // scene need a new paid video.
    return { scene, job, changed: Boolean(job && !job.found && sceneOf(job)?.hash !== scene.hash) };
  });
}

/**
 * A scene still to make (a new paid job): no video yet, its text changed since, or its last job's
 * phase needs a new one (phases.ts: failed, lost). A video whose download failed or that timed
 * out still exists at the provider: Retry Download and Resume fetch it for free.
 */
export function needsVideo(s: SceneState): boolean {
  return !s.job || s.changed || traitsOf(s.job).needsNewJob;
}
