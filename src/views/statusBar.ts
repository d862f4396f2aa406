// "2 videos rendering" in the status bar while jobs run; clicking it shows the Videos view.
import * as vscode from 'vscode';
import { Commands } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import type { JobStore } from '../jobs/jobStore';

export class RenderingStatus extends Disposable {
  readonly item: vscode.StatusBarItem;
  /** Whether the item is shown (StatusBarItem does not say). */
  visible = false;

  constructor(private readonly store: JobStore) {
    super();
    this.item = this._register(
      vscode.window.createStatusBarItem('seedance.rendering', vscode.StatusBarAlignment.Left, 50),
    );
    this.item.name = 'Seedance: videos rendering';
    this.item.command = Commands.focusJobs;
    this._register(store.onDidChange(() => this.#update()));
    this.#update();
  }

  #update(): void {
    const running = this.store.running().length;
    this.visible = running > 0;
    if (!running) {
      this.item.hide();
      return;
    }
    this.item.text = `$(loading~spin) ${running} video${running === 1 ? '' : 's'} rendering`;
    this.item.tooltip = 'Seedance: show the Videos view';
    this.item.show();
  }
}
