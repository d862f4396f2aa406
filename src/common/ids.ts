// Every command, view and context key id, in one place.

export const Commands = {
  generateVideo: 'seedance.generateVideo',
  generateVideoFromImage: 'seedance.generateVideoFromImage',
  generateVideoFromImages: 'seedance.generateVideoFromImages',
  setApiKey: 'seedance.setApiKey',
  clearApiKey: 'seedance.clearApiKey',
  checkConnection: 'seedance.checkConnection',
  showLog: 'seedance.showLog',
  // Job rows
  openVideo: 'seedance.openVideo',
  revealVideo: 'seedance.revealVideo',
  openVideoExternally: 'seedance.openVideoExternally',
  downloadVideo: 'seedance.downloadVideo',
  copyTaskId: 'seedance.copyTaskId',
  copyPrompt: 'seedance.copyPrompt',
  generateAgain: 'seedance.generateAgain',
  removeJob: 'seedance.removeJob',
  undoRemove: 'seedance.undoRemove',
  deleteVideoFile: 'seedance.deleteVideoFile',
  cancelWaiting: 'seedance.cancelWaiting',
  sendWaiting: 'seedance.sendWaiting',
  retryDownload: 'seedance.retryDownload',
  resumeJob: 'seedance.resumeJob',
  copyDetails: 'seedance.copyDetails',
  copyDiagnosticReport: 'seedance.copyDiagnosticReport',
  editPromptAndGenerate: 'seedance.editPromptAndGenerate',
  changeImageAndGenerate: 'seedance.changeImageAndGenerate',
  // View title
  refresh: 'seedance.refresh',
  showMoreVideos: 'seedance.showMoreVideos',
  clearFinished: 'seedance.clearFinished',
  trackTask: 'seedance.trackTask',
  openGallery: 'seedance.openGallery',
  showGalleryInPanel: 'seedance.showGalleryInPanel',
  getStarted: 'seedance.getStarted',
  copyMcpConfiguration: 'seedance.copyMcpConfiguration',
  showJob: 'seedance.showJob',
  // Scripts
  generateScene: 'seedance.generateScene',
  generateAllScenes: 'seedance.generateAllScenes',
  continueFromLastFrame: 'seedance.continueFromLastFrame',
  exportFilm: 'seedance.exportFilm',
  focusJobs: 'seedance.jobs.focus',
} as const;

export const Views = {
  jobs: 'seedance.jobs',
} as const;

export const ContextKeys = {
  hasApiKey: 'seedance.hasApiKey',
} as const;
