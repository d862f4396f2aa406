// A scene's image, as a person checks it before paying: the summary names the file by its path
// in the workspace, not only its base name, so a link or a file elsewhere cannot pass for a
// harmless storyboard frame.
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { fixture } from '../support/paths';
import { ui } from './context';
import { closeQuickInput, explorerItem, openFileByName, quick, runCommand, setApiKey, until } from './workbench';

const SCRIPT = `# The harbour

## Dawn

\`\`\`seedance
model: doubao-seedance-2-0
seconds: 4
image: frames/dawn.png
Fishing boats leave the harbour as the sun rises.
\`\`\`
`;

describe('a scene with an image', () => {
  const lens = (text: string | RegExp): Locator =>
    ui.page.locator('.editor-instance .codelens-decoration a').filter({ hasText: text });

  before(async () => {
    await setApiKey(ui.page, ui.session.sim.key);
    const dir = join(ui.session.workspace, 'storyboard');
    await mkdir(join(dir, 'frames'), { recursive: true });
    await copyFile(fixture('images', 'sample.png'), join(dir, 'frames', 'dawn.png'));
    await writeFile(join(dir, 'harbour.script.md'), SCRIPT);
    await (await explorerItem(ui.page, 'storyboard/harbour.script.md')).click();
  });

  it('the summary shows the image by its workspace-relative path, and Esc sends nothing', async () => {
    const { page, session } = ui;
    const posts = session.sim.received('api', 'POST').length;
    await lens('Generate Video').first().click();
    await quick.waitForTitle(page, /Generate Video from Image · Dawn/);
    const items = await quick.items(page);
    assert.ok(
      items.some((i) => i.includes('[Image 1]') && i.includes('storyboard/frames/dawn.png')),
      items.join(' | '),
    );
    await ui.shot('scene-image-summary');
    await closeQuickInput(page);
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing sent');
  });

  it('a scene that would be refused is listed in the Problems panel, on its line, before anything is sent', async () => {
    const { page, session } = ui;
    const posts = session.sim.received('api', 'POST').length;
    // The same frame for a 1.x model, which takes no image: the provider would refuse it.
    await writeFile(
      join(ui.session.workspace, 'storyboard', 'pier.script.md'),
      SCRIPT.replace('doubao-seedance-2-0', 'doubao-seedance-1-5-pro').replace('Dawn', 'The pier'),
    );
    await openFileByName(page, 'pier.script.md');
    await runCommand(page, 'View: Focus Problems');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const error = rows.filter({ hasText: /image is only accepted by/ }).first();
    await until(
      'the scene’s error in the Problems panel',
      async () => (await error.count()) > 0,
      async () => (await rows.allInnerTexts()).join(' | '),
    );
    assert.match(await error.innerText(), /doubao-seedance-1-5-pro[\s\S]*\[Ln 8, Col 8\]/);
    await ui.shot('scene-problems');
    assert.equal(session.sim.received('api', 'POST').length, posts, 'nothing sent');
  });
});
