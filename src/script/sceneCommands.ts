// Generate a scene, or every scene still without a current video, from a Markdown script. Every
// path goes through a summary the person confirms (one scene: the usual summary step; all: one
// list with the total estimated cost, scenes untickable), and each request is sent once.
import * as vscode from 'vscode';
import { SeedanceApiError } from '../api';
import { t } from '../api/i18n';
import type { KeyCommands } from '../commands/apiKeyCommands';
import type { Generator } from '../commands/generate';
import { UserCancelled } from '../common/cancelled';
import { refuseInRestrictedMode } from '../common/trust';
import { modelCatalog } from '../common/config';
import type { Job } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import type { JobStore } from '../jobs/jobStore';
import { DEFAULT_CONCURRENCY } from '../jobs/poller';
import { type SubmitDeps, submitPlan } from '../plan/submit';
import { ACTIONS, showMessage } from '../views/messages';
import { refusalActions } from '../views/refusalMessages';
import { saveLastFrame } from './lastFrame';
import { needsVideo, sceneStates } from './sceneJobs';
import { type ScenePlan, answersOf, imagesOf, pickScenes, planScene } from './sceneSummary';
import { basename, madeFor, scriptDocument } from './scriptDocument';
import { type Scene, type SceneRef, findScene, parseScenes, sceneOf } from './scenes';

export class SceneCommands {
  /** Scenes being submitted right now (file#heading#occurrence): never sent twice at once. */
  readonly #sending = new Set<string>();

