// Debian's Chromium, driven by playwright-core (never a downloaded browser), showing the
// workbench. Connecting a browser is also what starts VS Code's extension host.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HarnessError } from './errors';

export const CHROMIUM = process.env.SEEDANCE_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export class Workbench {
  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  /** `url` is the workbench's address with its `?folder=` or `?workspace=` query. */
  static async open(url: string, screenshotDir: string): Promise<Workbench> {
    await mkdir(screenshotDir, { recursive: true });
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    } catch (err) {
      throw new HarnessError(`Chromium did not start (${CHROMIUM}): ${(err as Error).message}`);
    }
    // Clipboard permissions: VS Code in a browser reads and writes the clipboard through it.
    // One context, so a second window (another tab) shares the first one's browser storage.
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    // The workbench's own console (errors of the UI side), kept with the run's other logs.
    const consoleLog = createWriteStream(join(screenshotDir, '..', 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    // Several VS Codes start at once on two cores (the sibling sessions load while the main one
    // runs suites): the page's own 'load' can take longer than the default 30 s, so the wait is
    // for the document, then for the workbench itself.
    // A page that never loads closes its browser too: a Chromium left running slows every later run.
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    } catch {
      await page.screenshot({ path: join(screenshotDir, 'workbench-did-not-load.png') }).catch(() => undefined);
      await browser.close();
      throw new HarnessError(`the VS Code workbench did not load at ${url}`);
    }
    return new Workbench(browser, page, screenshotDir);
  }

  /** Saves a screenshot under the run's results folder and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}
