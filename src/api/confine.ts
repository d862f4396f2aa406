// Files the extension reads to upload, or writes, stay inside the folders it was given: every
// path is resolved with realpath first, so a symbolic link in a cloned repository cannot point
// an upload at a private file or a write at a file outside the workspace.
import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ValidationError } from './errors';
import { t } from './i18n';

/** Whether a symbolic link stands at `path` (a name of ours a repository may have planted). */
export function isSymbolicLink(path: string): Promise<boolean> {
  return lstat(path).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
}

/** Whether `path` is `root` itself or lies under it (both already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  // `..` as a whole segment goes up; a name like `..storyboard.png` does not.
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** `path` with every link resolved; a path that does not exist yet resolves through its nearest existing folder. */
export async function resolveReal(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return resolve(await resolveReal(parent), relative(parent, absolute));
  }
}

/** What the person calls the folders files must lie in: VS Code's workspace, or an MCP server's root. */
export type RootsName = 'workspace' | 'root folder';

/**
 * The real path of `path` when it lies inside one of `roots` (after resolving links in both);
 * a ValidationError naming the path and where it really points otherwise.
 */
export async function confinedPath(
  path: string,
  roots: readonly string[],
  field = 'image',
  rootsAre: RootsName = 'workspace',
): Promise<string> {
  const real = await resolveReal(path);
  const realRoots = await Promise.all(roots.map((r) => resolveReal(r).catch(() => resolve(r))));
  if (realRoots.some((root) => isInside(root, real))) return real;
  const shown = real === resolve(path) ? path : t('{0} (a link to {1})', path, real);
  throw new ValidationError([
    {
      field,
      message: !realRoots.length
        ? t('{0} cannot be used: no workspace folder is open', shown)
        : rootsAre === 'workspace'
          ? t('{0} is outside the workspace; only files inside the workspace folders can be used', shown)
          : t('{0} is outside the root folder {1}; only files inside it can be used', shown, roots.join(', ')),
    },
  ]);
}
