// Generate Video, Generate Video from Image, Generate Again and a script's scene: each door's
// input becomes an intent, the steps and summary fill in the rest, and the Plan is sent once.
// The prompt a person typed is never lost: it is kept as a draft until a job is stored, and every
// failed submission offers to edit and retry (sendOutcome.ts says what happened).
import * as vscode from 'vscode';
import { ValidationError } from '../api';
import { t } from '../api/i18n';
import { generationDefaults, modelCatalog, workspaceTrusted } from '../common/config';
import { refuseInRestrictedMode } from '../common/trust';
import type { Job, JobOrigin } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import { readChoices, readDraft } from '../jobs/storedState';
import { editorPlanContext } from '../plan/editorContext';
import { type ImageSource, type Intent, type Plan, planJob } from '../plan/plan';
import { type SubmitDeps, submitPlan } from '../plan/submit';
import type { JobTree } from '../views/jobTree';
import type { KeyCommands } from './apiKeyCommands';
import type { Choices } from './generateFlow';
import { type GenerateOptions, parseCommandArgument } from './generateOptions';
import { type RunMode, runGenerate } from './generateRun';
import { checkedImages, confirmChangedImages, explorerSelection, pickImages } from './imageChoice';
import { askPrompt } from './promptBox';
import { type Next, SendOutcomes } from './sendOutcome';
import { sendWithProgress } from './sendProgress';

const DRAFT = 'seedance.draftPrompt';
const LAST = 'seedance.lastChoices';

/** What a video is made for, as the feature that asks for it describes it. */
export interface Made {
  readonly origin: JobOrigin;
  /** Shown in the summary's title (a scene's heading). */
  readonly title: string;
  /** The document it came from (its folder holds the video). */
  readonly near?: string;
}

/** One scene of a script, as its lens or Continue from Last Frame asks for it. */
export interface SceneRequest {
  readonly prompt: string;
  /** What the scene's seedance block sets, over the last choices. */
  readonly answers: Partial<Choices>;
  readonly images: readonly vscode.Uri[];
  /** The images were named in the script (not captured by the extension from a video). */
  readonly imagesFrom: ImageSource;
  readonly made: Made;
}

