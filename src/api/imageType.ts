// Recognises the image formats the API accepts by their leading bytes, never by file name:
// a `.png` that is really a text file must be caught before it is uploaded.
import { open } from 'node:fs/promises';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

const SNIFF_BYTES = 24;

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
  /** Its pixels, when its header says (a damaged or unusual header leaves them unknown). */
  readonly width?: number;
  readonly height?: number;
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

/** A JPEG's segments looked at before its size is given up as unknown (EXIF, ICC and others come first). */
const MAX_JPEG_SEGMENTS = 64;

/**
 * An image's width and height from its header: PNG's IHDR, WebP's VP8/VP8L/VP8X chunk, or a
 * JPEG's start-of-frame segment (found by walking at most MAX_JPEG_SEGMENTS segments). Never reads
 * pixels; undefined when the header does not say.
 */
export async function imageDimensions(
  mime: ImageMime,
  head: Uint8Array,
  readAt: ReadAt,
): Promise<{ width: number; height: number } | undefined> {
  const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
  const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  const found = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined);
  if (mime === 'image/png') {
    const ihdr = head.length >= 24 ? head : await readAt(0, 24);
    if (ihdr.length < 24 || String.fromCharCode(...ihdr.subarray(12, 16)) !== 'IHDR') return undefined;
    return found(u32be(ihdr, 16), u32be(ihdr, 20));
  }
  if (mime === 'image/webp') {
    const b = await readAt(0, 30);
    if (b.length < 30) return undefined;
    const chunk = String.fromCharCode(...b.subarray(12, 16));
    if (chunk === 'VP8 ') return found(((b[27] << 8) | b[26]) & 0x3fff, ((b[29] << 8) | b[28]) & 0x3fff);
    if (chunk === 'VP8L' && b[20] === 0x2f) {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return found((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X')
      return found((b[24] | (b[25] << 8) | (b[26] << 16)) + 1, (b[27] | (b[28] << 8) | (b[29] << 16)) + 1);
    return undefined;
  }
  // JPEG: FF D8, then segments FF xx [length (2, counting itself)] until a start of frame.
  let at = 2;
  for (let segments = 0; segments < MAX_JPEG_SEGMENTS; segments++) {
    const b = await readAt(at, 9);
    if (b.length < 4 || b[0] !== 0xff) return undefined;
    const marker = b[1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM and the restarts.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return b.length < 9 ? undefined : found(u16be(b, 7), u16be(b, 5));
    if (marker === 0xd9 || marker === 0xda) return undefined; // the end, or the pixels, before any frame
    at += 2 + u16be(b, 2);
  }
  return undefined;
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
    const mime = sniffImageType(head.subarray(0, bytesRead));
    const readAt: ReadAt = async (position, length) => {
      const bytes = new Uint8Array(length);
      const { bytesRead: n } = await handle.read(bytes, 0, length, position);
      return bytes.subarray(0, n);
    };
    const dimensions = mime && (await imageDimensions(mime, head.subarray(0, bytesRead), readAt));
    return { path, mime, size: stat.size, identity: identityOf(stat), ...dimensions };
  } finally {
    await handle.close();
  }
}
