// The Seedance model catalog: the one place that knows what each model accepts. Four models are
// built in (../shared/api-contract.md); people add newer ones in settings (`seedance.models`)
// without waiting for a release. Validation, the quick-pick flow and the README read from here.
import * as z from 'zod/mini';
import { later, t } from './i18n';

export const SIZES = ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'] as const;
export type Size = (typeof SIZES)[number];

export const RESOLUTIONS = ['480p', '720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** The model of a request that names none and of a person who chose none (ModelCatalog.defaultModel). */
export const DEFAULT_MODEL = 'doubao-seedance-2-0-fast';
export const DEFAULT_SECONDS = 5;
export const DEFAULT_SIZE: Size = '16:9';
export const DEFAULT_RESOLUTION: Resolution = '720p';
/** Reference images one request may carry (the provider's multi-image limit). */
export const MAX_IMAGES = 9;

/**
 * Exact `WxH` sizes per resolution and ratio. The current revision of the create page accepts an
 * exact size instead of a ratio ("exact sizes pin the output resolution"). This table is our
 * reading of the sizes ByteDance publishes for Seedance; the live service has the last word
 * (`npm run smoke:live` reports the size a real job came back with).
 */
export const PIXEL_SIZES: Readonly<Record<Resolution, Readonly<Record<Size, string>>>> = {
  '480p': {
    '21:9': '992x432',
    '16:9': '864x496',
    '4:3': '752x560',
    '1:1': '640x640',
    '3:4': '560x752',
    '9:16': '496x864',
  },
  '720p': {
    '21:9': '1470x630',
    '16:9': '1280x720',
    '4:3': '1112x834',
    '1:1': '960x960',
    '3:4': '834x1112',
    '9:16': '720x1280',
  },
  '1080p': {
    '21:9': '2206x946',
    '16:9': '1920x1080',
    '4:3': '1664x1248',
    '1:1': '1440x1440',
    '3:4': '1248x1664',
    '9:16': '1080x1920',
  },
};

/** The ratio and resolution an exact `WxH` stands for, or undefined when the table lacks it. */
export function exactSize(size: string): { size: Size; resolution: Resolution } | undefined {
  const wanted = size.trim().toLowerCase();
  for (const resolution of RESOLUTIONS) {
    for (const ratio of SIZES) if (PIXEL_SIZES[resolution][ratio] === wanted) return { size: ratio, resolution };
  }
  return undefined;
}

/** A size as a person may answer it: a ratio, or an exact `WxH` from the table. */
export type SizeAnswer = Size | `${number}x${number}`;

export function isResolution(value: unknown): value is Resolution {
  return typeof value === 'string' && (RESOLUTIONS as readonly string[]).includes(value);
}

export function isSizeAnswer(value: unknown): value is SizeAnswer {
  return typeof value === 'string' && ((SIZES as readonly string[]).includes(value) || exactSize(value) !== undefined);
}

export interface ModelInfo {
  readonly id: string;
  /** Short human name, e.g. "Seedance 2.0 Fast". */
  readonly label: string;
  /** The provider's tier label: "2.0", "1.5 Pro", "1.0 Pro"; "custom" for a model from settings. */
  readonly tier: string;
  /** What the model is for, in a few words (quick pick detail, README). */
  readonly purpose: string;
  readonly seconds: { readonly min: number; readonly max: number };
  readonly resolutions: readonly Resolution[];
  /** Whether `input_reference` (image-to-video, one or more images) is accepted. */
  readonly acceptsImage: boolean;
  /** US dollars per second of video, per resolution where known; absent means unknown. */
  readonly pricePerSecond?: Partial<Readonly<Record<Resolution, number>>>;
  /** Where the price comes from: the provider's page (built in) or the person's settings. */
  readonly priceSource?: 'provider' | 'settings';
  /** False for a model added in settings. */
  readonly builtIn: boolean;
}

export const BUILT_IN_MODELS: readonly ModelInfo[] = [
  {
    id: 'doubao-seedance-2-0',
    label: 'Seedance 2.0',
    tier: '2.0',
    purpose: later('Highest quality of the 2.0 family; text or image to video'),
    seconds: { min: 4, max: 15 },
    resolutions: ['480p', '720p'],
    acceptsImage: true,
    builtIn: true,
  },
  {
    id: 'doubao-seedance-2-0-fast',
    label: 'Seedance 2.0 Fast',
    tier: '2.0',
    purpose: later('Faster 2.0 for iteration and previews; text or image to video'),
    seconds: { min: 4, max: 15 },
    resolutions: ['480p', '720p'],
    acceptsImage: true,
    builtIn: true,
  },
  {
    id: 'doubao-seedance-1-5-pro',
    label: 'Seedance 1.5 Pro',
    tier: '1.5 Pro',
    purpose: later('Up to 1080p; text to video only'),
    seconds: { min: 4, max: 12 },
    resolutions: ['480p', '720p', '1080p'],
    acceptsImage: false,
    builtIn: true,
  },
  {
    id: 'doubao-seedance-1-0-pro',
    label: 'Seedance 1.0 Pro',
    tier: '1.0 Pro',
    purpose: later('Up to 1080p, clips from 2 s; text to video only'),
    seconds: { min: 2, max: 10 },
    resolutions: ['480p', '720p', '1080p'],
    acceptsImage: false,
    builtIn: true,
  },
];

/** The built-in models plus those a person added; a setting can also refine a built-in one. */
export class ModelCatalog {
  readonly all: readonly ModelInfo[];

  constructor(added: readonly ModelInfo[] = []) {
    const byId = new Map(BUILT_IN_MODELS.map((m) => [m.id, m]));
    for (const m of added) byId.set(m.id, m);
    this.all = [...byId.values()];
  }

  get ids(): string[] {
    return this.all.map((m) => m.id);
  }

  find(id: string): ModelInfo | undefined {
    return this.all.find((m) => m.id === id);
  }

  imageModels(): ModelInfo[] {
    return this.all.filter((m) => m.acceptsImage);
  }

  /**
   * The model of a request that names none, the same from every door: the person's own default
   * (`preferred`, when the catalog has it), else 2.0 fast (it takes images, and iterates for less),
   * else the first model that fits.
   */
  defaultModel(preferred?: string, withImages = false): string {
    if (preferred && this.find(preferred)) return preferred;
    if (this.find(DEFAULT_MODEL)) return DEFAULT_MODEL;
    return ((withImages && this.imageModels()[0]) || this.all[0]).id;
  }
}

export const BUILT_IN_CATALOG = new ModelCatalog();

/** The longest clip a model from settings may claim (the provider's longest today is 30 s). */
export const MAX_MODEL_SECONDS = 600;

const resolution = z.enum(RESOLUTIONS);
const price = z.number().check(z.nonnegative());
const customModel = z.strictObject({
  id: z
    .string()
    .check(
      z.trim(),
      z.regex(/^[A-Za-z0-9._:/-]{1,100}$/, { error: () => t('id must be a model id such as seedance-2-5') }),
    ),
  label: z.optional(z.string().check(z.trim(), z.minLength(1))),
  // Bounded: every second in the range becomes a choice in the quick pick.
  minSeconds: z.int().check(z.positive(), z.lte(MAX_MODEL_SECONDS)),
  maxSeconds: z.int().check(z.positive(), z.lte(MAX_MODEL_SECONDS)),
  resolutions: z.array(resolution).check(z.minLength(1)),
  acceptsImage: z.optional(z.boolean()),
  /** One price for every resolution, or one per resolution. */
  pricePerSecond: z.optional(z.union([price, z.partialRecord(resolution, price)])),
});
export type CustomModelSetting = z.infer<typeof customModel>;

/**
 * Reads the `seedance.models` setting. Entries that do not parse are skipped, each with a
 * problem naming it and the field, so one typo never hides the rest.
 */
export function parseCustomModels(raw: unknown): { models: ModelInfo[]; problems: string[] } {
  const models: ModelInfo[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { models, problems };
  if (!Array.isArray(raw)) return { models, problems: [t('seedance.models must be a list of models')] };
  raw.forEach((entry: unknown, i) => {
    const id = (entry as { id?: unknown } | null)?.id;
    const name = typeof id === 'string' ? `"${id}"` : `#${i + 1}`;
    const parsed = customModel.safeParse(entry);
    if (!parsed.success) {
      const why = parsed.error.issues.map((iss) => `${iss.path.join('.') || 'entry'}: ${iss.message}`).join('; ');
      problems.push(t('seedance.models entry {0} was skipped: {1}', name, why));
      return;
    }
    const m = parsed.data;
    if (m.minSeconds > m.maxSeconds) {
      problems.push(
        t(
          'seedance.models entry {0} was skipped: {1}',
          name,
          t('minSeconds ({0}) is above maxSeconds ({1})', m.minSeconds, m.maxSeconds),
        ),
      );
      return;
    }
    const perResolution =
      m.pricePerSecond === undefined
        ? undefined
        : typeof m.pricePerSecond === 'number'
          ? Object.fromEntries(m.resolutions.map((r) => [r, m.pricePerSecond]))
          : m.pricePerSecond;
    models.push({
      id: m.id,
      label: m.label ?? m.id,
      tier: 'custom',
      purpose: m.acceptsImage
        ? later('Added in settings; text or image to video')
        : later('Added in settings; text to video'),
      seconds: { min: m.minSeconds, max: m.maxSeconds },
      resolutions: RESOLUTIONS.filter((r) => m.resolutions.includes(r)),
      acceptsImage: m.acceptsImage ?? false,
      ...(perResolution && {
        pricePerSecond: perResolution,
        priceSource: 'settings' as const,
      }),
      builtIn: false,
    });
  });
  return { models, problems };
}

/** The Markdown table of the built-in models used in the README (a unit test keeps it in step). */
export function modelsMarkdownTable(): string {
  const rows = BUILT_IN_MODELS.map(
    (m) =>
      `| \`${m.id}\` | ${m.tier} | ${m.seconds.min}–${m.seconds.max} s | ${m.resolutions.join(', ')} | ${
        m.acceptsImage ? 'yes' : 'no'
      } | ${m.purpose} |`,
  );
  return [
    '| model | tier | duration | resolutions | image-to-video | for |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
