// The reference images of an intent, checked before anything is asked or sent: how many, where
// they may come from (who chose them), and that each is a real JPEG, PNG or WebP by its bytes.
import { MAX_IMAGES, ValidationError, inspectImageFile, restrictedModeError } from '../api';
import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { confinedPath } from '../api/confine';
import { t } from '../api/i18n';
import type { ImageSource, PlanContext } from './plan';

/** The images' real paths (links resolved), in order; a ValidationError names the first problem. */
export async function checkImages(
  paths: readonly string[],
  from: ImageSource,
  ctx: Pick<PlanContext, 'roots' | 'trusted' | 'rootsAre'>,
): Promise<string[]> {
  const fail = (message: string): never => {
    throw new ValidationError([{ field: 'images', message }]);
  };
  if (paths.length && from === 'named' && !ctx.trusted) throw restrictedModeError(t('Images named in text'));
  if (paths.length > MAX_IMAGES)
    fail(
      t(
        'At most {0} images can go into one video ({1} are selected). Select fewer and try again.',
        MAX_IMAGES,
        paths.length,
      ),
    );
  const checked: string[] = [];
  for (const given of paths) {
    const name = given.split(/[\\/]/).pop() ?? '';
    // A dialog's pick is the person's own; anything else must lie inside the roots once links are
    // resolved. A relative path is read from the roots (never from the process's working folder).
    const path =
      from === 'dialog'
        ? given
        : await confinedPath(await underRoots(given, ctx.roots), ctx.roots, 'images', ctx.rootsAre);
    checked.push(path);
    const info = await inspectImageFile(path).catch(() => undefined);
    if (!info?.mime)
      fail(
        info
          ? t(
              '"{0}" is not a JPEG, PNG or WebP image (its contents say otherwise, whatever its name). Seedance can only animate real images.',
              name,
            )
          : t(
              '"{0}" is not a JPEG, PNG or WebP image (it cannot be read). Seedance can only animate real images.',
              name,
            ),
      );
  }
  return checked;
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
