// Generate Video and Generate Video from Image. The prompt a person typed is never lost: it is
// kept as a draft until a job is stored, and every failed submission offers to edit and retry.
import * as vscode from 'vscode';
import {
  MODELS,
  SeedanceApiError,
  ValidationError,
  type VideoRequestInput,
  imageModels,
  inspectImageFile,
  validateRequest,
} from '../api';
import { UserCancelled } from '../common/cancelled';
import type { ClientProvider } from '../common/clientProvider';
import { Commands } from '../common/ids';
import type { Job } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import type { JobTree } from '../views/jobTree';
import { setApiKey } from './apiKeyCommands';
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
    private readonly keys: ApiKeyStore,
    private readonly tree: JobTree,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** `seedance.generateVideo`: from the palette, the editor menu, or with an options object. */
  async generate(arg?: unknown): Promise<Job | undefined> {
    const given = isOptions(arg) ? arg : {};
    return this.#run(given, given.image === undefined ? undefined : toUri(given.image));
  }

  /** `seedance.generateVideoFromImage`: from the explorer (a URI) or the palette (a file picker). */
  async generateFromImage(arg?: unknown, _selected?: unknown, options?: unknown): Promise<Job | undefined> {
    const given = isOptions(options) ? options : {};
    const image = arg instanceof vscode.Uri ? arg : await this.#pickImage();
    if (image.scheme !== 'file') {
      const name = image.path.split('/').pop();
      throw new ValidationError([{ field: 'image', message: `"${name}" is not on this machine's disk (it is in a ${image.scheme}: folder), and Seedance uploads images from disk. Copy it into a local folder first.` }]);
    }
    // Checked by its bytes before anything else is asked, and named if it is not an image.
    const info = await inspectImageFile(image.fsPath).catch(() => undefined);
    if (!info?.mime) {
      const name = image.path.split('/').pop();
      throw new ValidationError([{ field: 'image', message: `"${name}" is not a JPEG, PNG or WebP image${info ? ' (its contents say otherwise, whatever its name)' : ' (it cannot be read)'}. Seedance can only animate real images.` }]);
    }
    return this.#run(given, image);
  }

  async #run(given: GenerateOptions, image: vscode.Uri | undefined): Promise<Job | undefined> {
    const models = image ? imageModels() : MODELS;
    // The selection is the prompt; for an image (chosen in the explorer, often with some unrelated
    // text selected) it only pre-fills the box where the motion is described.
    let prompt =
      given.editPrompt ? await this.#askPrompt(image, given.prompt)
      : given.prompt ?? (image ? await this.#askPrompt(image, selectedText()) : selectedText() ?? (await this.#askPrompt(image)));
    // With a model given, nothing is asked: defaults fill the rest (keybindings, tasks, tests).
    let choices: Partial<Choices> | undefined = given.model ? given as Partial<Choices> : undefined;
    for (;;) {
      choices ??= await pickOptions({
        title: image ? 'Seedance: Generate Video from Image' : 'Seedance: Generate Video',
        models,
        initial: this.context.globalState.get<Partial<Choices>>(LAST) ?? {},
        fixed: settingsDefaults(),
      });
      const input: VideoRequestInput = { prompt, ...choices, ...(image && { image: image.fsPath }) };
      const outcome = await this.#submit(input, image, !given.model);
      if (outcome === 'edit') {
        prompt = await this.#askPrompt(image, prompt);
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
      req = await validateRequest(input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Nothing was sent; the prompt stays in the draft.
      return this.#ask(interactive, vscode.window.showErrorMessage(`Seedance: ${err.message}`, 'Edit and Retry'));
    }
    if (!(await this.clients.get())) {
      await setApiKey(this.keys);
    }
    const folder = folderFor(image);
    try {
      const job = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Seedance', cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          progress.report({ message: req.image ? `uploading ${req.image.name}…` : 'submitting…' });
          let shown = 0;
          return this.manager.submit(req, folder, controller.signal, (sent, total) => {
            const pct = Math.floor((sent / total) * 100);
            if (pct > shown) {
              progress.report({ increment: pct - shown, message: `uploading ${req.image?.name} (${pct}%)` });
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
      void vscode.window.showInformationMessage('Seedance: cancelled before the request was sent; nothing was started.');
      return undefined;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.log.error(`Generate: ${message}`);
    if (err instanceof SeedanceApiError && err.kind === 'outcome-unknown') {
      // Never re-sent silently: the person decides, knowing a job may exist.
      void vscode.window.showWarningMessage(`Seedance: ${message}`, 'Track Task by ID', 'Try Again Anyway').then((c) => {
        if (c === 'Track Task by ID') void vscode.commands.executeCommand(Commands.trackTask);
        if (c === 'Try Again Anyway') void vscode.commands.executeCommand(Commands.generateVideo, { prompt: this.context.workspaceState.get<string>(DRAFT), editPrompt: true });
      });
      return undefined;
    }
    const auth = err instanceof SeedanceApiError && err.kind === 'authentication';
    const shown = vscode.window.showErrorMessage(`Seedance: ${message}`, ...(auth ? ['Set API Key', 'Edit and Retry'] : ['Edit and Retry', 'Show Log']));
    return this.#ask(
      interactive,
      shown.then(async (choice) => {
        if (choice === 'Show Log') this.log.show();
        if (choice === 'Set API Key') await setApiKey(this.keys).catch(() => undefined);
        return choice === 'Set API Key' || choice === 'Edit and Retry' ? choice : undefined;
      }),
    );
  }

  /**
   * Interactive: waits for the answer ('edit' when it asks to retry). Otherwise returns at once
   * and a retry, if asked for, starts a new interactive run with the kept prompt.
   */
  async #ask(interactive: boolean, answer: Thenable<string | undefined>): Promise<'edit' | undefined> {
    if (interactive) return (await answer) ? 'edit' : undefined;
    void answer.then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.generateVideo, { prompt: this.context.workspaceState.get<string>(DRAFT), editPrompt: true });
    });
    return undefined;
  }

  async #askPrompt(image: vscode.Uri | undefined, value?: string): Promise<string> {
    const prompt = await vscode.window.showInputBox({
      title: image ? `Seedance: animate ${image.path.split('/').pop()}` : 'Seedance: Generate Video',
      prompt: image ? 'Describe the motion: what happens, how the camera moves' : 'Describe the video: subject, action, setting, camera, light',
      placeHolder: 'A slow cinematic camera push across a coastal landscape at sunrise',
      value: value ?? this.context.workspaceState.get<string>(DRAFT),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Describe the video you want.'),
    });
    if (prompt === undefined) throw new UserCancelled();
    return prompt;
  }

  async #pickImage(): Promise<vscode.Uri> {
    const picked = await vscode.window.showOpenDialog({
      title: 'Seedance: pick an image to animate',
      openLabel: 'Animate',
      canSelectMany: false,
      defaultUri: activeImage() ?? vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] },
    });
    if (!picked?.[0]) throw new UserCancelled();
    return picked[0];
  }
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

/** Defaults fixed in settings skip their quick-pick step. */
function settingsDefaults(): Partial<Choices> {
  const c = vscode.workspace.getConfiguration('seedance.defaults');
  const fixed: Partial<Choices> = {};
  const model = c.get<string>('model');
  const seconds = c.get<number | null>('seconds');
  const size = c.get<string>('size');
  const resolution = c.get<string>('resolution');
  if (model) fixed.model = model;
  if (typeof seconds === 'number') fixed.seconds = seconds;
  if (size) fixed.size = size as Choices['size'];
  if (resolution) fixed.resolution = resolution as Choices['resolution'];
  return fixed;
}
