// What Generate All Scenes sends, and the one summary it is confirmed in: each scene's request
// checked as it would be sent (model, ranges, the image's bytes) with its estimated cost, every
// scene ticked, the total following the ticks. Esc sends nothing.
import * as vscode from 'vscode';
import { editorPlanContext } from '../plan/editorContext';
import { type Plan, planJob } from '../plan/plan';
import { formatUsd } from '../pricing/estimate';
import { ValidationError } from '../api/errors';
import { t } from '../api/i18n';
import { isResolution, isSizeAnswer } from '../api/models';
import type { Choices } from '../commands/generateFlow';
import { showPick } from '../views/quickPick';
import { generationDefaults, maxConcurrentJobs, modelCatalog } from '../common/config';
import { escapeIcons } from '../common/text';
import { displayPath } from '../common/workspacePaths';
import type { SceneState } from './sceneJobs';
import type { Scene } from './scenes';
import { madeFor, sceneImagePath } from './scriptDocument';

/** A scene's Plan, or why it cannot be sent. */
export interface ScenePlan {
  readonly state: SceneState;
  readonly plan?: Plan;
  readonly problem?: string;
  /** The problem by field (validation's), where it is one: the script's Problems place each on its line. */
  readonly issues?: readonly { readonly field: string; readonly message: string }[];
}

export function answersOf(scene: Scene): Partial<Choices> {
  const s = scene.settings;
  return {
    ...(s.model && { model: s.model }),
    ...(s.seconds && { seconds: s.seconds }),
    // Parsed, never cast: a value the script got wrong is left to the flow (and named by validation).
    ...(isSizeAnswer(s.size) && { size: s.size }),
    ...(isResolution(s.resolution) && { resolution: s.resolution }),
  };
}

/** The scene's `image:`, relative to the script's folder. */
export function imagesOf(script: vscode.Uri, scene: Scene): vscode.Uri[] {
  const image = scene.settings.image;
  if (!image) return [];
  return [vscode.Uri.file(sceneImagePath(script, image))];
}

/** The model a scene is sent to: its own, else the one every door takes (ModelCatalog.defaultModel). */
export function sceneModel(scene: Scene): string {
  return answersOf(scene).model ?? modelCatalog().defaultModel(generationDefaults().model, !!scene.settings.image);
}

/** The scene's Plan, checked as it would be sent (model, ranges, the image's place and bytes), with its cost. */
export async function planScene(script: vscode.Uri, state: SceneState): Promise<ScenePlan> {
  const images = imagesOf(script, state.scene).map((u) => u.fsPath);
  const chosen = { ...generationDefaults(), ...answersOf(state.scene) };
  try {
    if (state.scene.problems.length)
      throw new ValidationError(state.scene.problems.map((message) => ({ field: 'seconds', message })));
    // A cloned script's `image: ../../Pictures/passport.jpg` (or a link named like a storyboard)
    // is refused by plan/: images named in text stay inside the workspace.
    const made = madeFor(script, state.scene);
    const plan = await planJob(
      {
        kind: 'scene',
        ...chosen,
        prompt: state.scene.prompt,
        model: sceneModel(state.scene),
        images,
        imagesFrom: 'named',
        origin: made.origin,
        near: made.near,
      },
      editorPlanContext(),
    );
    return { state, plan };
  } catch (err) {
    return {
      state,
      problem: err instanceof Error ? err.message : String(err),
      ...(err instanceof ValidationError && { issues: err.issues }),
    };
  }
}

type SummaryItem = vscode.QuickPickItem & { plan?: ScenePlan };

/**
 * What the summary shows for the scenes `ticked` of `plans`: its title (with the total), the
 * action row, and a row per scene. Computed at once for every scene: a script of 200 costs this.
 */