  /** The key asked for once before the first scene; each scene's Plan sent once. */
  readonly #deps: SubmitDeps = {
    ensureKey: () => this.keyCommands.ensureKey(),
    send: (plan, how) => this.manager.submit(plan, how),
  };

  constructor(
    private readonly store: JobStore,
    private readonly manager: JobManager,
    private readonly keyCommands: KeyCommands,
    private readonly generator: Generator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** A scene's lens (Generate Video, Regenerate, Retry): the scene as the file says now. */
  async generateScene(uriArg: unknown, heading: unknown, occurrence: unknown): Promise<Job | undefined> {
    const doc = await scriptDocument(uriArg);
    const scene = parseScenes(doc.getText()).find((s) => s.heading === heading && s.occurrence === (occurrence ?? 0));
    if (!scene) throw new Error(t('The scene "{0}" is no longer in {1}.', String(heading), basename(doc.uri)));
    return this.generator.generateScene({
      prompt: scene.prompt,
      answers: answersOf(scene),
      images: imagesOf(doc.uri, scene),
      imagesFrom: 'named',
      made: madeFor(doc.uri, scene),
    });
  }

  /**
   * Continue from Last Frame: the video's final frame, saved as a PNG beside it, starts the next
   * scene of its script (or, for a video of no script or its last scene, a new prompt), through
   * the summary like any generation. Only the models that take an image are offered.
   */
  async continueFromLastFrame(arg: unknown): Promise<Job | undefined> {
    const id = typeof arg === 'string' ? arg : (arg as { id?: string } | undefined)?.id;
    const job = id ? this.store.get(id) : undefined;
    if (job?.phase !== 'done')
      throw new Error(
        t('Continue from Last Frame needs a finished video: pick one in the Videos view or the gallery.'),
      );
    const imageModels = modelCatalog().imageModels();
    if (!imageModels.length) throw new Error(t('None of the models on offer takes a starting image.'));
    const frame = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Seedance: capturing the last frame…') },
      () => saveLastFrame(job.videoPath),
    );
    this.log.info(`Last frame of ${job.id} saved as ${frame.fsPath}`);
    const ref = sceneOf(job);
    const next = ref && (await this.nextScene(ref));
    if (!next) return this.generator.generateFromImage(frame);
    const answers = answersOf(next.scene);
    if (answers.model && !imageModels.some((m) => m.id === answers.model)) {
      // The 1.x models animate no image: say so, and offer the ones that do.
      void showMessage(
        'info',
        t(
          '{0} does not take a starting image (only the Seedance 2.0 models do); the next scene is offered with {1}.',
          answers.model,
          imageModels[0].label,
        ),
      );
      delete answers.model;
    }
    return this.generator.generateScene({
      prompt: next.scene.prompt,
      answers,
      // The frame the extension captured beside the video (the workspace, or its own storage).
      images: [frame],
      imagesFrom: 'workspace',
      made: madeFor(next.uri, next.scene),
    });
  }

  /** The next scene after `ref`'s (Continue from Last Frame), if the script still has one. */
  async nextScene(ref: SceneRef): Promise<{ uri: vscode.Uri; scene: Scene } | undefined> {
    const uri = vscode.Uri.parse(ref.file);
    const doc = await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined);
    if (!doc) return undefined;
    const scenes = parseScenes(doc.getText());
    const at = findScene(scenes, ref);
    const next = at && scenes[at.index + 1];
    return next && { uri, scene: next };
  }

  /** Generate All Scenes: one summary of every scene still to make, with the total, then each sent once. */
  async generateAll(uriArg: unknown): Promise<Job[]> {
    const doc = await scriptDocument(uriArg);
    refuseInRestrictedMode(t('Generate All Scenes'));
    const file = doc.uri.toString();
    const states = sceneStates(file, doc.getText(), this.store.all()).filter(
      (s) => needsVideo(s) && !this.#sending.has(keyOf(file, s.scene)),
    );
    if (!states.length) {
      void showMessage('info', t('Every scene of {0} has a current video (or is being made).', basename(doc.uri)));
      return [];
    }
    const plans = await Promise.all(states.map((s) => planScene(doc.uri, s)));
    const chosen = await pickScenes(basename(doc.uri), plans);
    if (!(await this.#deps.ensureKey())) throw new UserCancelled();
    return this.#submitAll(doc.uri, chosen);
  }

  async #submitAll(uri: vscode.Uri, plans: ScenePlan[]): Promise<Job[]> {
    const file = uri.toString();
    const keys = plans.map((p) => keyOf(file, p.state.scene));
    for (const k of keys) this.#sending.add(k);
    const jobs: Job[] = [];
    const failures: string[] = [];
    let unknown = false;
    /** A refusal that every later scene would meet too (the balance, the key's limit): stop there. */
    let stoppedBy: Error | undefined;
    let notSent = 0;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Seedance: {0}', basename(uri)), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const queue = [...plans];
          let done = 0;
          progress.report({ message: t('submitting {0} of {1} scenes…', 0, plans.length) });
          /** Sends one scene once; false when sending should stop (cancelled). */
          const send = async (p: ScenePlan): Promise<boolean> => {
            if (controller.signal.aborted) return false;
            if (stoppedBy) {
              notSent++;
              return true;
            }
            const { scene } = p.state;
            const outcome = await submitPlan(p.plan!, this.#deps, { signal: controller.signal });
            if (outcome.kind === 'cancelled') return false;
            if (outcome.kind === 'started') jobs.push(outcome.job);
            else {
              const err = outcome.error;
              if (err instanceof SeedanceApiError && (err.refusal === 'balance' || err.refusal === 'key-limit'))
                stoppedBy ??= err;
              unknown ||= outcome.kind === 'outcome-unknown';
              this.log.error(`Generate All Scenes: "${scene.heading}": ${err.message}`);
              failures.push(t('"{0}": {1}', scene.heading, err.message));
            }
            done++;
            progress.report({
              increment: 100 / plans.length,
              message: t('submitting {0} of {1} scenes…', done, plans.length),
            });
            return true;
          };
          const worker = async () => {
            for (let p = queue.shift(); p; p = queue.shift()) if (!(await send(p))) return;
          };
          // The first scene alone: a refusal every scene would meet (an empty balance) costs one
          // request, not one per scene. Then as many at once as the poller checks; each sent once.
          const first = queue.shift();
          if (first && (await send(first)))
            await Promise.all(Array.from({ length: Math.min(DEFAULT_CONCURRENCY, queue.length) }, worker));
        },
      );
    } finally {
      for (const k of keys) this.#sending.delete(k);
    }
    this.log.info(
      `Generate All Scenes (${basename(uri)}): ${jobs.length} submitted, ${failures.length} failed, ${notSent} not sent`,
    );
    if (stoppedBy) {
      // One message: what every scene would have met, how many were not sent, and what fixes it.
      void showMessage(
        'error',
        t(
          'Seedance: {0} {1} of {2} scenes were started; {3} were not sent.',
          stoppedBy.message,
          jobs.length,
          plans.length,
          notSent,
        ),
        ...(stoppedBy instanceof SeedanceApiError ? refusalActions(stoppedBy) : []),
        ACTIONS.showLog(this.log),
      );
    } else if (failures.length) {
      // Nothing is re-sent by itself: the lenses show Retry on the scenes that were not started.
      void showMessage(
        unknown ? 'warning' : 'error',
        t('Seedance: {0} of {1} scenes were started; not started: {2}', jobs.length, plans.length, failures.join('; ')),
        ...(unknown ? [ACTIONS.trackTask()] : []),
        ACTIONS.showLog(this.log),
      );
    } else if (jobs.length < plans.length) {
      void showMessage('info', t('Seedance: cancelled; {0} of {1} scenes were started.', jobs.length, plans.length));
    }
    return jobs;
  }
}

function keyOf(file: string, scene: Scene): string {
  return `${file}#${scene.heading}#${scene.occurrence}`;
}
