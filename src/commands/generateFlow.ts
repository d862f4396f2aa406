// The multi-step quick pick of Generate Video: model, seconds, aspect ratio, resolution. Title,
// step counter and Back button on every step; Esc (or clicking away) cancels the whole flow.
// Only what the chosen model supports is offered; steps fixed by settings are skipped.
import * as vscode from 'vscode';
import {
  DEFAULT_RESOLUTION,
  DEFAULT_SECONDS,
  DEFAULT_SIZE,
  type ModelInfo,
  type Resolution,
  SIZES,
  type Size,
} from '../api';
import { UserCancelled } from '../common/cancelled';

export interface Choices {
  model: string;
  seconds: number;
  size: Size;
  resolution: Resolution;
}

export interface FlowOptions {
  readonly title: string;
  /** The models on offer (only 2.0 ones for image-to-video). */
  readonly models: readonly ModelInfo[];
  /** Pre-selected answers (the last choices). */
  readonly initial: Partial<Choices>;
  /** Answers fixed by settings: their steps are skipped. */
  readonly fixed: Partial<Choices>;
}

const SIZE_NAMES: Record<Size, string> = {
  '21:9': 'Cinematic widescreen',
  '16:9': 'Landscape',
  '4:3': 'Classic',
  '1:1': 'Square',
  '3:4': 'Portrait',
  '9:16': 'Vertical (phones, shorts)',
};

type Step = 'model' | 'seconds' | 'size' | 'resolution';
const BACK = Symbol('back');

/** Runs the flow; resolves with every answer, or throws UserCancelled. */
export async function pickOptions(o: FlowOptions): Promise<Choices> {
  const fixedModel = o.fixed.model && o.models.some((m) => m.id === o.fixed.model) ? o.fixed.model : undefined;
  const answers: Partial<Choices> = { ...o.initial, ...o.fixed, ...(fixedModel ? { model: fixedModel } : {}) };
  const steps = (['model', 'seconds', 'size', 'resolution'] as Step[]).filter((s) => (s === 'model' ? !fixedModel : o.fixed[s] === undefined));
  for (let i = 0; i < steps.length; ) {
    const model = o.models.find((m) => m.id === answers.model) ?? o.models[0];
    const step = { title: o.title, step: i + 1, totalSteps: steps.length, back: i > 0 };
    let answer: unknown;
    switch (steps[i]) {
      case 'model':
        // Pre-selected: the last model used, else the first, so Enter always moves on.
        answer = await pick(step, 'Which model?', o.models.map((m) => ({ label: m.label, description: `${m.seconds.min}–${m.seconds.max} s · up to ${m.resolutions.at(-1)}${m.acceptsImage ? ' · image-to-video' : ''}`, detail: `${m.id}: ${m.purpose}`, value: m.id })), model.id);
        break;
      case 'seconds': {
        const values = Array.from({ length: model.seconds.max - model.seconds.min + 1 }, (_, k) => model.seconds.min + k);
        answer = await pick(step, `How long? (${model.label}: ${model.seconds.min}–${model.seconds.max} s)`, values.map((s) => ({ label: `${s} seconds`, description: s === DEFAULT_SECONDS ? 'default' : undefined, value: s })), clampTo(values, answers.seconds, DEFAULT_SECONDS));
        break;
      }
      case 'size':
        answer = await pick(step, 'Aspect ratio?', SIZES.map((s) => ({ label: s, description: SIZE_NAMES[s], value: s })), answers.size ?? DEFAULT_SIZE);
        break;
      case 'resolution':
        answer = await pick(step, `Resolution? (${model.label})`, model.resolutions.map((r) => ({ label: r, description: r === DEFAULT_RESOLUTION ? 'default' : undefined, value: r })), model.resolutions.includes(answers.resolution as Resolution) ? answers.resolution : DEFAULT_RESOLUTION);
        break;
    }
    if (answer === BACK) {
      i--;
      continue;
    }
    (answers as Record<Step, unknown>)[steps[i]] = answer;
    i++;
  }
  // A later model may not support an earlier answer (e.g. 1080p): fall back to what it supports.
  const model = o.models.find((m) => m.id === answers.model) ?? o.models[0];
  const seconds = Math.min(model.seconds.max, Math.max(model.seconds.min, answers.seconds ?? DEFAULT_SECONDS));
  const resolution = model.resolutions.includes(answers.resolution as Resolution) ? (answers.resolution as Resolution) : DEFAULT_RESOLUTION;
  return { model: model.id, seconds, size: answers.size ?? DEFAULT_SIZE, resolution };
}

function clampTo(values: number[], wanted: number | undefined, fallback: number): number {
  return wanted !== undefined && values.includes(wanted) ? wanted : values.includes(fallback) ? fallback : values[0];
}

interface StepInfo {
  title: string;
  step: number;
  totalSteps: number;
  back: boolean;
}

async function pick<T>(s: StepInfo, placeholder: string, items: (vscode.QuickPickItem & { value: T })[], active: T | undefined): Promise<T | typeof BACK> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
  qp.title = s.title;
  qp.step = s.step;
  qp.totalSteps = s.totalSteps;
  qp.placeholder = placeholder;
  qp.items = items;
  qp.activeItems = items.filter((i) => i.value === active);
  qp.buttons = s.back ? [vscode.QuickInputButtons.Back] : [];
  qp.ignoreFocusOut = true;
  const listeners: vscode.Disposable[] = [];
  try {
    return await new Promise<T | typeof BACK>((resolve, reject) => {
      listeners.push(
        qp.onDidAccept(() => {
          const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
          if (chosen) resolve(chosen.value);
        }),
        qp.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) resolve(BACK);
        }),
        // Hiding without an answer (Esc) ends the whole flow; after an answer it is harmless.
        qp.onDidHide(() => reject(new UserCancelled())),
      );
      qp.show();
    });
  } finally {
    for (const l of listeners) l.dispose();
    qp.dispose();
  }
}
