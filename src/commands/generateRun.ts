// One run of the generate flow: the prompt, the steps and the summary, then a send; after a
// refusal, back to the step that fixes it (the prompt, or the model) with every answer kept.
import type * as vscode from 'vscode';
import { t } from '../api/i18n';
import { confirmBeforeGenerate, generationDefaults, modelCatalog } from '../common/config';
import { escapeIcons } from '../common/text';
import { displayPath } from '../common/workspacePaths';
import type { Job } from '../jobs/job';
import type { ImageSource, Intent, IntentKind } from '../plan/plan';
import { estimateCost } from '../pricing/estimate';
import type { Made } from './generate';
import { type Choices, pickOptions } from './generateFlow';
import type { GenerateOptions } from './generateOptions';
import { selectedText } from './promptBox';
import type { Next } from './sendOutcome';

/** How a run was started: from the person's own options object, or asking (with the summary). */
export interface RunMode {
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

/** What a run needs from the Generator: the prompt box, one send, and the last answers. */
export interface RunIO {
  askPrompt(images: readonly vscode.Uri[], value?: string): Promise<string>;
  submit(intent: Intent, interactive: boolean): Promise<Job | Next>;
  last(): Partial<Choices>;
  remember(choices: Partial<Choices>): Thenable<void>;
}

export async function runGenerate(
  given: GenerateOptions,
  images: vscode.Uri[],
  mode: RunMode,
  io: RunIO,
): Promise<Job | undefined> {
  const catalog = modelCatalog();
  const models = images.length ? catalog.imageModels() : catalog.all;
  // The selection is the prompt; for an image (chosen in the explorer, often with some unrelated
  // text selected) it only pre-fills the box where the motion is described.
  let prompt = given.editPrompt
    ? await io.askPrompt(images, given.prompt)
    : (given.prompt ??
      (images.length ? await io.askPrompt(images, selectedText()) : (selectedText() ?? (await io.askPrompt(images)))));
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
        initial: reopen ?? refused ?? mode.again ?? io.last(),
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
        prompt = await io.askPrompt(images, prompt);
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
    const outcome = await io.submit(intent, !mode.unattended);
    if (outcome === 'edit') {
      prompt = await io.askPrompt(images, prompt);
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
    if (!mode.unattended && !mode.again) await io.remember(choices);
    return outcome;
  }
}
