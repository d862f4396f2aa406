// The command palette, as a person uses it.
import assert from 'node:assert/strict';
import { ui } from './context';
import { closeQuickInput, paletteEntries } from './workbench';

describe('command palette', () => {
  it("lists the extension's commands under the Seedance category", async () => {
    const entries = await paletteEntries(ui.page, 'Seedance');
    await ui.shot('palette-seedance-commands');
    for (const title of ['Seedance: Set API Key', 'Seedance: Clear API Key', 'Seedance: Show Log']) {
      assert.ok(
        entries.some((e) => e.startsWith(title)),
        `"${title}" not in the palette: ${entries.join(' | ')}`,
      );
    }
    await closeQuickInput(ui.page);
  });
});
