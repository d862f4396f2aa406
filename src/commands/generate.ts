// Generate Video and Generate Video from Image. The prompt a person typed is never lost: it is
// kept as a draft until a job is stored, and every failed submission offers to edit and retry.
import * as vscode from 'vscode';
import { MAX_IMAGES, SeedanceApiError, ValidationError } from '../api';
import { t } from '../api/i18n';
import { UserCancelled } from '../common/cancelled';
import { confirmBeforeGenerate, generationDefaults, modelCatalog, workspaceTrusted } from '../common/config';
import { escapeIcons } from '../common/text';
import { displayPath } from '../common/workspacePaths';
import { Commands } from '../common/ids';
import { refuseInRestrictedMode } from '../common/trust';
import type { Job, JobOrigin } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import { readChoices, readDraft } from '../jobs/storedState';
import { editorPlanContext } from '../plan/editorContext';
import { checkImages } from '../plan/images';
import { changedImages } from '../plan/imageHashes';
import { readSidecar, sidecarPath } from '../jobs/sidecar';
import { type ImageSource, type Intent, type IntentKind, type Plan, planJob } from '../plan/plan';
import { type SubmitDeps, submitPlan } from '../plan/submit';
import { estimateCost } from '../pricing/estimate';
import type { JobTree } from '../views/jobTree';
import { ACTIONS, showMessage } from '../views/messages';
import { copyRefusalDetails } from '../views/refusalMessages';
import type { KeyCommands } from './apiKeyCommands';
import { type Choices, pickOptions } from './generateFlow';
import { type GenerateOptions, parseCommandArgument } from './generateOptions';

const DRAFT = 'seedance.draftPrompt';
const LAST = 'seedance.lastChoices';

