// What UI suites work with: the running session and its browser page. Set by the launcher
// before the suites run; a suite file only imports `ui`.
import type { Page } from 'playwright-core';
import type { Session } from '../harness/session';

export const ui = {
  session: undefined as unknown as Session,
  get page(): Page {
    return ui.session.workbench!.page;
  },
  shot(name: string): Promise<string> {
    return ui.session.workbench!.screenshot(name);
  },
};
