// Recognises the image formats the API accepts by their leading bytes, never by file name:
// a `.png` that is really a text file must be caught before it is uploaded.
import { open } from 'node:fs/promises';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

const SNIFF_BYTES = 12;

export function sniffImageType(head: Uint8Array): ImageMime | undefined {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return undefined;
}

/** Which file a path led to when it was read, and as it was then: compared again before upload. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ImageFileInfo {
  readonly path: string;
  readonly mime: ImageMime | undefined;
  readonly size: number;
  readonly identity: FileIdentity;
}

export function identityOf(stat: FileIdentity): FileIdentity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}

/** The same file (not another one put in its place, nor this one rewritten). */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Reads only the first few bytes of the file; throws the fs error if it cannot be read. */
export async function inspectImageFile(path: string): Promise<ImageFileInfo> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
    }
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return { path, mime: sniffImageType(head.subarray(0, bytesRead)), size: stat.size, identity: identityOf(stat) };
  } finally {
    await handle.close();
  }
}
