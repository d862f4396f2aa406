// The service's rules, written from ../shared/api-contract.md on their own. Deliberately NOT
// imported from src/api/models.ts: if the client's catalog were wrong, a simulator reading the
// same catalog would agree with it and the tests would prove nothing.

export interface ModelRule {
  readonly seconds: readonly [min: number, max: number];
  readonly resolutions: readonly string[];
  readonly r2v: boolean;
}

export const MODEL_RULES: Readonly<Record<string, ModelRule>> = {
  'doubao-seedance-2-0': { seconds: [4, 15], resolutions: ['480p', '720p'], r2v: true },
  'doubao-seedance-2-0-fast': { seconds: [4, 15], resolutions: ['480p', '720p'], r2v: true },
  'doubao-seedance-1-5-pro': { seconds: [4, 12], resolutions: ['480p', '720p', '1080p'], r2v: false },
  'doubao-seedance-1-0-pro': { seconds: [2, 10], resolutions: ['480p', '720p', '1080p'], r2v: false },
  // Announced August 2026 on the same route (the contract's "newer models"); not built into the
  // extension: people add it in settings, and this lets them try that against the simulator.
  'seedance-2-5': { seconds: [4, 30], resolutions: ['480p', '720p'], r2v: true },
};

export const RATIOS = ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'];

export const DEFAULTS = { seconds: '5', size: '16:9', resolution: '720p' };

/** Reference images one request may carry. */
export const MAX_REFERENCE_IMAGES = 9;

/** Exact sizes the current create page accepts in place of a ratio, per resolution. */
export const EXACT_SIZES: Readonly<Record<string, readonly string[]>> = {
  '480p': ['992x432', '864x496', '752x560', '640x640', '560x752', '496x864'],
  '720p': ['1470x630', '1280x720', '1112x834', '960x960', '834x1112', '720x1280'],
  '1080p': ['2206x946', '1920x1080', '1664x1248', '1440x1440', '1248x1664', '1080x1920'],
};

/** The resolution an exact size pins, or undefined when it is not in the table. */
export function resolutionOfExactSize(size: string): string | undefined {
  return Object.keys(EXACT_SIZES).find((r) => EXACT_SIZES[r].includes(size.toLowerCase()));
}

/** JPEG, PNG or WebP, by magic bytes, as the provider's image pipeline checks. */
export function isAcceptedImage(head: Uint8Array): boolean {
  const hex = Buffer.from(head.subarray(0, 12)).toString('hex');
  return (
    hex.startsWith('ffd8ff') ||
    hex.startsWith('89504e470d0a1a0a') ||
    (hex.startsWith('52494646') && hex.slice(16, 24) === '57454250')
  );
}

/** Width and height from a PNG, JPEG or WebP header; undefined when they cannot be read. */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47)
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let at = 2; at + 9 < b.length;) {
      if (b[at] !== 0xff) return undefined;
      const marker = b[at + 1];
      const length = b.readUInt16BE(at + 2);
      // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
      }
      at += 2 + length;
    }
    return undefined;
  }
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = b.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    if (chunk === 'VP8L') {
      const bits = b.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  return undefined;
}
