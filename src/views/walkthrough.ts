// The Getting Started walkthrough's steps, ticked by what the person has done, not only by the
// command they ran: each step also completes on a context key (`seedance.did.*`) set when the
// thing is done (the key set, a video started, an image animated, the gallery opened, a scene
// generated) and kept in globalState. VS Code's walkthrough service only counts what happens
// while it exists (it starts when a walkthrough is first shown), and takes a key already set
// when it starts as nothing new. So **Seedance: Get Started** (and the first start) clears the
// keys, opens the walkthrough, and sets them again: steps done before, in another window or
// version, tick as it opens.
import * as vscode from 'vscode';
import type { Job } from '../jobs/job';

export const DONE = {
  setKey: 'seedance.did.setKey',
  generate: 'seedance.did.generate',
  animate: 'seedance.did.animate',
  gallery: 'seedance.did.openGallery',
  script: 'seedance.did.script',
} as const;

export type Done = keyof typeof DONE;
const STORE = 'seedance.walkthroughDone';
/** Set once the walkthrough has opened by itself (the first start in a profile): never again. */
const OPENED = 'seedance.walkthroughOpened';

export class WalkthroughProgress {
  readonly #done: Set<Done>;

  constructor(private readonly memento: vscode.Memento) {
    // Stored state is parsed, never trusted: only known step names count.
    const stored = memento.get<unknown>(STORE);
    this.#done = new Set(
      (Array.isArray(stored) ? stored : []).filter((d): d is Done => typeof d === 'string' && d in DONE),
    );
  }

  /** Sets the keys of what was done before: stored, or seen in the jobs already listed. */
  async restore(jobs: readonly Job[]): Promise<void> {
    await this.noteJobs(jobs);
    for (const d of this.#done) await vscode.commands.executeCommand('setContext', DONE[d], true);
  }

  /** What the listed jobs show was done: a video made here, one from images, one for a scene. */
  async noteJobs(jobs: readonly Job[]): Promise<void> {
    // A video found in the folder (a teammate's) is not something this person did.
    const own = jobs.filter((j) => !j.found);
    if (own.some((j) => !j.tracked)) await this.mark('generate');
    if (own.some((j) => j.images?.length)) await this.mark('animate');
    if (own.some((j) => j.origin)) await this.mark('script');
  }

  async mark(done: Done): Promise<void> {
    if (this.#done.has(done)) return;
    this.#done.add(done);
    await this.memento.update(STORE, [...this.#done]);
    await vscode.commands.executeCommand('setContext', DONE[done], true);
  }

  has(done: Done): boolean {
    return this.#done.has(done);
  }

  /** Whether the walkthrough has opened by itself in this profile before. */
  openedBefore(): boolean {
    return Boolean(this.memento.get(OPENED));
  }

  /**
   * The first start in a profile: the walkthrough opens, once (closed, it stays closed), unless the
   * person turned off VS Code's own "open an extension's walkthrough on install". True when it opened.
   */
  async openOnFirstStart(walkthrough: string, toSide = false): Promise<boolean> {
    if (this.openedBefore()) return false;
    const setting = vscode.workspace.getConfiguration('workbench.welcomePage').get('walkthroughs.openOnInstall');
    if (setting === false) return false;
    await this.memento.update(OPENED, true);
    await this.open(walkthrough, toSide);
    return true;
  }

  /** Opens the walkthrough so that what was done before shows as done. */
  async open(walkthrough: string, toSide = false): Promise<void> {
    for (const d of this.#done) await vscode.commands.executeCommand('setContext', DONE[d], false);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthrough, toSide);
    for (const d of this.#done) await vscode.commands.executeCommand('setContext', DONE[d], true);
  }
}
