// Two windows share one secret store: a key fixed in one window is used by the other, whose
// polling was paused when the provider stopped accepting the old key; nothing is re-submitted.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ui } from './context';
import {
  generateFromPalette,
  openVideosView,
  quick,
  runCommand,
  seeNotification,
  setApiKey,
  waitForRow,
} from './workbench';

describe('another window', () => {
  it('fixes the key: polling paused on a refused key resumes with it, and the video arrives', async () => {
    const { page, session } = ui;
    const prompt = 'A lighthouse beam sweeping through fog';
    await setApiKey(page, session.sim.key);
    session.sim.pace = 'held';
    await generateFromPalette(page, prompt);
    await waitForRow(page, prompt, /Queued|Rendering/);
    const task = [...session.sim.tasks.values()].find((t) => t.prompt === prompt)!;
    const posts = session.sim.received('api', 'POST').length;

    // The key is revoked at the provider (a new one issued in the dashboard): polls meet 401.
    session.sim.key = 'sk-simulator-reissued-key';
    session.sim.finishTask(task.id);
    await seeNotification(page, /the API key was not accepted \(401\)/);
    await waitForRow(page, prompt, /Queued|Rendering/);

    // A second window on another folder (its own jobs, the same secret store), as a person
    // with two VS Code windows would fix the key in whichever is in front.
    const folder = join(session.root, 'second-window');
    await mkdir(folder, { recursive: true });
    const url = new URL(session.url);
    url.searchParams.set('folder', folder);
    const activations = await session.activationCount();
    const other = await page.context().newPage();
    try {
      await other.goto(url.href);
      await session.waitForActivation(60_000, activations);
      // The other window sees the stored (revoked) key: its empty view offers to generate.
      const welcome = (await openVideosView(other)).locator('.welcome-view-content');
      await welcome.filter({ hasText: 'No videos yet' }).waitFor();
      await runCommand(other, 'Seedance: Clear API Key');
      await welcome.filter({ hasText: 'First, set your CometAPI key' }).waitFor();
      await welcome.locator('a, .monaco-button').filter({ hasText: 'Set API Key' }).first().click();
      await quick.enter(other, session.sim.key);
      await welcome.filter({ hasText: 'No videos yet' }).waitFor();

      // Back in the first window, with nothing done there: polling resumed with the new key.
      // code-server's browser tabs share the secret store but do not announce changes to each
      // other (desktop windows do): here the first window takes the new key on reload.
      await page.bringToFront();
      const before = await session.activationCount();
      await runCommand(page, 'Developer: Reload Window');
      await session.waitForActivation(60_000, before);
      await openVideosView(page);
      await waitForRow(page, prompt, /Ready/, 60_000);
    } finally {
      await other.close();
    }
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing re-submitted');
    await ui.shot('key-fixed-in-another-window');
  });
});