export function summaryOf(
  script: string,
  plans: readonly ScenePlan[],
  ticked: ReadonlySet<ScenePlan>,
): { title: string; action: SummaryItem; scenes: SummaryItem[] } {
  const catalog = modelCatalog();
  const sceneItem = (p: ScenePlan): SummaryItem => {
    const r = p.plan?.request;
    const model = r && (catalog.find(r.model)?.label ?? r.model);
    const icon = !r ? '$(error)' : ticked.has(p) ? '$(pass-filled)' : '$(circle-large-outline)';
    return {
      label: `${icon} ${escapeIcons(p.state.scene.heading)}`,
      description: escapeIcons(
        r
          ? `${model} · ${t('{0} s', r.seconds)} · ${r.size} · ${r.resolution} · ${p.plan?.cost.usd === undefined ? t('price unknown') : formatUsd(p.plan.cost.usd)}${r.images.map((img, k) => ` · [Image ${k + 1}] ${displayPath(img.path)}`).join('')}`
          : t('cannot be sent: {0}', p.problem ?? ''),
      ),
      detail: escapeIcons(p.state.scene.prompt.replace(/\s+/g, ' ')),
      plan: p,
    };
  };
  const picked = plans.filter((p) => ticked.has(p));
  const priced = picked.map((p) => p.plan?.cost.usd).filter((u): u is number => u !== undefined);
  const total = priced.reduce((a, b) => a + b, 0);
  const unpriced = picked.length - priced.length;
  const cost = unpriced
    ? t('≈ {0} + {1} without a known price', formatUsd(total), unpriced)
    : t('≈ {0} in total (estimate)', formatUsd(total));
  const left = plans.filter((p) => p.plan && !ticked.has(p)).map((p) => p.state.scene.heading);
  const title = t(
    'Seedance: Generate All Scenes of {0} · {1} of {2} scenes · {3}',
    escapeIcons(script),
    picked.length,
    plans.length,
    cost,
  );
  // More than the account renders at once: the rest wait their turn here, and this
  // confirmation (its total) covers them.
  const atOnce = maxConcurrentJobs();
  const waits =
    picked.length > atOnce
      ? t(
          'At most {0} render at once (seedance.maxConcurrentJobs): the other {1} wait their turn, covered by this total and free to cancel.',
          atOnce,
          picked.length - atOnce,
        )
      : undefined;
  const action: SummaryItem = {
    label: `$(play) ${picked.length === 1 ? t('Generate 1 scene') : t('Generate {0} scenes', picked.length)}`,
    description: cost,
    detail: [
      left.length ? escapeIcons(t('Left out: {0}', left.join(', '))) : t('Each is sent once; each is a paid job'),
      waits,
    ]
      .filter(Boolean)
      .join(' · '),
    alwaysShow: true,
  };
  return { title, action, scenes: plans.map(sceneItem) };
}

/**
 * The one summary. Its first row is the action, **Generate N scenes** with the total (Enter
 * accepts it: it is the active row); below, every scene with its model, duration and cost, ticked.
 * Enter on a scene ticks or unticks it; the action then names the scenes left out. The total is
 * also in the title, which is never cut to a placeholder's width.
 */
export async function pickScenes(script: string, plans: ScenePlan[]): Promise<ScenePlan[]> {
  const ticked = new Set(plans.filter((p) => p.plan));
  const draw = (qp: vscode.QuickPick<SummaryItem>, active?: ScenePlan) => {
    const { title, action, scenes } = summaryOf(script, plans, ticked);
    qp.title = title;
    qp.items = [action, { label: t('Scenes'), kind: vscode.QuickPickItemKind.Separator }, ...scenes];
    qp.activeItems = [active ? scenes[plans.indexOf(active)] : action];
  };
  return showPick<SummaryItem, ScenePlan[]>(
    (qp) => {
      qp.matchOnDetail = true;
      qp.keepScrollPosition = true;
      qp.placeholder = t('Enter on a scene leaves it out or puts it back');
      draw(qp);
    },
    {
      accept: (qp) => {
        const [chosen] = qp.activeItems;
        if (!chosen) return undefined;
        if (!chosen.plan) {
          const picked = plans.filter((p) => ticked.has(p));
          return picked.length ? picked : undefined;
        }
        // A scene: ticked or unticked (one that cannot be sent stays out), the focus kept on it.
        if (chosen.plan.plan) {
          if (ticked.has(chosen.plan)) ticked.delete(chosen.plan);
          else ticked.add(chosen.plan);
        }
        draw(qp, chosen.plan);
        return undefined;
      },
    },
  );
}
