// What in-host tests (inside the extension host, unable to click or see the page) ask of the
// harness, through files next to their results file:
// - `dialog-request.json` ({"button": "Cancel"}): when a modal dialog is up, what it says is
//   written to `dialog-seen.json`, a screenshot taken, and the button clicked, as a person would.
// - `probe-request.json` ({"id", "failed"?}): answered at once in `probe-answer.json` with the
//   modal a test left open (closed without saving or going ahead), and, for a failed test, the
//   evidence kept (screenshot and the extension's log) under `failures/`.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workbench } from './browser';
import { type ModalSeen, dismissModal, keepEvidence, readModal } from './evidence';

export const DIALOG_REQUEST = 'dialog-request.json';
export const DIALOG_SEEN = 'dialog-seen.json';
export const PROBE_REQUEST = 'probe-request.json';
export const PROBE_ANSWER = 'probe-answer.json';

export type SeenDialog = ModalSeen;

export interface ProbeRequest {
  readonly id: string;
  /** The title of a test that failed: its evidence is kept. */
  readonly failed?: string;
}

export interface ProbeAnswer {
  readonly id: string;
  /** A modal that was open (now closed without saving). */
  readonly modal?: SeenDialog;
  /** Where the evidence of a failed test went. */
  readonly evidence?: string;
}

/** A JSON file written whole (then renamed), or undefined while there is none or it is half-written. */
async function readRequest<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  try {
    return text === undefined ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

export async function writeWhole(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.partial`, JSON.stringify(value));
  await rename(`${path}.partial`, path);
}

export function answerDialogs(workbench: Workbench, dir: string, logsDir: string): { stop(): void } {
  let stopped = false;
  let shots = 0;
  void (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const probe = await readRequest<ProbeRequest>(join(dir, PROBE_REQUEST));
        if (probe) {
          await rm(join(dir, PROBE_REQUEST), { force: true });
          const evidence = probe.failed ? await keepEvidence(workbench, logsDir, dir, probe.failed) : undefined;
          const modal = await dismissModal(workbench.page);
          await writeWhole(join(dir, PROBE_ANSWER), { id: probe.id, modal, evidence } satisfies ProbeAnswer);
          continue;
        }
        const request = await readRequest<{ button: string }>(join(dir, DIALOG_REQUEST));
        if (!request) continue;
        const modal = await readModal(workbench.page);
        if (!modal) continue;
        await workbench.screenshot(`dialog-${++shots}`).catch(() => undefined);
        await rm(join(dir, DIALOG_REQUEST), { force: true });
        await writeFile(join(dir, DIALOG_SEEN), JSON.stringify(modal.seen));
        // '<primary>': the button that goes ahead (Yes, OK, Continue…), whatever its label.
        const button = modal.box.locator('.dialog-buttons .monaco-button');
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
