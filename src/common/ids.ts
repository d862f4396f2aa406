// Every command, view and context key id, in one place.

export const Commands = {
  generateVideo: 'seedance.generateVideo',
  generateVideoFromImage: 'seedance.generateVideoFromImage',
  setApiKey: 'seedance.setApiKey',
  clearApiKey: 'seedance.clearApiKey',
  showLog: 'seedance.showLog',
} as const;

export const ContextKeys = {
  hasApiKey: 'seedance.hasApiKey',
} as const;

export const EXTENSION_ID = 'seedance-tools.seedance-video';
