// The multi-step quick pick of Generate Video: model, seconds, aspect ratio, resolution, then a
// last look at everything that will be sent, with its estimated cost, before anything is billed.
// Title, step counter and Back button on every step; Esc (or clicking away) cancels the whole
// flow and nothing is sent. Only what the chosen model supports is offered; steps fixed by
// settings are skipped, the summary never (unless seedance.confirmBeforeGenerate is off).
import {
  DEFAULT_RESOLUTION,
  DEFAULT_SECONDS,
  DEFAULT_SIZE,
  type ModelInfo,
  type Resolution,
  SIZES,
  type Size,
  type SizeAnswer,
} from '../api';
import { t } from '../api/i18n';
import { EDIT_PROMPT, type SummaryInput, pickSummary } from './generateSummary';
import { BACK, pick } from './stepPick';

export interface Choices {
  model: string;
  seconds: number;
  size: SizeAnswer;
  resolution: Resolution;
}

export interface FlowOptions {
  readonly title: string;
  /** The models on offer (only those taking images for image-to-video). */
  readonly models: readonly ModelInfo[];
  /** Pre-selected answers (the last choices, or the job being generated again). */
  readonly initial: Partial<Choices>;
  /** Answers fixed by settings: their steps are skipped. */
  readonly fixed: Partial<Choices>;
  /** The last look before anything is billed; absent when the person turned it off. */
  readonly summary?: SummaryInput;
  /** Open at the summary, every answer given (Generate Again); Back still reaches each step. */
  readonly startAtSummary?: boolean;
  /** Open at the model step, and go from it straight to the summary (Choose Another Model). */
  readonly chooseModel?: boolean;
}

const SIZE_NAMES: Record<Size, () => string> = {
  '21:9': () => t('Cinematic widescreen'),
  '16:9': () => t('Landscape'),
  '4:3': () => t('Classic'),
  '1:1': () => t('Square'),
  '3:4': () => t('Portrait'),
  '9:16': () => t('Vertical (phones, shorts)'),
};

type Step = 'model' | 'seconds' | 'size' | 'resolution' | 'summary';

/** The person asked to change the prompt from the summary: every answer so far, to come back to. */
export interface EditPrompt {
  readonly editPrompt: Choices;
}

/** Runs the flow; resolves with every answer (or a request to edit the prompt), or throws UserCancelled. */
export async function pickOptions(o: FlowOptions): Promise<Choices | EditPrompt> {
  const fixedModel = o.fixed.model && o.models.some((m) => m.id === o.fixed.model) ? o.fixed.model : undefined;
  const answers: Partial<Choices> = { ...o.initial, ...o.fixed, ...(fixedModel ? { model: fixedModel } : {}) };
  const questions = (['model', 'seconds', 'size', 'resolution'] as Step[]).filter((s) =>
    s === 'model' ? !fixedModel : o.fixed[s as keyof Choices] === undefined,
  );
  const steps: Step[] = o.summary ? [...questions, 'summary'] : questions;
  const start = o.chooseModel && steps[0] === 'model' ? 0 : o.startAtSummary && o.summary ? steps.length - 1 : 0;
  for (let i = start; i < steps.length;) {
    const model = o.models.find((m) => m.id === answers.model) ?? o.models[0];
    const step = { title: o.title, step: i + 1, totalSteps: steps.length, back: i > 0 };
    let answer: unknown;
    switch (steps[i]) {
      case 'model':
        // Pre-selected: the last model used, else the first, so Enter always moves on.
        answer = await pick(
          step,
          t('Which model?'),
          o.models.map((m) => ({
            label: m.label,
            description: m.acceptsImage
              ? t('{0}–{1} s · up to {2} · image-to-video', m.seconds.min, m.seconds.max, m.resolutions.at(-1) ?? '')
              : t('{0}–{1} s · up to {2}', m.seconds.min, m.seconds.max, m.resolutions.at(-1) ?? ''),
            detail: t('{0}: {1}', m.id, t(m.purpose)),
            value: m.id,
          })),
          model.id,
        );
        break;
      case 'seconds': {
        const values = Array.from(
          { length: model.seconds.max - model.seconds.min + 1 },
          (_, k) => model.seconds.min + k,
        );
        answer = await pick(
          step,
          t('How long? ({0}: {1}–{2} s)', model.label, model.seconds.min, model.seconds.max),
          values.map((s) => ({
            label: t('{0} seconds', s),
            description: s === DEFAULT_SECONDS ? t('default') : undefined,
            value: s,
          })),
          clampTo(values, answers.seconds, DEFAULT_SECONDS),
        );
        break;
      }
      case 'size':
        answer = await pick(
          step,
          t('Aspect ratio?'),
          SIZES.map((s) => ({ label: s, description: SIZE_NAMES[s](), value: s })),
          answers.size ?? DEFAULT_SIZE,
        );
        break;
      case 'resolution':
        answer = await pick(
          step,
          t('Resolution? ({0})', model.label),
          model.resolutions.map((r) => ({
            label: r,
            description: r === DEFAULT_RESOLUTION ? t('default') : undefined,
            value: r,
          })),
          answers.resolution && model.resolutions.includes(answers.resolution)
            ? answers.resolution
            : DEFAULT_RESOLUTION,
        );
        break;
      case 'summary': {
        const chosen = settle(answers, o.models);
        answer = await pickSummary(
          step,
          o.summary!,
          chosen,
          o.models.find((m) => m.id === chosen.model) ?? o.models[0],
        );
        if (answer === 'info') continue;
        if (answer === EDIT_PROMPT) return { editPrompt: chosen };
        if (answer === 'generate') return chosen;
        break;
      }
    }
    if (answer === BACK) {
      i--;
      continue;
    }
    (answers as Record<string, unknown>)[steps[i]] = answer;
    // Choose Another Model: the other answers stand, so the summary comes next.
    i = o.chooseModel && steps[i] === 'model' && o.summary ? steps.length - 1 : i + 1;
  }
  return settle(answers, o.models);
}

/** A later model may not support an earlier answer (e.g. 1080p): fall back to what it supports. */
function settle(answers: Partial<Choices>, models: readonly ModelInfo[]): Choices {
  const model = models.find((m) => m.id === answers.model) ?? models[0];
  const seconds = Math.min(model.seconds.max, Math.max(model.seconds.min, answers.seconds ?? DEFAULT_SECONDS));
  const resolution =
    answers.resolution && model.resolutions.includes(answers.resolution) ? answers.resolution : DEFAULT_RESOLUTION;
  return { model: model.id, seconds, size: answers.size ?? DEFAULT_SIZE, resolution };
}

function clampTo(values: number[], wanted: number | undefined, fallback: number): number {
  return wanted !== undefined && values.includes(wanted) ? wanted : values.includes(fallback) ? fallback : values[0];
}
