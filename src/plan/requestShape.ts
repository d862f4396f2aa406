// The fields of a video request as callers give them, in one zod schema: the options object of
// `seedance.generateVideo` (a keybinding's, a task's) and the MCP server's tool inputs are both
// made from it, so a field added here appears in both (test: unit/requestShape.test.ts). Values
// are checked here only for their type; validation.ts checks them against the model catalog.
// Plain Node: no `vscode`.
import * as z from 'zod/mini';
import { t } from '../api/i18n';
import { BUILT_IN_CATALOG, type ModelCatalog, PIXEL_SIZES, RESOLUTIONS, SIZES } from '../api/models';

export const OPTION_KEYS = [
  'prompt',
  'model',
  'seconds',
  'size',
  'resolution',
  'image',
  'images',
  'editPrompt',
] as const;

const text = (field: string, description: string) =>
  z.optional(
    z
      .string({ error: (iss) => t('{0} must be text (got {1})', field, JSON.stringify(iss.input)) })
      .check(z.describe(description)),
  );

/** The request's own fields: what is sent, before validation. */
const requestFields = {
  prompt: text('prompt', 'What the video shows: subject, action, setting, camera movement, light.'),
  model: text('model', 'A model id (list_models); doubao-seedance-2-0-fast when left out.'),
  seconds: z.optional(
    z
      .union([z.number(), z.string()], {
        error: (iss) => t('seconds must be a whole number (got {0})', JSON.stringify(iss.input)),
      })
      .check(z.describe('Length in seconds, within the model’s range (list_models).')),
  ),
  size: text('size', 'Aspect ratio (21:9, 16:9, 4:3, 1:1, 3:4, 9:16) or an exact pixel size such as 1280x720.'),
  resolution: text('resolution', '480p, 720p or 1080p, as the model supports (list_models).'),
  images: z.optional(
    z
      .array(
        z.string({ error: (iss) => t('images must be a list of file paths (got {0})', JSON.stringify(iss.input)) }),
        {
          error: (iss) => t('images must be a list of file paths (got {0})', JSON.stringify(iss.input)),
        },
      )
      .check(
        z.describe(
          'Reference images (JPEG, PNG, WebP), as paths of files inside the root folder, in the order the prompt names them: [Image 1], [Image 2]…',
        ),
      ),
  ),
};

/** What `seedance.generateVideo` accepts as its options object: the request, plus the editor's own. */
export const optionsShape = z.strictObject(
  {
    ...requestFields,
    image: text('image', 'One reference image (a file path).'),
    /** Open the prompt box pre-filled with `prompt` (Edit and Retry). Never skips a question. */
    editPrompt: z.optional(z.boolean()),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? t('unknown option {0}: the options are {1}', iss.keys.map((k) => `"${k}"`).join(', '), OPTION_KEYS.join(', '))
        : undefined,
  },
);

/** The field a parse problem is about: its key, the unknown key itself, or `fallback`. */
export function issueField(issue: z.core.$ZodIssue, fallback: string): string {
  return String(issue.path[0] ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : fallback));
}

/** A request as an agent gives it (the MCP tools): the options without what only the editor has. */
export const agentRequestShape = z.omit(optionsShape, { image: true, editPrompt: true });

/**
 * The JSON Schema of `agentRequestShape` (MCP tool inputs): made from it, never written apart, with
 * the values the catalog allows spelt out (the zod shape checks types only; validation.ts checks
 * values against the chosen model): every model id, size and resolution, and the widest range of
 * seconds any model takes.
 */
export function agentRequestJsonSchema(catalog: ModelCatalog = BUILT_IN_CATALOG): Record<string, unknown> {
  const schema = z.toJSONSchema(agentRequestShape) as Record<string, unknown>;
  delete schema.$schema;
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const exact = new Set(Object.values(PIXEL_SIZES).flatMap((sizes) => Object.values(sizes)));
  properties.model = { ...properties.model, enum: catalog.ids };
  properties.size = { ...properties.size, enum: [...SIZES, ...exact] };
  properties.resolution = {
    ...properties.resolution,
    enum: RESOLUTIONS.filter((r) => catalog.all.some((m) => m.resolutions.includes(r))),
  };
  properties.seconds = {
    type: 'integer',
    minimum: Math.min(...catalog.all.map((m) => m.seconds.min)),
    maximum: Math.max(...catalog.all.map((m) => m.seconds.max)),
    description: properties.seconds.description,
  };
  return { ...schema, required: ['prompt'] };
}
