// What a failed test leaves beside the results, for whoever reads the run: a screenshot of the
// workbench as it was, and the extension's log (every window's) at that moment.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Workbench } from './browser';

/** A file name made of a test's title. */
export function slug(title: string): string {
  return title.replace(/[^\w.-]+/g, '-').slice(0, 120);
}

/**
 * Saves `failures/<title>/` under `resultsRoot`: the screenshot and a copy of each Seedance log
 * found under `logsDir`. Returns the folder; never throws (evidence is a help, not a verdict).
 */
export async function keepEvidence(
  workbench: Workbench | undefined,
  logsDir: string,
  resultsRoot: string,
  title: string,
): Promise<string> {
  const dir = join(resultsRoot, 'failures', slug(title));
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  await workbench?.page.screenshot({ path: join(dir, 'screenshot.png') }).catch(() => undefined);
  const logs = await readdir(logsDir, { recursive: true }).catch(() => [] as string[]);
  let n = 0;
  for (const entry of logs.filter((e) => e.endsWith('Seedance.log')))
    await copyFile(join(logsDir, entry), join(dir, `Seedance-${++n}.log`)).catch(() => undefined);
  return dir;
}

/** What a modal dialog on the page says, or undefined when none is open. */
export interface ModalSeen {
  readonly message: string;
  readonly detail: string;
  readonly buttons: string[];
}

export async function readModal(page: Page): Promise<{ box: Locator; seen: ModalSeen } | undefined> {
  const box = page.locator('.monaco-dialog-box').first();
  if (!(await box.isVisible().catch(() => false))) return undefined;
  const read = async (selector: string) =>
    (
      (await box
        .locator(selector)
        .first()
        .innerText()
        .catch(() => '')) || ''
    ).trim();
  const buttons = (
    await box
      .locator('.dialog-buttons .monaco-button')
      .allInnerTexts()
      .catch(() => [])
  ).map((b) => b.trim());
  return {
    box,
    seen: { message: await read('.dialog-message-text'), detail: await read('.dialog-message-detail'), buttons },
  };
}

/**
 * Closes a modal a test left open, without saving or going ahead: "Don't Save" for a save
 * question, else Cancel, else Escape. Returns what it said, or undefined when none was open.
 */
export async function dismissModal(page: Page): Promise<ModalSeen | undefined> {
  const modal = await readModal(page);
  if (!modal) return undefined;
  const choice =
    modal.seen.buttons.find((b) => /^Don['’]t Save$/.test(b)) ?? modal.seen.buttons.find((b) => b === 'Cancel');
  if (choice)
    await modal.box
      .locator('.dialog-buttons .monaco-button')
      .filter({ hasText: new RegExp(`^\\s*${choice}\\s*$`) })
      .first()
      .click()
      .catch(() => undefined);
  else await page.keyboard.press('Escape').catch(() => undefined);
  await modal.box.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  return modal.seen;
}
