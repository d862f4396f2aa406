// What `seedance.generateVideo` and `seedance.generateVideoFromImage` accept as their options
// object (a keybinding's or a task's `args`), parsed, never trusted: known keys only, each value
// checked against the model catalog. VS Code also hands commands things that are not options at
// all (the focused row of a view for a title-bar button, a URI, a list): those are never taken
// for options, so they can never start a job on their own.
import type * as z from 'zod/mini';
import { ValidationError } from '../api/errors';
import type { ModelCatalog } from '../api/models';
import { t } from '../api/i18n';
import { issueField, optionsShape } from '../plan/requestShape';

export type GenerateOptions = z.infer<typeof optionsShape>;

export type CommandArgument =
  /** Nothing usable as options (the palette, a title-bar button, a URI, a row): ask everything. */
  { readonly kind: 'none' } | { readonly kind: 'options'; readonly options: GenerateOptions };

/**
 * Reads a command argument. Only a plain object that is not one of the extension's own rows can
 * be options; it must then be valid options. Throws ValidationError naming the field otherwise.
 */
export function parseCommandArgument(arg: unknown, catalog: ModelCatalog): CommandArgument {
  if (!isPlainObject(arg) || isJobRow(arg)) return { kind: 'none' };
  const parsed = optionsShape.safeParse(arg);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      field: issueField(i, 'options'),
      message: i.message,
    }));
    throw new ValidationError(issues.map((i) => ({ ...i, message: t('Generate Video options: {0}', i.message) })));
  }
  const options = parsed.data;
  if (options.model !== undefined && !catalog.find(options.model)) {
    throw new ValidationError([
      {
        field: 'model',
        message: t(
          'Generate Video options: {0}',
          t('model must be one of {0} (got {1})', catalog.ids.join(', '), `"${options.model}"`),
        ),
      },
    ]);
  }
  return { kind: 'options', options };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A row of the Videos view (VS Code passes the focused one to a view's title-bar buttons): a
 * job's row or a script's (views/jobTree.ts), or a job itself.
 */
function isJobRow(v: Record<string, unknown>): boolean {
  if (v.kind === 'job' && typeof v.id === 'string') return true;
  if (v.kind === 'script' && typeof v.file === 'string') return true;
  return typeof v.id === 'string' && typeof v.phase === 'string' && typeof v.task === 'object';
}
