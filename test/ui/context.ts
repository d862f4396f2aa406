// What UI suites work with: the running session and its browser page. Set by the launcher
// before the suites run; a suite file only imports `ui`.
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { keepEvidence } from '../harness/evidence';
import { Session, type SessionOptions } from '../harness/session';

export const ui = {
  session: undefined as unknown as Session,
  get page(): Page {
    return ui.session.workbench!.page;
  },
  shot(name: string): Promise<string> {
    return ui.session.workbench!.screenshot(name);
  },
};

/** Sibling sessions started ahead of their suites, stopped by the launcher at the end. */
export const siblings: Promise<Session | undefined>[] = [];

/**
 * A second VS Code for one suite, started like the main one but for `changes` (an untrusted or
 * virtual folder, say), with its results under `test-results/<name>`. It starts as soon as the
 * suite file is loaded, while the suites before it run (starting one takes about ten seconds),
 * and stops after its suite.
 */
export function useSiblingSession(name: string, changes: Partial<SessionOptions>): { readonly session: Session } {
  const holder = {} as { session: Session };
  const starting = Session.start({
    ...ui.session.options,
    root: join(dirname(ui.session.root), name),
    ...changes,
  }).then(async (s) => {
    // It starts while the main VS Code, the in-host one and the other siblings do, on two cores.
    await s.waitForActivation(150_000);
    return s;
  });
  // Held for the launcher, which stops it whatever happens; a failed start fails the suite below.
  siblings.push(starting.catch(() => undefined));
  before(async function () {
    this.timeout(180_000);
    holder.session = await starting;
  });
  afterEach(async function () {
    const s = holder.session;
    if (this.currentTest?.state === 'failed' && s)
      await keepEvidence(s.workbench, s.logsDir, s.root, this.currentTest.fullTitle());
  });
  after(async () => {
    await holder.session?.stop();
  });
  return holder;
}
