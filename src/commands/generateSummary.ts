// The last step of Generate Video: what will be sent and what it will probably cost, before
// anything is billed. Generate sends it once; Edit the prompt goes back to the box.
import * as vscode from 'vscode';
import type { ModelInfo, Resolution } from '../api';
import { t } from '../api/i18n';
import { escapeIcons } from '../common/text';
import { type CostEstimate, costLabel } from '../pricing/estimate';
import type { Choices } from './generateFlow';
import { BACK, type StepInfo, pick } from './stepPick';

export const EDIT_PROMPT = 'edit-prompt';
export type SummaryAnswer = 'generate' | typeof EDIT_PROMPT | 'info';

/** What the summary step shows besides the answers. */
export interface SummaryInput {
  readonly prompt: string;
  /** Reference image names, in the order they are sent. */
  readonly images: readonly string[];
  readonly estimate: (model: ModelInfo, resolution: Resolution, seconds: number) => CostEstimate;
}

/** The last look: what will be sent and what it will probably cost, with Generate and Back. */
export function pickSummary(
  s: StepInfo,
  summary: SummaryInput,
  c: Choices,
  model: ModelInfo,
): Promise<SummaryAnswer | typeof BACK> {
  const cost = summary.estimate(model, c.resolution, c.seconds);
  const lines = summary.prompt
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const info = (label: string, description?: string, detail?: string) => ({
    label,
    description,
    detail,
    value: 'info' as const,
    alwaysShow: true,
  });
  const items: (vscode.QuickPickItem & { value: SummaryAnswer })[] = [
    {
      label: `$(play) ${t('Generate')}`,
      description: costLabel(cost),
      detail: t('Sends this request once: a paid job starts at CometAPI'),
      value: 'generate',
      alwaysShow: true,
    },
    { label: `$(edit) ${t('Edit the prompt')}`, value: EDIT_PROMPT, alwaysShow: true },
    { label: t('What will be sent'), kind: vscode.QuickPickItemKind.Separator, value: 'info' },
    // The first line, and the whole text below it when there is more than fits.
    // The prompt is the person's (or a script's) text: `$(…)` in it is shown as typed.
    info(
      `$(quote) ${escapeIcons(lines[0] ?? '')}`,
      lines.length > 2 ? t('+{0} more lines', lines.length - 1) : lines.length > 1 ? t('+1 more line') : undefined,
      lines.length > 1 || (lines[0]?.length ?? 0) > 80 ? escapeIcons(lines.join(' ⏎ ')) : undefined,
    ),
    info(`$(symbol-misc) ${model.label}`, model.id),
    info(`$(clock) ${t('{0} seconds', c.seconds)}`, `${c.size} · ${c.resolution}`),
    ...summary.images.map((name, k) => info(`$(file-media) [Image ${k + 1}]`, name)),
    info(
      `$(credit-card) ${cost.usd === undefined ? t('Price unknown') : costLabel(cost)}`,
      cost.usd === undefined ? t('no confirmed price for {0}: set one in seedance.prices', model.id) : undefined,
    ),
  ];
  return pick(
    s,
    t(
      'Check, then Generate: {0}, {1} s, {2}, {3} · {4}',
      model.label,
      c.seconds,
      c.size,
      c.resolution,
      costLabel(cost),
    ),
    items,
    'generate',
  );
}
