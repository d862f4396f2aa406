// What the provider takes as a reference image (its guide: under 30 MB, 300 to 6,000 pixels a
// side, width ÷ height from 0.4 to 2.5): one outside is refused after it is sent, so it is
// refused here first, at every door (validation.ts) and in the script's Problems (script/).
import { t } from './i18n';
import type { ImageFileInfo } from './imageType';

export const IMAGE_LIMITS = { maxBytes: 30 * 1024 * 1024, minSide: 300, maxSide: 6000, minRatio: 0.4, maxRatio: 2.5 };

const MB = 1024 * 1024;

/** Why the provider would refuse the image `name`, or undefined. Unknown pixels are not held against it. */
export function imageLimitProblem(
  name: string,
  info: Pick<ImageFileInfo, 'size' | 'width' | 'height'>,
): string | undefined {
  const L = IMAGE_LIMITS;
  if (info.size >= L.maxBytes)
    return t(
      'image "{0}" is {1} MB; the provider takes images under {2} MB',
      name,
      (info.size / MB).toFixed(1),
      L.maxBytes / MB,
    );
  const { width, height } = info;
  if (width === undefined || height === undefined) return undefined;
  if (Math.min(width, height) < L.minSide || Math.max(width, height) > L.maxSide)
    return t(
      'image "{0}" is {1}×{2} pixels; the provider takes {3} to {4} pixels a side',
      name,
      width,
      height,
      L.minSide,
      L.maxSide,
    );
  const ratio = width / height;
  if (ratio < L.minRatio || ratio > L.maxRatio)
    return t(
      'image "{0}" is {1}×{2} pixels, a width ÷ height of {3}; the provider takes {4} to {5}',
      name,
      width,
      height,
      ratio.toFixed(2),
      L.minRatio,
      L.maxRatio,
    );
  return undefined;
}
