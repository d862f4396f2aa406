// Checks a generation request against the model catalog before anything is sent. Every message
// names the field, the value received and what is allowed, so a person can fix it at once.
import { basename } from 'node:path';
import * as z from 'zod/mini';
import { ValidationError } from './errors';
import { t } from './i18n';
import { type FileIdentity, inspectImageFile, type ImageMime } from './imageType';
import { imageLimitProblem } from './imageLimits';
import { promptTooLong } from './promptLength';
import {
  BUILT_IN_CATALOG,
  DEFAULT_RESOLUTION,
  DEFAULT_SECONDS,
  DEFAULT_SIZE,
  MAX_IMAGES,
  type ModelCatalog,
  type Resolution,
  SIZES,
  exactSize,
  isResolution,
} from './models';

/** What a caller may pass: loose, as it comes from a quick pick, a keybinding or a task. */
export interface VideoRequestInput {
  prompt?: unknown;
  model?: unknown;
  seconds?: unknown;
  size?: unknown;
  resolution?: unknown;
  /** Path of a JPEG, PNG or WebP file on disk (image-to-video, 2.0 models only). */
  image?: unknown;
  /** Paths of several reference images, sent in this order (`[Image 1]`, `[Image 2]`…). */
  images?: unknown;
}

export interface ReferenceImage {
  readonly path: string;
  readonly name: string;
  readonly mime: ImageMime;
  readonly size: number;
  /** The file that was checked: the upload refuses any other (client.ts). */
  readonly identity: FileIdentity;
}

/** A request that passed every check; the client only accepts this. */
export interface VideoRequest {
  readonly prompt: string;
  readonly model: string;
  readonly seconds: number;
  /** An aspect ratio, or an exact `WxH` from the provider's table (which pins the resolution). */
  readonly size: string;
  readonly resolution: Resolution;
  /** Reference images in the order they are sent; empty for text-to-video. */
  readonly images: readonly ReferenceImage[];
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const list = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : t('{0} or {1}', items.slice(0, -1).join(', '), items.at(-1) ?? '');

const optionalText = (field: string) =>
  z.optional(z.string({ error: (iss) => t('{0} must be text (got {1})', field, show(iss.input)) }));

const prompt = z
  .pipe(
    z.string({
      error: (iss) => t('prompt is required (got {0})', iss.input === undefined ? t('none') : show(iss.input)),
    }),
    z.transform((s: string) => s.trim()),
  )
  .check(z.refine((s) => s.length > 0, { error: () => t('prompt must contain some text (got an empty prompt)') }))
  // The provider's documented limit, checked before anything is paid for (promptLength.ts).
  .check(z.refine((s) => promptTooLong(s) === undefined, { error: (iss) => promptTooLong(String(iss.input)) }));

const seconds = z.optional(
  z.union([z.number(), z.pipe(z.string().check(z.regex(/^\s*-?\d+(\.\d+)?\s*$/)), z.transform(Number))], {
    error: (iss) => t('seconds must be a whole number (got {0})', show(iss.input)),
  }),
);

const imagePaths = z.optional(
  z.array(z.string({ error: (iss) => t('images must be a list of file paths (got {0})', show(iss.input)) }), {
    error: (iss) => t('images must be a list of file paths (got {0})', show(iss.input)),
  }),
);

function shapeFor(catalog: ModelCatalog) {
  return z
    .object({
      prompt,
      model: z.string({ error: (iss) => `model is required: one of ${list(catalog.ids)} (got ${show(iss.input)})` }),
      seconds,
      size: optionalText('size'),
      resolution: optionalText('resolution'),
      image: optionalText('image'),
      images: imagePaths,
    })
    .check(
      z.superRefine((req, ctx) => {
        const issue = (field: string, message: string) =>
          ctx.addIssue({ code: 'custom', path: [field], message, input: req });
        const model = catalog.find(req.model);
        if (!model) {
          issue('model', t('model must be one of {0} (got {1})', list(catalog.ids), show(req.model)));
          return;
        }
        const { min, max } = model.seconds;
        if (req.seconds !== undefined) {
          if (!Number.isInteger(req.seconds)) {
            issue('seconds', t('seconds must be a whole number between {0} and {1} (got {2})', min, max, req.seconds));
          } else if (req.seconds < min || req.seconds > max) {
            issue(
              'seconds',
              t('seconds must be between {0} and {1} for {2} (got {3})', min, max, model.id, req.seconds),
            );
          }
        }
        const exact = req.size === undefined ? undefined : exactSize(req.size);
        if (req.size !== undefined && !exact && !(SIZES as readonly string[]).includes(req.size)) {
          issue(
            'size',
            t('size must be one of {0}, or an exact size such as 1280x720 (got {1})', list(SIZES), show(req.size)),
          );
        } else if (exact && !model.resolutions.includes(exact.resolution)) {
          issue(
            'size',
            t(
              'size {0} is a {1} size, and {2} renders {3}',
              req.size ?? '',
              exact.resolution,
              model.id,
              list(model.resolutions),
            ),
          );
        } else if (exact && req.resolution !== undefined && req.resolution !== exact.resolution) {
          issue(
            'resolution',
            t(
              'resolution {0} contradicts size {1}, which is {2}',
              show(req.resolution),
              req.size ?? '',
              exact.resolution,
            ),
          );
        }
        if (req.resolution !== undefined && !(model.resolutions as readonly string[]).includes(req.resolution)) {
          issue(
            'resolution',
            t('resolution must be {0} for {1} (got {2})', list(model.resolutions), model.id, show(req.resolution)),
          );
        }
        const count = (req.image ? 1 : 0) + (req.images?.length ?? 0);
        if (count > 0 && !model.acceptsImage) {
          issue(
            req.images?.length ? 'images' : 'image',
            t(
              'image is only accepted by {0} (got an image for {1})',
              list(catalog.imageModels().map((m) => m.id)),
              model.id,
            ),
          );
        }
      }),
    );
}

/**
 * Validates and normalises a request (defaults filled, prompt trimmed, images sniffed) against
 * `catalog` (the built-in models unless settings added some). Throws ValidationError; reads at
 * most a few bytes of each image. Where an image may come from is the Plan's to decide
 * (plan/images.ts confines them, once): the paths given here are used as they are.
 */
export async function validateRequest(
  input: VideoRequestInput,
  catalog: ModelCatalog = BUILT_IN_CATALOG,
): Promise<VideoRequest> {
  const parsed = shapeFor(catalog).safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'request'), message: i.message })),
    );
  }
  const req = parsed.data;
  const paths = [...(req.image ? [req.image] : []), ...(req.images ?? [])];
  const images = await readImages(paths, Boolean(req.image));
  const exact = req.size === undefined ? undefined : exactSize(req.size);
  return {
    prompt: req.prompt,
    model: req.model,
    seconds: req.seconds ?? DEFAULT_SECONDS,
    size: exact ? req.size!.trim().toLowerCase() : (req.size ?? DEFAULT_SIZE),
    resolution: exact?.resolution ?? (isResolution(req.resolution) ? req.resolution : DEFAULT_RESOLUTION),
    images,
  };
}

