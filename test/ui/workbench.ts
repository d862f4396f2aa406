// How a person drives VS Code, as UI tests do it: F1, the command palette, quick picks.
import type { Locator, Page } from 'playwright-core';

export const QUICK_INPUT = '.quick-input-widget';

/** Opens the command palette with F1 and types a filter; returns the visible entries' labels. */
export async function paletteEntries(page: Page, filter: string): Promise<string[]> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${filter}`);
  const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
  await rows.first().waitFor({ state: 'visible' });
  await page.waitForTimeout(300); // the list settles after filtering
  return rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
}

export async function closeQuickInput(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
}
