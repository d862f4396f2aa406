// What Generate All Scenes sends, and the one summary it is confirmed in: each scene's request
// checked as it would be sent (model, ranges, the image's bytes) with its estimated cost, every
// scene ticked, the total following the ticks. Esc sends nothing.
import * as vscode from 'vscode';
import { type VideoRequest, validateRequest } from '../api';
import { type CostEstimate, estimateCost, formatUsd } from '../pricing/estimate';
import { t } from '../api/i18n';
import type { Choices } from '../commands/generateFlow';
import { UserCancelled } from '../common/cancelled';
import { generationDefaults, modelCatalog } from '../common/config';
import { escapeIcons } from '../common/text';
import { displayPath, workspaceRoots } from '../common/workspacePaths';
import type { SceneState } from './sceneJobs';
import type { Scene } from './scenes';
import { sceneImagePath } from './scriptDocument';

/** A scene ready to send, or why it cannot be. */
export interface Plan {
  readonly state: SceneState;
  readonly request?: VideoRequest;
  readonly problem?: string;
  readonly cost?: CostEstimate;
}

export function answersOf(scene: Scene): Partial<Choices> {
  const s = scene.settings;
  return {
    ...(s.model && { model: s.model }),
    ...(s.seconds && { seconds: s.seconds }),
    ...(s.size && { size: s.size as Choices['size'] }),
    ...(s.resolution && { resolution: s.resolution as Choices['resolution'] }),
  };
}

/** The scene's `image:`, relative to the script's folder. */
export function imagesOf(script: vscode.Uri, scene: Scene): vscode.Uri[] {
  const image = scene.settings.image;
  if (!image) return [];
  return [vscode.Uri.file(sceneImagePath(script, image))];
}

/** The scene's request, checked as it would be sent (model, ranges, the image's bytes), and its cost. */
export async function plan(script: vscode.Uri, state: SceneState): Promise<Plan> {
  const catalog = modelCatalog();
  const images = imagesOf(script, state.scene).map((u) => u.fsPath);
  const chosen = { ...generationDefaults(), ...answersOf(state.scene) };
  const fallback = images.length ? catalog.imageModels()[0] : catalog.all[0];
  const input = { ...chosen, prompt: state.scene.prompt, model: chosen.model ?? fallback?.id, images };
  try {
    if (state.scene.problems.length) throw new Error(state.scene.problems.join('; '));
    // The scene's image must lie in the workspace once links are resolved: a cloned script's
    // `image: ../../Pictures/passport.jpg` (or a link named like a storyboard) is refused here.
    const request = await validateRequest(input, catalog, { roots: workspaceRoots() });
    return { state, request, cost: estimateCost(catalog.find(request.model), request.resolution, request.seconds) };
  } catch (err) {
    return { state, problem: err instanceof Error ? err.message : String(err) };
  }
}

/** The one summary: every scene with model, duration and cost, all ticked; the total follows the ticks. */
export async function pickScenes(script: string, plans: Plan[]): Promise<Plan[]> {
  type Item = vscode.QuickPickItem & { plan: Plan };
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = t('Seedance: Generate All Scenes of {0}', escapeIcons(script));
  qp.canSelectMany = true;
  qp.ignoreFocusOut = true;
  qp.matchOnDetail = true;
  qp.items = plans.map((p): Item => {
    const r = p.request;
    const model = r && (modelCatalog().find(r.model)?.label ?? r.model);
    return {
      label: p.problem ? `$(error) ${escapeIcons(p.state.scene.heading)}` : escapeIcons(p.state.scene.heading),
      description: escapeIcons(
        r
          ? `${model} · ${t('{0} s', r.seconds)} · ${r.size} · ${r.resolution} · ${p.cost?.usd === undefined ? t('price unknown') : formatUsd(p.cost.usd)}${r.images.map((img, k) => ` · [Image ${k + 1}] ${displayPath(img.path)}`).join('')}`
          : t('cannot be sent: {0}', p.problem ?? ''),
      ),
      detail: escapeIcons(p.state.scene.prompt.replace(/\s+/g, ' ')),
      plan: p,
    };
  });
  const sendable = qp.items.filter((i) => i.plan.request);
  qp.selectedItems = sendable;
  const describe = (items: readonly Item[]) => {
    const picked = items.filter((i) => i.plan.request);
    const priced = picked.map((i) => i.plan.cost?.usd).filter((u): u is number => u !== undefined);
    const total = priced.reduce((a, b) => a + b, 0);
    const unpriced = picked.length - priced.length;
    const cost = unpriced
      ? t('≈ {0} + {1} without a known price', formatUsd(total), unpriced)
      : t('≈ {0} in total (estimate)', formatUsd(total));
    qp.placeholder = t(
      '{0} of {1} scenes · {2} · untick any to leave out, then Enter to generate',
      picked.length,
      plans.length,
      cost,
    );
  };
  describe(qp.selectedItems);
  const listeners: vscode.Disposable[] = [];
  try {
    return await new Promise<Plan[]>((resolve, reject) => {
      listeners.push(
        qp.onDidChangeSelection((items) => describe(items)),
        qp.onDidAccept(() => {
          const chosen = qp.selectedItems.filter((i) => i.plan.request).map((i) => i.plan);
          if (chosen.length) resolve(chosen);
        }),
        qp.onDidHide(() => reject(new UserCancelled())),
      );
      qp.show();
    });
  } finally {
    for (const l of listeners) l.dispose();
    qp.dispose();
  }
}
