// A video's length from its MP4 header (the `mvhd` box inside `moov`), reading a few boxes'
// headers and not the media: cheap enough to run for every video of a folder. Undefined for a
// file that is not an MP4 this understands (or is damaged); nothing here throws. No `vscode`.
// The file is foreign bytes (a clone, a copy): what is read is bounded, whatever it holds.
import { open } from 'node:fs/promises';

/** The most read of a `moov` box: its `mvhd` comes first in practice, well inside this. */
const MOOV_READ = 64 * 1024;
/**
 * The most top-level boxes looked at before `moov`: a real MP4 has a handful (ftyp, free, mdat,
 * moov, maybe uuid); a file of millions of tiny boxes is not read to its end.
 */
export const MAX_TOP_BOXES = 32;

export async function mp4Duration(path: string): Promise<number | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(16);
    // Top-level boxes: size (4), type (4), and a 64-bit size after them when size is 1.
    for (let at = 0, boxes = 0; at + 8 <= size && boxes < MAX_TOP_BOXES; boxes++) {
      const { bytesRead } = await file.read(head, 0, 16, at);
      if (bytesRead < 8) return undefined;
      let boxSize = head.readUInt32BE(0);
      let headerSize = 8;
      if (boxSize === 1) {
        if (bytesRead < 16) return undefined;
        boxSize = Number(head.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) boxSize = size - at;
      if (boxSize < headerSize) return undefined;
      if (head.toString('latin1', 4, 8) === 'moov') {
        const length = Math.min(boxSize - headerSize, MOOV_READ);
        const moov = Buffer.alloc(length);
        const read = await file.read(moov, 0, length, at + headerSize);
        return mvhdSeconds(moov.subarray(0, read.bytesRead));
      }
      at += boxSize;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

/** The duration `moov`'s `mvhd` child states, in seconds. */
function mvhdSeconds(moov: Buffer): number | undefined {
  for (let at = 0; at + 8 <= moov.length;) {
    const size = moov.readUInt32BE(at);
    if (size < 8) return undefined;
    if (moov.toString('latin1', at + 4, at + 8) === 'mvhd') {
      const body = at + 8;
      const version = moov[body];
      const [scaleAt, durationAt] = version === 1 ? [body + 20, body + 24] : [body + 12, body + 16];
      if (durationAt + (version === 1 ? 8 : 4) > moov.length) return undefined;
      const timescale = moov.readUInt32BE(scaleAt);
      const duration = version === 1 ? Number(moov.readBigUInt64BE(durationAt)) : moov.readUInt32BE(durationAt);
      return timescale > 0 ? duration / timescale : undefined;
    }
    at += size;
  }
  return undefined;
}
