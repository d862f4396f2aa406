// How a person drives VS Code, as the UI suites do it: F1 and the command palette, quick picks,
// the explorer's context menu, the Videos view, notifications.
import type { Frame, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

/** What these helpers read of a DOM element in the page (the project compiles without the DOM lib). */
export interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

async function focusWorkbench(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

/** Opens the command palette with F1 and types a filter; returns the visible entries' labels. */
export async function paletteEntries(page: Page, filter: string): Promise<string[]> {
  const input = page.locator(`${QUICK_INPUT} input`);
  const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
  // With focus inside a webview (the gallery, the video player), VS Code forwards keys from the
  // frame asynchronously: an F1 can be dropped while the frame loads, and an Escape can arrive
  // after the palette opened and close it. Then, as a person would, open it and type again.
  for (let attempt = 1; ; attempt++) {
    const timeout = attempt < 3 ? 5_000 : 30_000;
    try {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout });
      await input.fill(`>${filter}`, { timeout });
      // The list settles after filtering: wait until its first row matches what was typed.
      await rows
        .first()
        .filter({ hasText: filter.split(': ').pop()! })
        .waitFor({ state: 'visible', timeout });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  return rows.evaluateAll((els: El[]) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
}

/**
 * F1, the command's title, a click on it: exactly as a person does it. A palette that closed
 * before the click landed (a webview that held the focus took a key) is opened again, as a person
 * would, up to three times.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const entries = await paletteEntries(page, title);
    if (!entries.some((e) => e.startsWith(title)))
      throw new Error(`"${title}" is not in the command palette: ${entries.join(' | ')}`);
    try {
      await page
        .locator(`${QUICK_INPUT} .monaco-list-row`)
        .filter({ hasText: title.split(': ').pop()! })
        .first()
        .click({ timeout: attempt < 3 ? 5_000 : 30_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

export async function closeQuickInput(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** The open quick input (input box or quick pick). */
export const quick = {
  /** The title once it is shown (the widget animates in, title last). */
  async title(page: Page): Promise<string> {
    return quick.waitForTitle(page, /\S/);
  },
  async waitForTitle(page: Page, pattern: RegExp): Promise<string> {
    const title = page.locator(`${QUICK_INPUT} .quick-input-title`);
    await title.filter({ hasText: pattern }).waitFor({ state: 'visible', timeout: 15_000 });
    return (await title.innerText()).trim();
  },
  async items(page: Page): Promise<string[]> {
    const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
    await rows.first().waitFor({ state: 'visible' });
    return rows.evaluateAll((els: El[]) => els.map((e) => (e.getAttribute('aria-label') ?? '').trim()));
  },
  async pick(page: Page, label: string): Promise<void> {
    await page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ hasText: label }).first().click();
  },
  /**
   * Types into the input box and presses Enter. An Enter a webview took (the walkthrough, the
   * gallery) is pressed again once the box is seen not to react: still open, same title, same
   * text, not busy.
   */
  async enter(page: Page, text: string): Promise<void> {
    const input = page.locator(`${QUICK_INPUT} input`);
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    const title = page.locator(`${QUICK_INPUT} .quick-input-title`);
    const before = await title.innerText().catch(() => '');
    const reacted = async () =>
      !(await page.locator(QUICK_INPUT).isVisible()) ||
      (await title.innerText().catch(() => '')) !== before ||
      (await input.inputValue().catch(() => '')) !== text ||
      (await page.locator(`${QUICK_INPUT} .monaco-progress-container.active`).count()) > 0 ||
      (await page
        .locator(
          `${QUICK_INPUT} .quick-input-message .codicon-error, ${QUICK_INPUT} .inputValidation-error, ${QUICK_INPUT} .error`,
        )
        .count()) > 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      await input.focus().catch(() => undefined);
      await page.keyboard.press('Enter');
      if (await waitUntil(reacted, 5_000)) return;
    }
  },
  async inputType(page: Page): Promise<string | null> {
    return page.locator(`${QUICK_INPUT} input`).getAttribute('type');
  },
  /**
   * Accepts the pre-selected answer of steps `from`…`last` of `total`, waiting for each to appear.
   * An Enter that a webview took while the step opened (the gallery, a player) is pressed again,
   * as a person would, once the step is seen not to move; the step shown is read each time.
   */
  async acceptDefaults(page: Page, from: number, total: number, last = total): Promise<void> {
    const title = page.locator(`${QUICK_INPUT} .quick-input-title`);
    const stepShown = async () => {
      const m = /\((\d+)\/\d+\)/.exec((await title.innerText().catch(() => '')) ?? '');
      return (await page.locator(QUICK_INPUT).isVisible()) && m ? Number(m[1]) : undefined;
    };
    await quick.waitForTitle(page, new RegExp(`\\(${from}/${total}\\)`));
    for (let step = from; step <= last;) {
      await page.locator(`${QUICK_INPUT} .monaco-list-row.focused`).waitFor();
      for (let attempt = 0; attempt < 3; attempt++) {
        await page.locator(`${QUICK_INPUT} input`).focus();
        await page.keyboard.press('Enter');
        // Patient before pressing again: a second Enter on a step that was only slow would answer
        // the next one (at the last step asked for, the summary's Generate), so it waits longer there.
        const moved = await waitUntil(async () => (await stepShown()) !== step, step === last ? 10_000 : 4_000);
        if (moved) break;
      }
      const now = await stepShown();
      if (now === undefined || now > last) return;
      if (now === step) throw new Error(`the quick pick stayed at step ${step}/${total} after three Enters`);
      step = now;
    }
  },
  async back(page: Page): Promise<void> {
    await page.locator(`${QUICK_INPUT} .quick-input-left-action-bar .action-label`).first().click();
  },
};

