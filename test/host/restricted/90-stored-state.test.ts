// Yesterday's stored state, damaged (another version, a crash, a hand edit): the extension still
// activates and shows the Videos view with every job it can read. Runs last in its session: it
// activates the extension a second time on the same context, as a reload would.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeedanceExtensionApi } from '../../../src/extension';
import { useExtension } from '../support';

describe('damaged stored state', () => {
  const ext = useExtension();

  it('a spend that is text, a null render history and a job with wrong field types still activate and show', async () => {
    const { context } = ext.api;
    await context.globalState.update('seedance.spend.v1', { month: monthNow(), jobs: { task_a: '0.40', task_b: 0.4 } });
    await context.globalState.update('seedance.renderTimes.v1', null);
    await context.globalState.update('seedance.lastChoices', { seconds: 50_000_000, size: '$(zap)' });
    await context.workspaceState.update('seedance.jobs.v2', [
      {
        id: 'task_damaged',
        phase: 'done',
        prompt: 42,
        model: { evil: true },
        submittedAt: 'yesterday',
        task: null,
        images: 'not-a-list',
        videoPath: 7,
      },
      {
        id: 'task_fine',
        phase: 'failed',
        prompt: 'A heron',
        model: 'doubao-seedance-2-0',
        submittedAt: 1,
        failure: 'x',
      },
      { nonsense: true },
    ]);
    let api: SeedanceExtensionApi | undefined;
    assert.doesNotThrow(() => (api = ext.api.reactivate()), 'activation survives');
    assert.ok(api);
    assert.deepEqual(
      api.jobs.all().map((j) => j.id),
      ['task_damaged', 'task_fine'],
      'every job that has an id and a phase is kept',
    );
    // The Videos view draws both rows and its title (this month's spend, the text amount left out).
    const rows = api.tree.getChildren();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      const item = api.tree.getTreeItem(row);
      assert.ok(item.label, 'a row with a label');
      assert.ok(item.tooltip, 'and a tooltip');
    }
    assert.equal(api.tree.view.title, 'Videos · ≈ $0.40 this month');
    await vscode.commands.executeCommand('seedance.jobs.focus');
  });
});

function monthNow(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}
