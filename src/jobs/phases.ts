// What each phase of a job means, in one table: whether it still moves by itself, how its row
// looks, what it offers (the Videos view's menus, the scene lenses, the gallery and the tools
// read this), and whether its scene needs a new paid job. test/unit/phases.test.ts checks
// package.json's menu `when` clauses against it, so a menu cannot offer what the table does not.
import { Commands } from '../common/ids';
import type { JobPhase } from './job';

/** What a person can do with a job (each is one command). */
export type JobAction =
  | 'open'
  | 'openExternally'
  | 'download'
  | 'reveal'
  | 'retryDownload'
  | 'resume'
  | 'generateAgain'
  | 'continueFromLastFrame'
  | 'copyTaskId'
  | 'copyPrompt'
  | 'copyDetails'
  | 'copyDiagnosticReport'
  | 'remove'
  | 'deleteFile'
  | 'cancelWaiting';

export const ACTION_COMMANDS: Readonly<Record<JobAction, string>> = {
  open: Commands.openVideo,
  openExternally: Commands.openVideoExternally,
  download: Commands.downloadVideo,
  reveal: Commands.revealVideo,
  retryDownload: Commands.retryDownload,
  resume: Commands.resumeJob,
  generateAgain: Commands.generateAgain,
  continueFromLastFrame: Commands.continueFromLastFrame,
  copyTaskId: Commands.copyTaskId,
  copyPrompt: Commands.copyPrompt,
  copyDetails: Commands.copyDetails,
  copyDiagnosticReport: Commands.copyDiagnosticReport,
  remove: Commands.removeJob,
  deleteFile: Commands.deleteVideoFile,
  cancelWaiting: Commands.cancelWaiting,
};

export interface PhaseTraits {
  /** Moves by itself (polled, or being downloaded). */
  readonly running: boolean;
  /** A codicon, and the theme colour it is drawn in. */
  readonly icon: { readonly id: string; readonly color?: string };
  /** The Videos view row's `contextValue` (the menus match it). */
  readonly context: string;
  /** The one action that gets the video from here without paying again (the row's inline button, the scene's lens). */
  readonly primary?: 'open' | 'retryDownload' | 'resume';
  /** Everything offered on a job in this phase. */
  readonly actions: readonly JobAction[];
  /** Its scene needs a new paid job to get a video: the provider has none and will make none. */
  readonly needsNewJob: boolean;
  /** Shown in the gallery: a video, or one on its way. */
  readonly inGallery: boolean;
}

const COPY: readonly JobAction[] = ['copyTaskId', 'copyPrompt', 'copyDetails'];
const FAILED_ICON = 'testing.iconFailed';

export const PHASES: Readonly<Record<JobPhase, PhaseTraits>> = {
  // Not sent yet: cancelling costs nothing. It moves by itself (sent when a place frees up).
  waiting: {
    running: true,
    icon: { id: 'clock' },
    // Not `seedance.job.…`: nothing a sent job offers (Generate Again, Copy Task Id, Remove) applies.
    context: 'seedance.waiting',
    actions: ['cancelWaiting', 'copyPrompt'],
    needsNewJob: false,
    inGallery: false,
  },
  rendering: {
    running: true,
    icon: { id: 'loading~spin' },
    context: 'seedance.job.running',
    actions: ['generateAgain', ...COPY, 'copyDiagnosticReport', 'remove'],
    needsNewJob: false,
    inGallery: true,
  },
  downloading: {
    running: true,
    icon: { id: 'loading~spin' },
    context: 'seedance.job.downloading',
    actions: ['generateAgain', ...COPY, 'remove'],
    needsNewJob: false,
    inGallery: true,
  },
  done: {
    running: false,
    icon: { id: 'pass', color: 'testing.iconPassed' },
    context: 'seedance.job.succeeded',
    primary: 'open',
    actions: [
      'open',
      'openExternally',
      'download',
      'reveal',
      'generateAgain',
      'continueFromLastFrame',
      ...COPY,
      'remove',
      'deleteFile',
    ],
    needsNewJob: false,
    inGallery: true,
  },
  failed: {
    running: false,
    icon: { id: 'error', color: FAILED_ICON },
    context: 'seedance.job.failed',
    actions: ['generateAgain', ...COPY, 'copyDiagnosticReport', 'remove'],
    needsNewJob: true,
    inGallery: false,
  },
  // The provider made the video: fetched again for free, never made again.
  'download-failed': {
    running: false,
    icon: { id: 'error', color: FAILED_ICON },
    context: 'seedance.job.downloadFailed',
    primary: 'retryDownload',
    actions: ['retryDownload', 'generateAgain', ...COPY, 'copyDiagnosticReport', 'remove'],
    needsNewJob: false,
    inGallery: false,
  },
  // The provider no longer knows it: asking again may find it, but a scene needs a new job.
  lost: {
    running: false,
    icon: { id: 'question', color: FAILED_ICON },
    context: 'seedance.job.lost',
    primary: 'resume',
    actions: ['resume', 'generateAgain', ...COPY, 'copyDiagnosticReport', 'remove'],
    needsNewJob: true,
    inGallery: false,
  },
  // Still the provider's job: waiting longer is free.
  'timed-out': {
    running: false,
    icon: { id: 'watch', color: 'testing.iconQueued' },
    context: 'seedance.job.timedOut',
    primary: 'resume',
    actions: ['resume', 'generateAgain', ...COPY, 'copyDiagnosticReport', 'remove'],
    needsNewJob: false,
    inGallery: false,
  },
};

export function traitsOf(job: { readonly phase: JobPhase }): PhaseTraits {
  return PHASES[job.phase];
}
