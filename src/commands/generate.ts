// Generate Video and Generate Video from Image. The prompt a person typed is never lost: it is
// kept as a draft until a job is stored, and every failed submission offers to edit and retry.
import * as vscode from 'vscode';
import {
  MAX_IMAGES,
  SeedanceApiError,
  ValidationError,
  type VideoRequestInput,
  inspectImageFile,
  validateRequest,
} from '../api';
import type { ClientProvider } from '../auth/clientProvider';
import { UserCancelled } from '../common/cancelled';
import { generationDefaults, modelCatalog } from '../common/config';
import { Commands } from '../common/ids';
import type { Job } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import type { JobTree } from '../views/jobTree';
import { ACTIONS, showMessage } from '../views/messages';
import type { KeyCommands } from './apiKeyCommands';
import { type Choices, pickOptions } from './generateFlow';

/** What keybindings, tasks and tests may pass to run Generate Video without any UI. */
export interface GenerateOptions {
  prompt?: string;
  model?: string;
  seconds?: number | string;
  size?: string;
  resolution?: string;
  /** Path (or URI) of a JPEG, PNG or WebP image: image-to-video, 2.0 models only. */
  image?: string | vscode.Uri;
  /** Several reference images, sent in this order ([Image 1], [Image 2]…). */
  images?: (string | vscode.Uri)[];
  /** Open the prompt box pre-filled with `prompt` (Edit and Retry). */
  editPrompt?: boolean;
}

const DRAFT = 'seedance.draftPrompt';
const LAST = 'seedance.lastChoices';

export class Generator {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly manager: JobManager,
    private readonly clients: ClientProvider,
    private readonly keyCommands: KeyCommands,
    private readonly tree: JobTree,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** `seedance.generateVideo`: from the palette, the editor menu, or with an options object. */
  async generate(arg?: unknown): Promise<Job | undefined> {
    const given = isOptions(arg) ? arg : {};
    const images = [...(given.image === undefined ? [] : [given.image]), ...(given.images ?? [])].map(toUri);
    return this.#run(given, images.length ? await checkImages(images) : []);
  }

  /**
   * `seedance.generateVideoFromImage(s)`: from the explorer (the clicked image and the selection)
   * or the palette (a file picker that takes several). Every file is checked by its bytes, and
   * the count against the limit, before anything else is asked.
   */
  async generateFromImage(arg?: unknown, selected?: unknown, options?: unknown): Promise<Job | undefined> {
    const given = isOptions(options) ? options : {};
    const picked = arg instanceof vscode.Uri ? explorerSelection(arg, selected) : await this.#pickImages();
    return this.#run(given, await checkImages(picked));
  }

  async #run(given: GenerateOptions, images: vscode.Uri[]): Promise<Job | undefined> {
    const catalog = modelCatalog();
    const models = images.length ? catalog.imageModels() : catalog.all;
    // The selection is the prompt; for an image (chosen in the explorer, often with some unrelated
    // text selected) it only pre-fills the box where the motion is described.
    let prompt =
      given.editPrompt ? await this.#askPrompt(images, given.prompt)
      : given.prompt ?? (images.length ? await this.#askPrompt(images, selectedText()) : selectedText() ?? (await this.#askPrompt(images)));
    // With a model given, nothing is asked: defaults fill the rest (keybindings, tasks, tests).
    let choices: Partial<Choices> | undefined = given.model ? given as Partial<Choices> : undefined;
    const what = images.length > 1 ? 'Generate Video from Images' : images.length ? 'Generate Video from Image' : 'Generate Video';
    for (;;) {
      choices ??= await pickOptions({
        title: `Seedance: ${what}`,
        models,
        initial: this.context.globalState.get<Partial<Choices>>(LAST) ?? {},
        fixed: generationDefaults(),
      });
      const input: VideoRequestInput = { prompt, ...choices, images: images.map((i) => i.fsPath) };
      const outcome = await this.#submit(input, images[0], !given.model);
      if (outcome === 'edit') {
        prompt = await this.#askPrompt(images, prompt);
        choices = given.model ? choices : undefined;
        continue;
      }
      if (!given.model) await this.context.globalState.update(LAST, choices);
      return outcome;
    }
  }

