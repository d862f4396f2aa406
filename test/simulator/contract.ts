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
};

export const RATIOS = ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'];

export const DEFAULTS = { seconds: '5', size: '16:9', resolution: '720p' };

/** JPEG, PNG or WebP, by magic bytes, as the provider's image pipeline checks. */
export function isAcceptedImage(head: Uint8Array): boolean {
  const hex = Buffer.from(head.subarray(0, 12)).toString('hex');
  return hex.startsWith('ffd8ff') || hex.startsWith('89504e470d0a1a0a') || (hex.startsWith('52494646') && hex.slice(16, 24) === '57454250');
}
