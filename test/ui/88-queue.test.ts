// The send queue as a person meets it: Generate All of five scenes on an account that renders
// three at a time. The summary says two will wait; the Videos view shows them as "Waiting to send"
// with their place; cancelling them from their menu takes them off and sends nothing.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { isEnded, taskState } from '../simulator/tasks';
import { ui } from './context';
import { contextMenu, openFileByName, openVideosView, quick, setApiKey, until, videoRow } from './workbench';

const SHOTS = 5;
const SCRIPT = `# The harbour\n\n${Array.from(
  { length: SHOTS },
  (_, i) => `## Shot ${i + 1}\n\nBoats at the quay, take ${i + 1}.\n`,
).join('\n')}`;

describe('the send queue', () => {
  const lens = (text: string | RegExp): Locator =>
    ui.page.locator('.editor-instance .codelens-decoration a').filter({ hasText: text });
  const rows = () => ui.page.locator('[id="workbench.view.extension.seedance"] .monaco-list-row');
  const rowsShown = async () => (await rows().allInnerTexts()).join(' | ');

  before(async () => {
    await setApiKey(ui.page, ui.session.sim.key);
  });

  it('Generate All past the account’s limit: the rest wait as “Waiting to send” with their place, and a cancelled one is never sent', async () => {
    const { page, session } = ui;
    // The account renders three at once (the setting's default, and the simulator's limit); each
    // job renders until the test ends it.
    session.sim.pace = 'held';
    // An empty account: no earlier test's task still counts against its limit.
    for (const task of session.sim.tasks.values())
      if (!isEnded(taskState(task, Date.now()).state)) session.sim.finishTask(task.id, 'failed');
    session.sim.maxRunning = 3;
    try {
      await writeFile(join(session.workspace, 'harbour-shots.md'), SCRIPT);
      await openFileByName(page, 'harbour-shots.md');
      const posts = session.sim.received('api', 'POST').length;
      await lens(`Generate All Scenes (${SHOTS})`).click();
      await quick.waitForTitle(page, /Generate All Scenes of harbour-shots\.md/);
      const action = page.locator('.quick-input-widget .monaco-list-row').first();
      await action.filter({ hasText: /At most 3 render at once .* the other 2 wait their turn/ }).waitFor();
      await ui.shot('queue-summary');
      await page.keyboard.press('Enter');

      await openVideosView(page);
      const waiting = (shot: number) => videoRow(page, `Boats at the quay, take ${shot}.`);
      await until(
        'the two last shots waiting, with their place',
        async () =>
          /Waiting to send · next/.test(await waiting(4).innerText()) &&
          /Waiting to send · 1 ahead/.test(await waiting(5).innerText()),
        rowsShown,
      );
      assert.equal(session.sim.received('api', 'POST').length - posts, 3, 'three sent');
      // The status bar counts what renders apart from what waits.
      await page
        .locator('.statusbar-item')
        .filter({ hasText: /3 rendering · \d+%.* · 2 waiting/ })
        .waitFor();
      await ui.shot('queue-waiting-rows');

      // Cancelled from its menu: off the list, never sent; the one behind moves up.
      await contextMenu(page, waiting(4), 'Cancel (Nothing Sent Yet)');
      await until('the cancelled shot gone', async () => !(await rowsShown()).includes('take 4.'), rowsShown);
      await until('shot 5 next', async () => /Waiting to send · next/.test(await waiting(5).innerText()), rowsShown);
      await contextMenu(page, waiting(5), 'Cancel (Nothing Sent Yet)');
      await until('the second cancelled shot gone', async () => !(await rowsShown()).includes('take 5.'), rowsShown);
      // The three at the provider end and arrive; nothing else was ever sent.
      for (const task of [...session.sim.tasks.values()].slice(-3)) session.sim.finishTask(task.id);
      for (const shot of [1, 2, 3])
        await until(`shot ${shot} ready`, async () => /Ready/.test(await waiting(shot).innerText()), rowsShown, 60_000);
      const sent = session.sim.received('api', 'POST').slice(posts);
      assert.deepEqual(
        sent.map((p) => p.fields?.prompt).sort(),
        [1, 2, 3].map((n) => `Boats at the quay, take ${n}.`),
      );
      assert.ok(
        sent.every((p) => p.status === 200),
        'the account’s limit was never met',
      );
    } finally {
      session.sim.maxRunning = undefined;
    }
  });
});