/**
 * Each image read and checked by its bytes (a real JPEG, PNG or WebP within the provider's size
 * and pixel limits), in order; a ValidationError names the first problem and its `[Image N]`.
 * The editor calls it before asking anything, so no question is answered for an image that
 * would be refused; validateRequest calls it at send time (the file may have changed since).
 */
export async function readImages(paths: readonly string[], firstIsImage = false): Promise<ReferenceImage[]> {
  // Counted before any is read.
  if (paths.length > MAX_IMAGES)
    throw new ValidationError([
      { field: 'images', message: t('at most {0} reference images can be sent (got {1})', MAX_IMAGES, paths.length) },
    ]);
  const images: ReferenceImage[] = [];
  for (const [i, path] of paths.entries()) {
    // A problem is named under the field the caller used.
    const field = firstIsImage && i === 0 ? 'image' : 'images';
    images.push(await checkImage(path, field, paths.length > 1 ? i + 1 : undefined));
  }
  return images;
}

async function checkImage(path: string, field: string, position?: number): Promise<ReferenceImage> {
  const name = basename(path);
  const fail = (message: string): never => {
    throw new ValidationError([{ field, message: position ? `[Image ${position}]: ${message}` : message }]);
  };
  let info;
  try {
    info = await inspectImageFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? t('it does not exist')
        : code === 'EACCES' || code === 'EPERM'
          ? t('permission denied')
          : code === 'EISDIR'
            ? t('it is a folder')
            : (code ?? String(err));
    return fail(t('image "{0}" cannot be read: {1} ({2})', name, why, path));
  }
  if (info.size === 0) return fail(t('image "{0}" is empty (0 bytes)', name));
  if (!info.mime) {
    return fail(
      t('image "{0}" is not a JPEG, PNG or WebP image: its contents are not an image, whatever its name says', name),
    );
  }
  const limit = imageLimitProblem(name, info);
  if (limit) return fail(limit);
  return { path, name, mime: info.mime, size: info.size, identity: info.identity };
}
