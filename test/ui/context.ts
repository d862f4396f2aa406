// What UI suites work with: the running session and its browser page. Set by the launcher
// before the suites run; a suite file only imports `ui`.
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
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

/**
 * A second VS Code for one suite, started like the main one but for `changes` (an untrusted or
 * virtual folder, say), with its results under `test-results/<name>`. Stopped after the suite.
 */
export function useSiblingSession(name: string, changes: Partial<SessionOptions>): { readonly session: Session } {
  const holder = {} as { session: Session };
  let started: Session | undefined;
  before(async function () {
    this.timeout(180_000);
    started = await Session.start({ ...ui.session.options, root: join(dirname(ui.session.root), name), ...changes });
    holder.session = started;
    await started.waitForActivation();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await started?.workbench?.screenshot(`FAILED ${this.currentTest.title}`).catch(() => undefined);
  });
  after(async () => {
    await started?.stop();
  });
  return holder;
}
