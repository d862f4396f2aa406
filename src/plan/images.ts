// Where the reference images of an intent may come from (who chose them), checked before any
// file is read. How many, and what each file is (a real JPEG, PNG or WebP within the provider's
// limits), are the request's rules (api/validation.ts readImages): each rule lives in one place.
import { restrictedModeError } from '../api';
import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { confinedPath } from '../api/confine';
import { t } from '../api/i18n';
import type { ImageSource, PlanContext } from './plan';

/** The images' real paths (links resolved), in order; a ValidationError names the first problem. */
export async function placeImages(
  paths: readonly string[],
  from: ImageSource,
  ctx: Pick<PlanContext, 'roots' | 'trusted' | 'rootsAre'>,
): Promise<string[]> {
  if (paths.length && from === 'named' && !ctx.trusted) throw restrictedModeError(t('Images named in text'));
  const placed: string[] = [];
  for (const given of paths) {
    // A dialog's pick is the person's own; anything else must lie inside the roots once links are
    // resolved. A relative path is read from the roots (never from the process's working folder).
    placed.push(
      from === 'dialog'
        ? given
        : await confinedPath(await underRoots(given, ctx.roots), ctx.roots, 'images', ctx.rootsAre),
    );
  }
  return placed;
}

/** `path` itself when absolute; else under the first root that has it (the first root when none does). */
async function underRoots(path: string, roots: readonly string[]): Promise<string> {
  if (isAbsolute(path) || !roots.length) return path;
  for (const root of roots) {
    const candidate = resolve(root, path);
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return resolve(roots[0], path);
}
