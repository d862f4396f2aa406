// Generate Again from a video's sidecar: each reference image is hashed again and compared with
// the SHA-256 the sidecar kept, so a file changed since (same name, other picture) is named before
// anything is sent. No `vscode`.
import { basename } from 'node:path';
import type { Sidecar } from '../jobs/sidecar';
import { sha256 } from '../jobs/sidecar';

export interface ChangedImage {
  /** 1-based, as the prompt says it: [Image 1]. */
  readonly number: number;
  readonly name: string;
}

/**
 * The images of `paths` whose content differs from what `sidecar` recorded for the same place. An
 * image that cannot be read is left to the image check (it names a missing file itself).
 */
export async function changedImages(paths: readonly string[], sidecar: Sidecar | undefined): Promise<ChangedImage[]> {
  const recorded = sidecar?.images ?? [];
  const changed: ChangedImage[] = [];
  for (const [i, path] of paths.entries()) {
    const expected = recorded[i]?.sha256;
    if (!expected) continue;
    const now = await sha256(path).catch(() => undefined);
    if (now !== undefined && now !== expected) changed.push({ number: i + 1, name: basename(path) });
  }
  return changed;
}
