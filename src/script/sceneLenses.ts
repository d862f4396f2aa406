// The lenses of a Markdown script: above each scene what can be done and what is happening
// (Generate Video · Rendering 47% · about 40 s left · Play · Regenerate · Failed: reason · Retry),
// and at the top of the file Generate All Scenes and Export Film. A presenter: it reads the
// scenes and the jobs, and refreshes when a job changes.
import * as vscode from 'vscode';
import { t } from '../api/i18n';
import { modelCatalog, scriptLensMode, workspaceTrusted } from '../common/config';
import { escapeIcons } from '../common/text';
import { Commands } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { pathExists } from '../common/pathExists';
import type { Job } from '../jobs/job';
import type { JobStore } from '../jobs/jobStore';
import { progressBadge, stateLabel } from '../views/jobLabels';
import { type SceneState, needsVideo, sceneStates } from './sceneJobs';
import { traitsOf } from '../jobs/phases';
import { sceneImagePath, tooLargeForScript } from './scriptDocument';

export const SCRIPT_SELECTOR: vscode.DocumentSelector = [{ language: 'markdown' }];

/** File names that say "script" in the usual words; any other file qualifies by its content. */
const SCRIPT_NAME = /script|scene|film|storyboard|shot|treatment|سيناريو|مشهد|مشاهد|فيلم|脚本|剧本|分镜/iu;
const SEEDANCE_BLOCK = /^ {0,3}(`{3,}|~{3,})[ \t]*seedance\b/im;

/**
 * Whether a Markdown file gets lenses (seedance.script.codeLens): not every README and changelog,
 * only what is a script by its name, a seedance block, or a video already made from it.
 */
export function isScript(uri: vscode.Uri, text: string, hasVideos: () => boolean): boolean {
  const mode = scriptLensMode(uri);
  if (mode === 'off') return false;
  if (mode === 'allMarkdown') return true;
  const name = uri.path.split('/').pop() ?? '';
  return SCRIPT_NAME.test(name) || SEEDANCE_BLOCK.test(text) || hasVideos();
}

export class SceneLenses extends Disposable implements vscode.CodeLensProvider {
  readonly #onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.#onDidChange.event;
  #pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly left: (job: Job) => string | undefined,
  ) {
    super();
    // Progress comes in bursts: one refresh per 500 ms at most, and only for jobs of a script.
    this._register(
      store.onDidChange(({ after }) => {
        if ((after && !after.origin) || this.#pending) return;
        this.#pending = setTimeout(() => {
          this.#pending = undefined;
          this.#onDidChange.fire();
        }, 500);
      }),
    );
    this._register(vscode.languages.registerCodeLensProvider(SCRIPT_SELECTOR, this));
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const file = doc.uri.toString();
    if (tooLargeForScript(doc)) return [];
    const text = doc.getText();
    if (!isScript(doc.uri, text, () => this.store.all().some((j) => j.origin?.file === file))) return [];
    const states = sceneStates(file, text, this.store.all());
    if (!states.length) return [];
    const lenses: vscode.CodeLens[] = [];
    const top = new vscode.Range(0, 0, 0, 0);
    // Restricted Mode: the lenses show what is happening, and nothing that sends or writes.
    const trusted = workspaceTrusted();
    const toMake = states.filter(needsVideo).length;
    const ready = states.filter((s) => s.job?.phase === 'done' && !s.changed).length;
    lenses.push(
      !trusted
        ? new vscode.CodeLens(top, {
            title: t('$(shield) Restricted Mode: trust this workspace to generate from this script'),
            command: 'workbench.trust.manage',
            tooltip: t('Scripts of a repository you did not write cannot start paid jobs, upload or write files here'),
          })
        : new vscode.CodeLens(top, {
            // Never more than is true: "every scene" only when every scene's video is there.
            title: toMake
              ? t('$(run-all) Generate All Scenes ({0})', toMake)
              : ready === states.length
                ? t('$(check-all) Every scene has its video')
                : t(
                    '$(loading~spin) {0} of {1} scenes ready; the others are being made or fetched',
                    ready,
                    states.length,
                  ),
            command: Commands.generateAllScenes,
            arguments: [doc.uri],
            tooltip: t(
              'One summary of every scene still without a current video, with the total cost, before anything is sent',
            ),
          }),
    );
    if (trusted && states.some((s) => s.job?.phase === 'done'))
      lenses.push(
        new vscode.CodeLens(top, {
          title: t('$(film) Export Film'),
          command: Commands.exportFilm,
          arguments: [doc.uri],
          tooltip: t("Joins the scenes' videos, in scene order, into one MP4 beside the script (needs ffmpeg)"),
        }),
      );
    // A scene's image is read relative to the script: one that is not there is said at once.
    const missing = new Set<number>();
    await Promise.all(
      states.map(async (s) => {
        const image = s.scene.settings.image;
        if (image && !(await pathExists(sceneImagePath(doc.uri, image)))) missing.add(s.scene.index);
      }),
    );
    for (const s of states) {
      if (missing.has(s.scene.index))
        lenses.push(
          new vscode.CodeLens(new vscode.Range(s.scene.line, 0, s.scene.line, 0), {
            title: t(
              '$(warning) image: {0} is not there (relative to the script)',
              escapeIcons(s.scene.settings.image!),
            ),
            command: trusted ? Commands.generateScene : '',
            arguments: [doc.uri, s.scene.heading, s.scene.occurrence],
          }),
        );
      lenses.push(...this.#sceneLenses(doc.uri, s, trusted));
    }
    return lenses;
  }

  /** A scene's lenses; `trusted` false (Restricted Mode): only those that show, none that send. */
  #sceneLenses(uri: vscode.Uri, s: SceneState, trusted: boolean): vscode.CodeLens[] {
    const range = new vscode.Range(s.scene.line, 0, s.scene.line, 0);
    const lens = (title: string, command: string, args: unknown[], tooltip?: string) =>
      new vscode.CodeLens(range, { title, command, arguments: args, tooltip });
    // Every lens that starts a paid job goes through the summary, and none is shown in Restricted Mode.
    const generate = (title: string): vscode.CodeLens[] =>
      trusted
        ? [
            lens(
              title,
              Commands.generateScene,
              [uri, s.scene.heading, s.scene.occurrence],
              t('Opens the summary: nothing is sent before Generate'),
            ),
          ]
        : [];
    const problems = s.scene.problems.map((p) =>
      lens(`$(warning) ${escapeIcons(p)}`, trusted ? Commands.generateScene : '', [
        uri,
        s.scene.heading,
        s.scene.occurrence,
      ]),
    );
    const { job } = s;
    if (!job) return [...problems, ...generate(t('$(device-camera-video) Generate Video'))];
    const changed = s.changed
      ? [
          lens(
            t('$(warning) text changed since this video'),
            Commands.showJob,
            [job.id],
            t('Regenerate to make a video of the text as it is now'),
          ),
        ]
      : [];
    // What the lens offers is the phase's (jobs/phases.ts): its progress, Play, the free way back
    // to the video (Retry Download, Resume), or a new job through the summary.
    const traits = traitsOf(job);
    if (traits.running) {
      const badge = progressBadge(job);
      const left = job.phase === 'rendering' ? this.left(job) : undefined;
      const title = [badge ? `${stateLabel(job)} ${badge}` : stateLabel(job), left].filter(Boolean).join(' · ');
      return [...changed, lens(`$(loading~spin) ${escapeIcons(title)}`, Commands.showJob, [job.id])];
    }
    if (traits.primary === 'open') {
      const continues =
        trusted && modelCatalog().imageModels().length
          ? [
              lens(
                t('$(debug-continue) Continue from Last Frame'),
                Commands.continueFromLastFrame,
                [job.id],
                t('Starts the next scene from the last frame of this video (a 2.0 model)'),
              ),
            ]
          : [];
      return [
        ...changed,
        ...problems,
        lens(t('$(play) Play'), Commands.openVideo, [job.id]),
        ...generate(t('$(refresh) Regenerate')),
        ...continues,
      ];
    }
    const state = lens(`$(${traits.icon.id}) ${escapeIcons(stateLabel(job))}`, Commands.showJob, [job.id]);
    // Nothing came of it: a new job, through the summary with its cost.
    if (traits.needsNewJob || !traits.primary)
      return [...changed, ...problems, state, ...generate(t('$(device-camera-video) Generate Video'))];
    // The provider has the video (or will): fetched or waited for again, free. Never a new job.
    const free =
      traits.primary === 'retryDownload'
        ? lens(
            t('$(cloud-download) Retry Download'),
            Commands.retryDownload,
            [job.id],
            t('Fetches the finished video again; nothing is paid again'),
          )
        : lens(
            t('$(debug-continue) Resume'),
            Commands.resumeJob,
            [job.id],
            t('Keeps waiting for the same job; nothing is paid again'),
          );
    return [...changed, state, free, ...(s.changed ? generate(t('$(refresh) Regenerate')) : [])];
  }

  refresh(): void {
    this.#onDidChange.fire();
  }

  override dispose(): void {
    clearTimeout(this.#pending);
    super.dispose();
  }
}