  /**
   * One submission. Returns the job, 'edit' when the person chose to edit and retry, or undefined.
   * Not `interactive` (called with options): messages do not wait for an answer.
   */
  async #submit(input: VideoRequestInput, image: vscode.Uri | undefined, interactive: boolean): Promise<Job | 'edit' | undefined> {
    await this.context.workspaceState.update(DRAFT, input.prompt);
    let req;
    try {
      req = await validateRequest(input, modelCatalog());
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Nothing was sent; the prompt stays in the draft.
      const edit = ACTIONS.editAndRetry(() => undefined);
      return this.#ask(interactive, showMessage('error', `Seedance: ${err.message}`, edit).then((a) => a === edit));
    }
    if (!(await this.clients.get())) {
      await this.keyCommands.setApiKey();
    }
    const folder = folderFor(image);
    try {
      const job = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Seedance', cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const uploading = req.images.length === 1 ? req.images[0].name : `${req.images.length} images`;
          progress.report({ message: req.images.length ? `uploading ${uploading}…` : 'submitting…' });
          let shown = 0;
          return this.manager.submit(req, folder, controller.signal, (sent, total) => {
            const pct = Math.floor((sent / total) * 100);
            if (pct > shown) {
              progress.report({ increment: pct - shown, message: `uploading ${uploading} (${pct}%)` });
              shown = pct;
            }
          });
        },
      );
      await this.context.workspaceState.update(DRAFT, undefined);
      await this.tree.reveal(job);
      return job;
    } catch (err) {
      return this.#failed(err, interactive);
    }
  }

  async #failed(err: unknown, interactive: boolean): Promise<'edit' | undefined> {
    if (err instanceof SeedanceApiError && err.kind === 'aborted') {
      void showMessage('info', 'Seedance: cancelled before the request was sent; nothing was started.');
      return undefined;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.log.error(`Generate: ${message}`);
    const retry = () => vscode.commands.executeCommand(Commands.generateVideo, { prompt: this.context.workspaceState.get<string>(DRAFT), editPrompt: true });
    if (err instanceof SeedanceApiError && err.kind === 'outcome-unknown') {
      // Never re-sent silently: the person decides, knowing a job may exist.
      void showMessage('warning', `Seedance: ${message}`, ACTIONS.trackTask(), { title: 'Try Again Anyway', run: retry });
      return undefined;
    }
    const auth = err instanceof SeedanceApiError && err.kind === 'authentication';
    const edit = ACTIONS.editAndRetry(() => undefined);
    const setKey = { title: ACTIONS.setApiKey().title, run: () => this.keyCommands.setApiKey().catch(() => undefined) };
    return this.#ask(interactive, showMessage('error', `Seedance: ${message}`, ...(auth ? [setKey, edit] : [edit, ACTIONS.showLog(this.log)])).then((a) => a === edit || a === setKey));
  }

  /**
   * Interactive: waits for the answer ('edit' when it asks to retry). Otherwise returns at once
   * and a retry, if asked for, starts a new interactive run with the kept prompt.
   */
  async #ask(interactive: boolean, answer: Thenable<boolean>): Promise<'edit' | undefined> {
    if (interactive) return (await answer) ? 'edit' : undefined;
    void answer.then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.generateVideo, { prompt: this.context.workspaceState.get<string>(DRAFT), editPrompt: true });
    });
    return undefined;
  }

  async #askPrompt(images: readonly vscode.Uri[], value?: string): Promise<string> {
    const names = images.map((i) => i.path.split('/').pop());
    const prompt = await vscode.window.showInputBox({
      title:
        images.length > 1 ? `Seedance: a video from ${images.length} images`
        : images.length ? `Seedance: animate ${names[0]}`
        : 'Seedance: Generate Video',
      prompt:
        images.length > 1 ? `Describe the video; refer to the images as ${names.map((n, i) => `[Image ${i + 1}] (${n})`).join(', ')}`
        : images.length ? 'Describe the motion: what happens, how the camera moves'
        : 'Describe the video: subject, action, setting, camera, light',
      placeHolder: images.length > 1 ? 'The character of [Image 1] walks through the landscape of [Image 2]' : 'A slow cinematic camera push across a coastal landscape at sunrise',
      value: value ?? this.context.workspaceState.get<string>(DRAFT),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Describe the video you want.'),
    });
    if (prompt === undefined) throw new UserCancelled();
    return prompt;
  }

  async #pickImages(): Promise<vscode.Uri[]> {
    const picked = await vscode.window.showOpenDialog({
      title: `Seedance: pick an image to animate (or up to ${MAX_IMAGES} to combine)`,
      openLabel: 'Animate',
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

/**
 * Refuses, before anything is asked, files that are not on disk, not images by their bytes, or
 * more than the provider takes. Each is named.
 */
async function checkImages(images: vscode.Uri[]): Promise<vscode.Uri[]> {
  const fail = (message: string): never => {
    throw new ValidationError([{ field: 'image', message }]);
  };
  if (images.length > MAX_IMAGES) fail(`At most ${MAX_IMAGES} images can go into one video (${images.length} are selected). Select fewer and try again.`);
  for (const image of images) {
    const name = image.path.split('/').pop();
    if (image.scheme !== 'file') {
      fail(`"${name}" is not on this machine's disk (it is in a ${image.scheme}: folder), and Seedance uploads images from disk. Copy it into a local folder first.`);
    }
    const info = await inspectImageFile(image.fsPath).catch(() => undefined);
    if (!info?.mime) {
      fail(`"${name}" is not a JPEG, PNG or WebP image${info ? ' (its contents say otherwise, whatever its name)' : ' (it cannot be read)'}. Seedance can only animate real images.`);
    }
  }
  return images;
}

function isOptions(v: unknown): v is GenerateOptions {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && !Array.isArray(v);
}

function toUri(image: string | vscode.Uri): vscode.Uri {
  return typeof image === 'string' ? vscode.Uri.file(image) : image;
}

/** The editor's selection, trimmed, lines kept; undefined when nothing is selected. */
function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections.map((s) => editor.document.getText(s)).join('\n').trim();
  return text || undefined;
}

/** An image open in the active tab (the image preview), to default the picker to. */
function activeImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && /\.(png|jpe?g|webp)$/i.test(uri.path) ? uri : undefined;
}

/** The workspace folder the video belongs to: the image's, the active editor's, or the first. */
function folderFor(image: vscode.Uri | undefined): vscode.Uri | undefined {
  const from = image ?? vscode.window.activeTextEditor?.document.uri;
  return (from && vscode.workspace.getWorkspaceFolder(from)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}
