// The Seedance model catalog: the one place that knows what each model accepts.
// Validation, the quick-pick flow, the simulator and the README table all read from here.
// Source: ../shared/api-contract.md.

export const SIZES = ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'] as const;
export type Size = (typeof SIZES)[number];

export const RESOLUTIONS = ['480p', '720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const DEFAULT_SECONDS = 5;
export const DEFAULT_SIZE: Size = '16:9';
export const DEFAULT_RESOLUTION: Resolution = '720p';

export interface ModelInfo {
  readonly id: string;
  /** Short human name, e.g. "Seedance 2.0 Fast". */
  readonly label: string;
  /** The provider's tier label: "2.0", "1.5 Pro", "1.0 Pro". */
  readonly tier: string;
  /** What the model is for, in a few words (quick pick detail, README). */
  readonly purpose: string;
  readonly seconds: { readonly min: number; readonly max: number };
  readonly resolutions: readonly Resolution[];
  /** Whether `input_reference` (image-to-video) is accepted. */
  readonly acceptsImage: boolean;
}

export const MODELS: readonly ModelInfo[] = [
  {
    id: 'doubao-seedance-2-0',
    label: 'Seedance 2.0',
    tier: '2.0',
    purpose: 'Highest quality of the 2.0 family; text or image to video',
    seconds: { min: 4, max: 15 },
    resolutions: ['480p', '720p'],
    acceptsImage: true,
  },
  {
    id: 'doubao-seedance-2-0-fast',
    label: 'Seedance 2.0 Fast',
    tier: '2.0',
    purpose: 'Faster 2.0 for iteration and previews; text or image to video',
    seconds: { min: 4, max: 15 },
    resolutions: ['480p', '720p'],
    acceptsImage: true,
  },
  {
    id: 'doubao-seedance-1-5-pro',
    label: 'Seedance 1.5 Pro',
    tier: '1.5 Pro',
    purpose: 'Up to 1080p; text to video only',
    seconds: { min: 4, max: 12 },
    resolutions: ['480p', '720p', '1080p'],
    acceptsImage: false,
  },
  {
    id: 'doubao-seedance-1-0-pro',
    label: 'Seedance 1.0 Pro',
    tier: '1.0 Pro',
    purpose: 'Up to 1080p, clips from 2 s; text to video only',
    seconds: { min: 2, max: 10 },
    resolutions: ['480p', '720p', '1080p'],
    acceptsImage: false,
  },
];

export const MODEL_IDS = MODELS.map((m) => m.id);

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

export function imageModels(): ModelInfo[] {
  return MODELS.filter((m) => m.acceptsImage);
}

/** The Markdown table of models used in the README (a unit test keeps the README in step). */
export function modelsMarkdownTable(): string {
  const rows = MODELS.map(
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