export class Generator {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly manager: JobManager,
    private readonly keyCommands: KeyCommands,
    private readonly tree: JobTree,
    private readonly log: vscode.LogOutputChannel,
    /** The scene of a script the editor's selection lies inside, if any (owned by script/). */
    private readonly selectionMadeFor: () => Made | undefined = () => undefined,
  ) {
    this.#outcomes = new SendOutcomes(log, keyCommands, () => this.#draft());
    // The key asked for when there is none; the request sent under a notification that can cancel it.
    this.#deps = {
      ensureKey: () => keyCommands.ensureKey(),
      send: (plan, how) => sendWithProgress(manager, plan, how),
    };
  }

  readonly #outcomes: SendOutcomes;
  readonly #deps: SubmitDeps;

  /**
   * `seedance.generateVideo`: from the palette, the editor menu, a view's title bar, or with an
   * options object. Only a valid options object naming a model skips the questions.
   */
  async generate(arg?: unknown): Promise<Job | undefined> {
    const parsed = parseCommandArgument(arg, modelCatalog());
    const given = parsed.kind === 'options' ? parsed.options : {};
    const images = [...(given.image === undefined ? [] : [given.image]), ...(given.images ?? [])].map((p) =>
      vscode.Uri.file(p),
    );
    // Restricted Mode: a repository's task or launch configuration may run this command with
    // options; it then sends no image (plan/ refuses images named in text) and skips no question.
    return this.#run(given, await this.#checkImages(images, 'named'), {
      kind: parsed.kind === 'options' ? 'options' : 'prompt',
      unattended: Boolean(given.model) && workspaceTrusted(),
      imagesFrom: 'named',
      // A prompt selected inside one scene of a script makes that scene's video (its lens follows).
      origin: given.prompt === undefined && !images.length ? this.selectionMadeFor() : undefined,
    });
  }

  /**
   * `seedance.generateVideoFromImage(s)`: from the explorer (the clicked image and the selection)
   * or the palette (a file picker that takes several). Every file is checked by its bytes, and
   * the count against the limit, before anything else is asked.
   */
  async generateFromImage(arg?: unknown, selected?: unknown, options?: unknown): Promise<Job | undefined> {
    const parsed = parseCommandArgument(options, modelCatalog());
    const given = parsed.kind === 'options' ? parsed.options : {};
    // The explorer's selection is confined to the workspace (links resolved); a file dialog's pick
    // is the person's own choice and may come from anywhere.
    const fromDialog = !(arg instanceof vscode.Uri);
    const images = fromDialog ? await pickImages() : explorerSelection(arg, selected);
    const from = fromDialog ? 'dialog' : 'workspace';
    return this.#run(given, await this.#checkImages(images, from), {
      kind: 'image',
      unattended: Boolean(given.model) && workspaceTrusted(),
      imagesFrom: from,
    });
  }

  /**
   * Generate Again: the job's prompt and answers, opened at the summary (Back changes any).
   * `editPrompt`: the prompt box first (moderation refused the prompt); `changeImage`: a new image
   * picked in a dialog first (moderation refused the image).
   */
  async again(job: Job, how: { editPrompt?: boolean; changeImage?: boolean } = {}): Promise<Job | undefined> {
    if (how.changeImage) {
      const picked = await pickImages();
      return this.#run({ prompt: job.prompt, editPrompt: how.editPrompt }, await this.#checkImages(picked, 'dialog'), {
        kind: 'again',
        unattended: false,
        again: job.tracked ? {} : this.#answersOf(job),
        imagesFrom: 'dialog',
      });
    }
    const images = (job.images ?? []).map((p) => vscode.Uri.file(p));
    // An image changed since the video was made (its sidecar kept each one's SHA-256) is named first.
    await confirmChangedImages(job, (line) => this.log.warn(line));
    // The stored paths are checked again: stored state is not trusted. A video found in the folder
    // names its images in a sidecar someone else wrote: as text does (never in Restricted Mode).
    const from: ImageSource = job.found ? 'named' : 'workspace';
    return this.#run({ prompt: job.prompt, editPrompt: how.editPrompt }, await this.#checkImages(images, from), {
      kind: 'again',
      unattended: false,
      again: job.tracked ? {} : this.#answersOf(job),
      imagesFrom: from,
    });
  }

  /** A script's scene: its text and settings, opened at the summary (Back changes any answer). */
  async generateScene(request: SceneRequest): Promise<Job | undefined> {
    // Restricted Mode: a script is text a repository wrote; it makes nobody pay.
    refuseInRestrictedMode(t('Generating from a script'));
    const images = await this.#checkImages([...request.images], request.imagesFrom);
    // The scene's block over the settings' defaults over the last choices; every answer is given,
    // so the flow opens at the summary (with the price) and nothing is sent before Generate.
    const answers = {
      ...this.#last(),
      ...generationDefaults(),
      ...request.answers,
    };
    return this.#run({ prompt: request.prompt }, images, {
      kind: 'scene',
      unattended: false,
      again: { ...answers, model: answers.model ?? modelCatalog().defaultModel(undefined, images.length > 0) },
      origin: request.made,
      imagesFrom: request.imagesFrom,
    });
  }

  #run(given: GenerateOptions, images: vscode.Uri[], mode: RunMode): Promise<Job | undefined> {
    return runGenerate(given, images, mode, {
      askPrompt: (imgs, value) => this.#askPrompt(imgs, value),
      submit: (intent, interactive) => this.#submit(intent, interactive),
      last: () => this.#last(),
      remember: (choices) => this.context.globalState.update(LAST, choices),
    });
  }

  /**
   * One submission: the intent planned (validated, images confined, priced) and the Plan sent
   * once. Returns the job, or what the person chose to do next. Not `interactive` (called with
   * options): messages do not wait for an answer.
   */
  async #submit(intent: Intent, interactive: boolean): Promise<Job | Next> {
    await this.context.workspaceState.update(DRAFT, intent.prompt);
    let plan: Plan;
    try {
      plan = await planJob(intent, editorPlanContext(this.#extraRoots()));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Nothing was sent; the prompt stays in the draft.
      return this.#outcomes.invalid(err, interactive);
    }
    const outcome = await this.#outcomes.present(
      await submitPlan(plan, this.#deps, { signal: new AbortController().signal }),
      interactive,
    );
    if (typeof outcome === 'object') {
      await this.context.workspaceState.update(DRAFT, undefined);
      await this.tree.reveal(outcome);
    }
    return outcome;
  }

  /** A job's answers, as the flow takes them (checked again by the flow and validation). */
  #answersOf(job: Job): Partial<Choices> {
    return { model: job.model, seconds: job.seconds, size: job.size, resolution: job.resolution } as Partial<Choices>;
  }

  /** Besides the workspace, where images may come from: the extension's own videos (their last frames). */
  #extraRoots(): string[] {
    return [this.context.globalStorageUri.fsPath];
  }

  /** Images checked before anything is asked (count, place, bytes); each problem names its file. */
  #checkImages(images: vscode.Uri[], from: ImageSource): Promise<vscode.Uri[]> {
    return checkedImages(images, from, editorPlanContext(this.#extraRoots()));
  }

  /** The last answers of the ordinary flow, parsed (stored state is never trusted). */
  #last(): Partial<Choices> {
    return readChoices(this.context.globalState.get<unknown>(LAST), (line) => this.log.warn(line));
  }

  #draft(): string | undefined {
    return readDraft(this.context.workspaceState.get<unknown>(DRAFT));
  }

  /** The prompt box, pre-filled with `value` or the kept draft. */
  #askPrompt(images: readonly vscode.Uri[], value?: string): Promise<string> {
    return askPrompt(images, value ?? this.#draft());
  }
}
