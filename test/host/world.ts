// Each in-host test makes and removes its own world: the jobs it started are taken off the list
// (none finishes late in the next test), every editor is closed without saving, and a modal it
// left open fails it, not the next one. A failed test leaves a screenshot and the extension's log.
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { PROBE_ANSWER, PROBE_REQUEST, type ProbeAnswer, writeWhole } from '../harness/dialogs';
import type { SeedanceExtensionApi } from '../../src/extension';

/** Tests that passed but left something behind (a dialog): reported as failed, with this message. */
export const lateFailures = new Map<string, string>();

/**
 * Closes every editor without asking: a dirty document is reverted first (a test's edit, or one
 * the extension made for it, is never saved into a folder the test is about to remove).
 */
export async function closeEditorsWithoutSaving(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isClosed)) {
    await vscode.window.showTextDocument(doc, { preview: false }).then(
      () => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'),
      () => undefined,
    );
  }
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  if (tabs.length) await vscode.window.tabGroups.close(tabs.filter((t) => !t.isDirty));
  // What is still open is dirty again (an edit landed in between): revert and close it too.
  for (let tries = 0; tries < 3 && vscode.window.tabGroups.all.some((g) => g.tabs.length); tries++) {
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)[0];
    if (tab.input instanceof vscode.TabInputText) {
      await vscode.window.showTextDocument(tab.input.uri, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } else await vscode.window.tabGroups.close(tab);
  }
}

/**
 * Asks the harness (which sees the page) whether a modal is open, closing it without going ahead,
 * and, for a failed test, to keep its evidence. Nothing to ask outside the harness.
 */
export async function probeHarness(failed?: string, timeoutMs = 20_000): Promise<ProbeAnswer | undefined> {
  const results = process.env.SEEDANCE_HOST_RESULTS;
  if (!results) return undefined;
  const dir = dirname(results);
  const id = randomUUID();
  await rm(join(dir, PROBE_ANSWER), { force: true });
  await writeWhole(join(dir, PROBE_REQUEST), { id, ...(failed && { failed }) });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(join(dir, PROBE_ANSWER), 'utf8').catch(() => undefined);
    const answer = text && (JSON.parse(text) as ProbeAnswer);
    if (answer && answer.id === id) return answer;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the harness did not answer a probe within ${timeoutMs / 1000} s`);
}

/** The root hooks every in-host suite runs under (index.ts). */
export const rootHooks: Mocha.RootHookObject = {
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    if (!test) return;
    const failed = test.state === 'failed' ? test.fullTitle() : undefined;
    const answer = await probeHarness(failed);
    await closeEditorsWithoutSaving();
    if (answer?.modal && test.state !== 'failed')
      lateFailures.set(
        test.fullTitle(),
        `the test left a modal dialog open: "${answer.modal.message}" (${answer.modal.buttons.join(' | ')})`,
      );
  },
};

/**
 * Takes the jobs a test started off the list once it ends: those still rendering first (no poll
 * ends them later), then, once any download under way is over, the rest. Their files stay.
 */
export async function removeJobsSince(api: SeedanceExtensionApi, before: ReadonlySet<string>): Promise<void> {
  const mine = () => api.jobs.all().filter((j) => !j.found && !before.has(j.id));
  for (const job of mine().filter((j) => j.phase === 'rendering')) await api.jobs.remove(job.id);
  const deadline = Date.now() + 30_000;
  while (mine().some((j) => j.phase === 'downloading') && Date.now() < deadline)
    await new Promise<void>((resolve) => {
      const sub = api.jobs.onDidChange(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 1_000);
    });
  for (const job of mine()) await api.jobs.remove(job.id);
}
