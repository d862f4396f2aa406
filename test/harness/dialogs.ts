// Modal dialogs answered as a person would, for in-host tests (which run inside the extension host
// and cannot click): a test writes `dialog-request.json` ({"button": "Cancel"}) next to its results
// file; this watches the workbench, and when a dialog is up and a request is waiting, it writes what
// the dialog says to `dialog-seen.json`, takes a screenshot and clicks the button.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from './browser';

export const DIALOG_REQUEST = 'dialog-request.json';
export const DIALOG_SEEN = 'dialog-seen.json';

export interface SeenDialog {
  readonly message: string;
  readonly detail: string;
  readonly buttons: string[];
}

export function answerDialogs(workbench: Workbench, dir: string): { stop(): void } {
  let stopped = false;
  let shots = 0;
  void (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 200));
      try {
        // A request caught half-written reads as none yet: the next round reads it whole.
        const request = await readFile(join(dir, DIALOG_REQUEST), 'utf8').then(
          (t) => {
            try {
              return JSON.parse(t) as { button: string };
            } catch {
              return undefined;
            }
          },
          () => undefined,
        );
        if (!request) continue;
        const box = workbench.page.locator('.monaco-dialog-box').first();
        if (!(await box.isVisible().catch(() => false))) continue;
        const read = async (selector: string) =>
          (
            (await box
              .locator(selector)
              .first()
              .innerText()
              .catch(() => '')) || ''
          ).trim();
        const buttons = (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim());
        const seen: SeenDialog = {
          message: await read('.dialog-message-text'),
          detail: await read('.dialog-message-detail'),
          buttons,
        };
        await workbench.screenshot(`dialog-${++shots}`).catch(() => undefined);
        await rm(join(dir, DIALOG_REQUEST), { force: true });
        await writeFile(join(dir, DIALOG_SEEN), JSON.stringify(seen));
        // '<primary>': the button that goes ahead (Yes, OK, Continue…), whatever its label.
        const button = box.locator('.dialog-buttons .monaco-button');
        await (
          request.button === '<primary>'
            ? button.filter({ hasNotText: /^\s*Cancel\s*$/ })
            : button.filter({ hasText: request.button })
        )
          .first()
          .click();
      } catch (err) {
        // One failed round (a page busy or reloading) must not end the answering.
        console.error(`dialog answerer: ${String(err)}`);
      }
    }
  })();
  return {
    stop: () => {
      stopped = true;
    },
  };
}