/** How a run was started: from the person's own options object, or asking (with the summary). */
interface RunMode {
  readonly kind: IntentKind;
  /** A keybinding's or task's options with a model: nothing is asked, and nothing waits. */
  readonly unattended: boolean;
  /** Answers to pre-select (Generate Again); the flow then opens at the summary. */
  readonly again?: Partial<Choices>;
  /** What the video is for (a script's scene: its lens follows the job), and the heading its summary names. */
  readonly origin?: Made;
  /** Who chose the images (where they may come from). */
  readonly imagesFrom: ImageSource;
}

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
  ) {}

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
    const images = fromDialog ? await this.#pickImages() : explorerSelection(arg, selected);
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
      const picked = await this.#pickImages();
      return this.#run({ prompt: job.prompt, editPrompt: how.editPrompt }, await this.#checkImages(picked, 'dialog'), {
        kind: 'again',
        unattended: false,
        again: job.tracked ? {} : this.#answersOf(job),
        imagesFrom: 'dialog',
      });
    }
    const images = (job.images ?? []).map((p) => vscode.Uri.file(p));
    // An image changed since the video was made (its sidecar kept each one's SHA-256) is named first.
    await this.#confirmChangedImages(job);
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

  async #run(given: GenerateOptions, images: vscode.Uri[], mode: RunMode): Promise<Job | undefined> {
    const catalog = modelCatalog();
    const models = images.length ? catalog.imageModels() : catalog.all;
    // The selection is the prompt; for an image (chosen in the explorer, often with some unrelated
    // text selected) it only pre-fills the box where the motion is described.
    let prompt = given.editPrompt
      ? await this.#askPrompt(images, given.prompt)
      : (given.prompt ??
        (images.length
          ? await this.#askPrompt(images, selectedText())
          : (selectedText() ?? (await this.#askPrompt(images)))));
    // An options object with a model is the person's own keybinding or task: nothing is asked,
    // defaults fill the rest. Everything else goes through the steps and the summary.
    let choices: Partial<Choices> | undefined = mode.unattended ? (given as Partial<Choices>) : undefined;
    const what =
      images.length > 1
        ? t('Generate Video from Images')
        : images.length
          ? t('Generate Video from Image')
          : t('Generate Video');
    // Choose Another Model (the account cannot use the one picked): the answers given, model step first.
    let refused: Partial<Choices> | undefined;
    // The prompt edited (from the summary, or after a refusal): back at the summary, every answer kept.
    let reopen: Partial<Choices> | undefined;
    const fixed = mode.again ? {} : generationDefaults();
    for (;;) {
      if (!choices) {
        const answer = await pickOptions({
          // A scene's summary names it: which of the script's scenes is about to be paid for.
          title: t('Seedance: {0}', mode.origin ? `${what} · ${escapeIcons(mode.origin.title)}` : what),
          models,
          initial: reopen ?? refused ?? mode.again ?? this.#last(),
          fixed: refused ? {} : fixed,
          startAtSummary: Boolean((reopen ?? refused ?? mode.again)?.model),
          chooseModel: Boolean(refused) && !reopen,
          summary: confirmBeforeGenerate()
            ? {
                prompt,
                images: images.map((i) => escapeIcons(displayPath(i.fsPath))),
                estimate: (m, r, s) => estimateCost(m, r, s),
              }
            : undefined,
        });
        if ('editPrompt' in answer) {
          prompt = await this.#askPrompt(images, prompt);
          reopen = answer.editPrompt;
          continue;
        }
        choices = answer;
      }
      const intent: Intent = {
        kind: mode.kind,
        prompt,
        ...choices,
        images: images.map((i) => i.fsPath),
        imagesFrom: mode.imagesFrom,
        ...(mode.origin && { origin: mode.origin.origin, near: mode.origin.near }),
      };
      const outcome = await this.#submit(intent, !mode.unattended);
      if (outcome === 'edit') {
        prompt = await this.#askPrompt(images, prompt);
        if (!mode.unattended) {
          reopen = choices;
          choices = undefined;
        }
        continue;
      }
      if (outcome === 'choose-model') {
        refused = { ...choices };
        reopen = undefined;
        choices = undefined;
        continue;
      }
      // Only the ordinary flow's answers become its next pre-selection: a scene's block and a job
      // generated again keep theirs to themselves.
      if (!mode.unattended && !mode.again) await this.context.globalState.update(LAST, choices);
      return outcome;
    }
  }

  /**
   * One submission: the intent planned (validated, images confined, priced) and the Plan sent
   * once. Returns the job, 'edit' when the person chose to edit and retry, or undefined. Not
   * `interactive` (called with options): messages do not wait for an answer.
   */
  async #submit(intent: Intent, interactive: boolean): Promise<Job | 'edit' | 'choose-model' | undefined> {
    await this.context.workspaceState.update(DRAFT, intent.prompt);
    let plan: Plan;
    try {
      plan = await planJob(intent, editorPlanContext(this.#extraRoots()));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Nothing was sent; the prompt stays in the draft.
      const edit = ACTIONS.editAndRetry(() => undefined);
      return this.#ask(
        interactive,
        showMessage('error', t('Seedance: {0}', err.message), edit).then((a) => a === edit),
      );
    }
    const outcome = await submitPlan(plan, this.#deps, { signal: new AbortController().signal });
    switch (outcome.kind) {
      case 'started':
        await this.context.workspaceState.update(DRAFT, undefined);
        await this.tree.reveal(outcome.job);
        return outcome.job;
      case 'cancelled':
        void showMessage('info', t('Seedance: cancelled before the request was sent; nothing was started.'));
        return undefined;
      case 'outcome-unknown':
        this.log.error(`Generate: ${outcome.error.message}`);
        // Never re-sent silently: the person decides, knowing a job may exist.
        void showMessage('warning', t('Seedance: {0}', outcome.error.message), ACTIONS.trackTask(), {
          title: t('Try Again Anyway'),
          run: () =>
            vscode.commands.executeCommand(Commands.generateVideo, { prompt: this.#draft(), editPrompt: true }),
        });
        return undefined;
      case 'not-started':
        return this.#failed(outcome.error, interactive);
    }
  }

  /** The key asked for when there is none; the request sent under a notification that can cancel it. */
  readonly #deps: SubmitDeps = {
    ensureKey: () => this.keyCommands.ensureKey(),
    send: (plan, how) =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Seedance', cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const images = plan.request.images;
          const uploading = images.length === 1 ? images[0].name : t('{0} images', images.length);
          progress.report({ message: images.length ? t('uploading {0}…', uploading) : t('submitting…') });
          let shown = 0;
          const onUpload = (sent: number, total: number) => {
            const pct = Math.floor((sent / total) * 100);
            if (pct > shown) {
              progress.report({ increment: pct - shown, message: t('uploading {0} ({1}%)', uploading, pct) });
              shown = pct;
            }
          };
          return this.manager.submit(plan, { ...how, signal: controller.signal, onUpload });
        },
      ),
  };

  async #failed(err: Error, interactive: boolean): Promise<'edit' | 'choose-model' | undefined> {
    const message = err instanceof Error ? err.message : String(err);
    const requestId = err instanceof SeedanceApiError && err.requestId ? ` (request id: ${err.requestId})` : '';
    this.log.error(`Generate: ${message}${requestId}`);
    const details = copyRefusalDetails(err);
    const refusal = err instanceof SeedanceApiError ? err.refusal : undefined;
    // A refusal named for what it is gets the action that fixes it; nothing is sent again by itself.
    if (refusal === 'balance' || refusal === 'key-limit' || refusal === 'model-unavailable') {
      const choose = { title: t('Choose Another Model'), run: () => undefined };
      const setKey = {
        title: ACTIONS.setApiKey().title,
        run: () => this.keyCommands.setApiKey().catch(() => undefined),
      };
      const actions =
        refusal === 'balance'
          ? [ACTIONS.openBilling()]
          : refusal === 'key-limit'
            ? [ACTIONS.openKeys(), setKey]
            : [choose];
      const again = await this.#ask(
        interactive,
        showMessage('error', t('Seedance: {0}', message), ...actions, ...(details ? [details] : [])).then(
          (a) => a === choose || a === setKey,
        ),
      );
      // Choose Another Model: back to the summary through the model step (in the flow that asked).
      return again && refusal === 'model-unavailable' && interactive ? 'choose-model' : again;
    }
    const auth = err instanceof SeedanceApiError && err.kind === 'authentication';
    const edit = ACTIONS.editAndRetry(() => undefined);
    const setKey = { title: ACTIONS.setApiKey().title, run: () => this.keyCommands.setApiKey().catch(() => undefined) };
    return this.#ask(
      interactive,
      showMessage(
        'error',
        t('Seedance: {0}', message),
        ...(auth ? [setKey, edit] : [edit, ACTIONS.showLog(this.log)]),
        ...(details ? [details] : []),
      ).then((a) => a === edit || a === setKey),
    );
  }

  /**
   * Interactive: waits for the answer ('edit' when it asks to retry). Otherwise returns at once
   * and a retry, if asked for, starts a new interactive run with the kept prompt.
   */
  async #ask(interactive: boolean, answer: Thenable<boolean>): Promise<'edit' | undefined> {
    if (interactive) return (await answer) ? 'edit' : undefined;
    void answer.then((choice) => {
      if (choice)
        void vscode.commands.executeCommand(Commands.generateVideo, {
          prompt: this.#draft(),
          editPrompt: true,
        });
    });
    return undefined;
  }

  /** When an image differs from the one the video was made from: a modal naming it, or UserCancelled. */
  async #confirmChangedImages(job: Job): Promise<void> {
    if (job.phase !== 'done' || !job.images?.length) return;
    const sidecar = await readSidecar(sidecarPath(job.videoPath), (line) => this.log.warn(line));
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

  /** A job's answers, as the flow takes them (checked again by the flow and validation). */
  #answersOf(job: Job): Partial<Choices> {
    return { model: job.model, seconds: job.seconds, size: job.size, resolution: job.resolution } as Partial<Choices>;
  }

  /** Besides the workspace, where images may come from: the extension's own videos (their last frames). */
  #extraRoots(): string[] {
    return [this.context.globalStorageUri.fsPath];
  }

  /** Images checked before anything is asked (plan/images.ts: count, place, bytes); each is named. */
  async #checkImages(images: vscode.Uri[], from: ImageSource): Promise<vscode.Uri[]> {
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
    const paths = await checkImages(
      images.map((i) => i.fsPath),
      from,
      editorPlanContext(this.#extraRoots()),
    );
    return paths.map((p) => vscode.Uri.file(p));
  }

  /** The last answers of the ordinary flow, parsed (stored state is never trusted). */
  #last(): Partial<Choices> {
    return readChoices(this.context.globalState.get<unknown>(LAST), (line) => this.log.warn(line));
  }

  #draft(): string | undefined {
    return readDraft(this.context.workspaceState.get<unknown>(DRAFT));
  }

  async #askPrompt(images: readonly vscode.Uri[], value?: string): Promise<string> {
    const names = images.map((i) => i.path.split('/').pop());
    // The box holds one line: a line break is shown as ⏎ and comes back as a line break.
    const shown = value ?? this.#draft();
    const breaks = shown?.includes('\n') ?? false;
    const prompt = await vscode.window.showInputBox({
      title:
        images.length > 1
          ? t('Seedance: a video from {0} images', images.length)
          : images.length
            ? t('Seedance: animate {0}', names[0] ?? '')
            : t('Seedance: Generate Video'),
      // The motion for an image, the whole video otherwise; and how a line break reads in the box.
      prompt: [
        images.length > 1
          ? t(
              'Describe the video; refer to the images as {0}',
              names.map((n, i) => `[Image ${i + 1}] (${n})`).join(', '),
            )
          : images.length
            ? t('Describe the motion: what happens, how the camera moves')
            : t('Describe the video: subject, action, setting, camera, light'),
        ...(breaks ? [t('⏎ marks a line break, and stays one')] : []),
      ].join(' · '),
      placeHolder:
        images.length > 1
          ? t('The character of [Image 1] walks through the landscape of [Image 2]')
          : t('A slow cinematic camera push across a coastal landscape at sunrise'),
      value: shown === undefined ? undefined : toOneLine(shown),
      ignoreFocusOut: true,
      validateInput: (v) => (fromOneLine(v).trim() ? undefined : t('Describe the video you want.')),
    });
    if (prompt === undefined) throw new UserCancelled();
    return fromOneLine(prompt);
  }

  async #pickImages(): Promise<vscode.Uri[]> {
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
}

/** The images the explorer's command was run on: the whole selection when it holds the clicked one. */
function explorerSelection(clicked: vscode.Uri, selected: unknown): vscode.Uri[] {
  const all = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  return all.some((u) => u.toString() === clicked.toString()) ? all : [clicked];
}

/** The editor's selection, trimmed, lines kept; undefined when nothing is selected. */
function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections
    .map((s) => editor.document.getText(s))
    .join('\n')
    .trim();
  return text || undefined;
}

/** An image open in the active tab (the image preview), to default the picker to. */
function activeImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && /\.(png|jpe?g|webp)$/i.test(uri.path) ? uri : undefined;
}

/** A prompt in a one-line box: each line break as ⏎ (the summary shows it the same way). */
export function toOneLine(prompt: string): string {
  return prompt.split('\n').join(' ⏎ ');
}

/** Back from the box: each ⏎ (and the spaces around it) is a line break again. */
export function fromOneLine(text: string): string {
  return text.split(/[ \t]*⏎[ \t]*/).join('\n');
}
