// The API layer's public surface. Nothing under src/api imports `vscode`.
export * from './baseUrl';
export * from './client';
export type { DownloadOptions, DownloadResult } from './download';
export * from './errors';
export * from './imageType';
export * from './imageLimits';
export * from './models';
export * from './retry';
export * from './schemas';
export * from './validation';
export * from './taskStatus';
export * from './i18n';
export * from './refusals';
export * from './rateLimits';
export * from './transcript';
export * from './diagnostics';
