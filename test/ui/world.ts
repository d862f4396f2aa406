// Each UI test makes and removes its own world. After it: a modal it left open, or a job it left
// rendering in the simulator, fails it (and is closed or ended, so the next test starts clean);
// every job it started has ended and its end is in the extension's log (no video arrives in the
// next test); every editor is closed without saving. A failed test leaves its evidence.
import type { Page } from 'playwright-core';
import { dismissModal, keepEvidence } from '../harness/evidence';
import { isEnded, taskState } from '../simulator/tasks';
import { ui } from './context';
import { runCommand } from './workbench';

/** Tests that passed but left something behind: reported as failed with this message. */
export const lateFailures = new Map<string, string>();

/** How long a job the test started may take to reach its end in the log once it ended at the provider. */
const SETTLE_MS = 30_000;

export function uiRootHooks(resultsRoot: string): Mocha.RootHookObject {
  let tasksBefore = new Set<string>();
  return {
    beforeEach() {
      knownSimulator();
      tasksBefore = new Set(ui.session.sim.tasks.keys());
    },
    async afterEach(this: Mocha.Context) {
      const test = this.currentTest;
      if (!test) return;
      const { session, page } = ui;
      if (test.state === 'failed')
        await keepEvidence(session.workbench, session.logsDir, resultsRoot, test.fullTitle());
      const left: string[] = [];
      const modal = await dismissModal(page);
      if (modal) left.push(`a modal dialog open ("${modal.message}")`);
      const mine = [...session.sim.tasks.values()].filter((t) => !tasksBefore.has(t.id));
      for (const task of mine.filter((t) => !isEnded(taskState(t, Date.now()).state) && t.pace === 'held')) {
        left.push(`a job rendering ("${task.prompt}")`);
        session.sim.finishTask(task.id, 'failed');
      }
      const unsettled = await settle(mine.map((t) => t.id));
      if (unsettled.length) left.push(`jobs that never reached their end in the log (${unsettled.join(', ')})`);
      await closeEditorsWithoutSaving(page);
      // A suite's `before` (which runs ahead of the next test's beforeEach) starts from it too.
      knownSimulator();
      if (left.length && test.state !== 'failed')
        lateFailures.set(test.fullTitle(), `the test left ${left.join('; ')}`);
    },
  };
}

/** Tasks done when first polled (a test holds those it must see render), no faults. */
function knownSimulator(): void {
  ui.session.sim.pace = 'instant';
  ui.session.sim.faults.clear();
}

/**
 * Waits until every job the extension submitted for these tasks has its end in its log (its
 * download done or failed, or its failure): what the person would be told has been told.
 * Returns the ids that did not get there.
 */
async function settle(ids: readonly string[]): Promise<string[]> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const log = (await ui.session.logLines(/./)).join('\n');
    const open = ids.filter(
      (id) =>
        log.includes(`Submitted ${id} `) &&
        !log.includes(`Downloaded ${id} `) &&
        !log.includes(`Download of ${id} failed`) &&
        !log.includes(`${id} failed:`),
    );
    if (open.length === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Closes every editor, answering "Don't Save" to any question about unsaved changes. */
export async function closeEditorsWithoutSaving(page: Page): Promise<void> {
  const tabs = page.locator('.tabs-container .tab');
  if ((await tabs.count()) === 0) return;
  await runCommand(page, 'View: Close All Editors');
  const deadline = Date.now() + 10_000;
  while ((await tabs.count()) > 0 && Date.now() < deadline) {
    await dismissModal(page);
    await new Promise((r) => setTimeout(r, 100));
  }
}