/**
 * Opens a workspace file by name through Quick Open (F1, then the name without `>`), as a person
 * does when the Explorer's list is long or still catching up with a file just written.
 */
export async function openFileByName(page: Page, name: string): Promise<void> {
  const input = page.locator(`${QUICK_INPUT} input`);
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ hasText: name }).first();
  for (let attempt = 1; ; attempt++) {
    try {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(name);
      await row.waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : 30_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  await row.click();
  await page.locator('.tab.active').filter({ hasText: name }).first().waitFor();
}

/** Shows the Seedance view from the activity bar (its icon toggles the side bar, so it checks). */
export async function openVideosView(page: Page): Promise<Locator> {
  const view = page.locator('[id="workbench.view.extension.seedance"]');
  const item = page
    .locator('.activitybar .action-item')
    .filter({ has: page.locator('a[aria-label^="Seedance"]') })
    .first();
  for (let attempt = 0; attempt < 3 && !(await view.isVisible()); attempt++) {
    // The whole activity bar item, badge and all (the badge covers the icon's centre).
    await item.click();
    await view.waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
  }
  await view.waitFor({ state: 'visible' });
  return view;
}

/**
 * Set API Key from the palette, in a window with no videos yet. Returns once the key is stored:
 * the Videos view's welcome moves on (the box validates before it accepts, so pressing on at
 * once could cancel it).
 */
export async function setApiKeyInNewWindow(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Seedance: Set API Key');
  await quick.waitForTitle(page, /Set API Key/);
  await quick.enter(page, key);
  await (await openVideosView(page)).locator('.welcome-view-content').filter({ hasText: 'No videos yet' }).waitFor();
}

/** Set API Key from the palette, whatever the state; returns once VS Code says it is saved. */
export async function setApiKey(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Seedance: Set API Key');
  await quick.waitForTitle(page, /Set API Key/);
  await quick.enter(page, key);
  await seeNotification(page, 'Seedance API key saved');
}

/** Generate Video from the palette with the default answers; returns once its row is listed. */
export async function generateFromPalette(page: Page, prompt: string): Promise<void> {
  await runCommand(page, 'Seedance: Generate Video');
  await quick.waitForTitle(page, /Seedance: Generate Video/);
  await quick.enter(page, prompt);
  await quick.acceptDefaults(page, 1, 5);
  await openVideosView(page);
  await videoRow(page, prompt).waitFor();
}

/** The Videos view's row whose label starts with `prompt`. */
export function videoRow(page: Page, prompt: string): Locator {
  return page.locator('[id="workbench.view.extension.seedance"] .monaco-list-row').filter({ hasText: prompt }).first();
}

/**
 * Waits until `locator` is visible, as a person waits for something to appear. On timeout it fails
 * naming what it waited for and what the page showed instead (`seen`), never only a selector.
 */
export async function see(
  locator: Locator,
  what: string,
  seen: () => Promise<string>,
  timeout = 30_000,
): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    return locator.first();
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'TimeoutError') throw err;
    const last = await seen().catch(() => '(the page could not be read)');
    throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}; the page showed: ${last || '(nothing)'}`);
  }
}

/** The visible texts of `locator`'s matches, joined for a failure message. */
async function texts(locator: Locator): Promise<string> {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ');
}

/** Waits for the row of `prompt` to show a description matching `description`. */
export async function waitForRow(page: Page, prompt: string, description: RegExp, timeout = 60_000): Promise<Locator> {
  const row = videoRow(page, prompt);
  await see(
    row.filter({ hasText: description }),
    `the row "${prompt}" to say ${description}`,
    async () =>
      (await row.count())
        ? `the row says "${(await row.innerText()).replace(/\s+/g, ' ')}"`
        : `no such row; the Videos view lists: ${await texts(page.locator('[id="workbench.view.extension.seedance"] .monaco-list-row'))}`,
    timeout,
  );
  return row;
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
}

/** Waits for a notification saying `text`; on timeout names the notifications shown instead. */
export function seeNotification(page: Page, text: string | RegExp, timeout = 30_000): Promise<Locator> {
  return see(
    notification(page, text),
    `a notification saying ${text}`,
    () => texts(page.locator('.notifications-toasts .notification-toast')),
    timeout,
  );
}

/** Clear API Key from the palette; returns once VS Code says it is removed. */
export async function clearApiKey(page: Page): Promise<void> {
  await runCommand(page, 'Seedance: Clear API Key');
  await seeNotification(page, 'Seedance API key removed.');
}

/** Right-clicks `target` and chooses `item` from its context menu. */
export async function contextMenu(page: Page, target: Locator, item: string): Promise<void> {
  // A list re-renders its rows in place: a right-click that landed on a row just recycled for
  // another file opens that file's menu. The row right-clicked is focused or selected, so that is
  // checked, and only for a row that was not selected already (Escape would clear a selection
  // several rows make).
  const state = () =>
    target
      .evaluate((el: El) => {
        const classes = (el.getAttribute('class') ?? '').split(/\s+/);
        const row = classes.includes('monaco-list-row');
        return { row, onIt: !row || classes.includes('focused') || el.getAttribute('aria-selected') === 'true' };
      })
      .catch(() => ({ row: false, onIt: true }));
  const selectedBefore = (await state()).row && (await state()).onIt;
  const menu = page.locator('.monaco-menu').first();
  for (let attempt = 0; ; attempt++) {
    await target.click({ button: 'right' });
    // A right-click that lands while the view redraws its rows (a rendering row's time left moves
    // every second) can open no menu at all: the row is clicked again.
    const shown = await menu.waitFor({ state: 'visible', timeout: attempt < 2 ? 5000 : 30_000 }).then(
      () => true,
      () => false,
    );
    if (!shown && attempt < 2) continue;
    if (!shown) throw new Error(`no context menu opened on ${String(target)} after three right-clicks`);
    if (selectedBefore || (await state()).onIt || attempt >= 2) break;
    await page.keyboard.press('Escape');
  }
  const entry = page.locator('.monaco-menu .action-item').filter({ hasText: item }).first();
  await entry.waitFor({ state: 'visible' });
  await entry.hover();
  await entry.click();
  // A click that lands while the menu is still settling is ignored by VS Code: then, and only
  // if the menu really stayed open, choose the highlighted entry with the keyboard.
  const closed = await page
    .locator('.monaco-menu')
    .first()
    .waitFor({ state: 'hidden', timeout: 2000 })
    .then(
      () => true,
      () => false,
    );
  if (!closed) await page.keyboard.press('Enter');
}

/** The labels of `target`'s context menu (then closes it). */
export async function contextMenuItems(page: Page, target: Locator): Promise<string[]> {
  await target.click({ button: 'right' });
  const items = page.locator('.monaco-menu .action-label');
  await items.first().waitFor({ state: 'visible' });
  const labels = await items.evaluateAll((els: El[]) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
  await page.keyboard.press('Escape');
  return labels;
}

/** The explorer row of a path relative to the workspace, its folders expanded on the way. */
export async function explorerItem(page: Page, path: string): Promise<Locator> {
  await focusWorkbench(page);
  // Clicking the Explorer's icon while it is showing would hide the side bar.
  const explorer = page.locator('.explorer-folders-view');
  for (let attempt = 0; attempt < 3 && !(await explorer.isVisible()); attempt++) {
    await page
      .locator('.activitybar .action-item')
      .filter({ has: page.locator('a[aria-label^="Explorer"]') })
      .first()
      .click();
    await explorer.waitFor({ state: 'visible', timeout: 2000 }).catch(() => undefined);
  }
  await explorer.waitFor({ state: 'visible' });
  // The videos folder folded first (unless the row is in it): each video arrives with its sidecar
  // there, and new rows move the ones under the pointer and push the rest out of the list.
  const videos = page.locator('.explorer-folders-view .monaco-list-row[aria-label="videos"][aria-expanded="true"]');
  if (!path.startsWith('videos/') && (await videos.count())) {
    await videos.first().click();
    await page
      .locator('.explorer-folders-view .monaco-list-row[aria-label="videos"][aria-expanded="false"]')
      .first()
      .waitFor({ timeout: 2000 })
      .catch(() => undefined);
  }
  const parts = path.split('/');
  let row: Locator | undefined;
  for (const [i, name] of parts.entries()) {
    row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    await row.waitFor({ state: 'visible' });
    // A folder: expanded (a click that lands while a tooltip or the tree settles is repeated).
    for (
      let attempt = 0;
      i < parts.length - 1 && attempt < 3 && (await row.getAttribute('aria-expanded')) === 'false';
      attempt++
    ) {
      await row.click();
      await page
        .locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"][aria-expanded="true"]`)
        .first()
        .waitFor({ timeout: 2000 })
        .catch(() => undefined);
    }
  }
  return row!;
}

/** The gallery page's frame (a webview nests the page one frame deeper). */
export function galleryFrame(page: Page): Promise<Frame> {
  return until(
    'the gallery page to load',
    async () => {
      for (const f of page.frames())
        if (
          await f
            .locator('#grid')
            .count()
            .catch(() => 0)
        )
          return f;
      return undefined;
    },
    () => Promise.resolve(`${page.frames().length} frames, none with the gallery's grid`),
  );
}

/** Seedance: Open Gallery from the palette; its page once loaded. */
export async function openGallery(page: Page): Promise<Frame> {
  await runCommand(page, 'Seedance: Open Gallery');
  return galleryFrame(page);
}

/**
 * Checks `check` until it gives something (every 100 ms), as a person keeps looking; on timeout
 * fails naming what it waited for and what `seen` says was there instead.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  seen: () => Promise<string>,
  timeout = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const last = await seen().catch(() => '(the page could not be read)');
      throw new Error(
        `timed out after ${timeout / 1000} s waiting for ${what}; the page showed: ${last || '(nothing)'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `check` every 100 ms until it is true or `ms` have passed; whether it became true. */
async function waitUntil(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
