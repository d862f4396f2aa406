// One way to plan a paid job. Every intent (the palette's steps, a scene, Generate All, Generate
// Again, a keybinding's options, the Copilot tool, the MCP server) becomes a Plan here and only
// here: the request validated, its images resolved and confined (the trust rules), the estimate,
// the folder its video goes to, and what it was made for. Callers collect input and show the Plan;
// submit.ts sends it. Plain Node: no `vscode`, so the MCP server plans the same way.
import { type ModelCatalog, type VideoRequest, validateRequest } from '../api';
import type { JobOrigin, NewJob } from '../jobs/job';
import { type CostEstimate, estimateCost } from '../pricing/estimate';
import type { RootsName } from '../api/confine';
import { placeImages } from './images';

/** Who chose the images: it decides where they may come from. */
export type ImageSource =
  /** Picked by the person in a file dialog: any file on this machine. */
  | 'dialog'
  /** Clicked in the explorer, or a job of the person's own made again: inside the roots (links resolved). */
  | 'workspace'
  /** Named in text someone else may have written (a script, a command's options, an agent's call): inside the roots, and never in Restricted Mode. */
  | 'named';

/** Where an intent came from (the log names it; a Plan keeps it). */
export type IntentKind = 'prompt' | 'image' | 'scene' | 'again' | 'options' | 'agent' | 'mcp';

/** What someone asked for, as they gave it: nothing here is trusted yet. */
export interface Intent {
  readonly kind: IntentKind;
  readonly prompt: unknown;
  readonly model?: unknown;
  readonly seconds?: unknown;
  readonly size?: unknown;
  readonly resolution?: unknown;
  /** Paths on disk, in the order they are sent. */
  readonly images?: readonly string[];
  readonly imagesFrom?: ImageSource;
  readonly origin?: JobOrigin;
  /** The document (a URI) it came from, when its folder should hold the video (a script). */
  readonly near?: string;
}

/** A request ready to confirm and send: exactly what will be sent, what it costs, where it goes. */
export interface Plan extends NewJob {
  readonly kind: IntentKind;
  readonly request: VideoRequest;
  readonly cost: CostEstimate;
}

export interface PlanContext {
  readonly catalog: ModelCatalog;
  /** The folders images not picked in a dialog must lie in, once links are resolved. */
  readonly roots: readonly string[];
  /** False in Restricted Mode. */
  readonly trusted: boolean;
  /** The person's default model (`seedance.defaults.model`), for an intent that names none. */
  readonly defaultModel?: string;
  /** What the person calls the roots: the workspace's folders, or the MCP server's root folder. */
  readonly rootsAre?: RootsName;
  /** The folder (a URI) a video belongs in, from the real path of its first image or the document it came from. */
  readonly folderFor: (image: string | undefined, near: string | undefined) => string | undefined;
}

/** The Plan for `intent`, or a ValidationError naming every problem. Sends nothing; reads a few bytes of each image. */
export async function planJob(intent: Intent, ctx: PlanContext): Promise<Plan> {
  const from = intent.imagesFrom ?? 'named';
  const images = await placeImages(intent.images ?? [], from, ctx);
  const request = await validateRequest(
    {
      prompt: intent.prompt,
      // Decided here for every door: an intent that names no model gets the person's default, else 2.0 fast.
      model: intent.model ?? ctx.catalog.defaultModel(ctx.defaultModel, images.length > 0),
      seconds: intent.seconds,
      size: intent.size,
      resolution: intent.resolution,
      images,
    },
    ctx.catalog,
  );
  const folder = ctx.folderFor(request.images[0]?.path, intent.near);
  return {
    kind: intent.kind,
    request,
    cost: estimateCost(ctx.catalog.find(request.model), request.resolution, request.seconds),
    ...(folder && { folder }),
    ...(intent.origin && { origin: intent.origin }),
  };
}
