// "2 rendering · 47% · about 40 s left" in the status bar while jobs run (the least advanced job's
// progress, and the time until the last of them is probably done); clicking it shows the view.
import * as vscode from 'vscode';
import { Commands } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { describeRemaining } from '../jobs/finishEstimate';
import type { Job } from '../jobs/job';
import type { JobStore } from '../jobs/jobStore';
import { t } from '../api/i18n';

export class RenderingStatus extends Disposable {
  readonly item: vscode.StatusBarItem;
  /** Whether the item is shown (StatusBarItem does not say). */
  visible = false;

  constructor(
    private readonly store: JobStore,
    /** When a rendering job will probably be done (ms since the epoch), if it can be told. */
    private readonly finishAt: (job: Job) => number | undefined = () => undefined,
  ) {
    super();
    this.item = this._register(
      vscode.window.createStatusBarItem('seedance.rendering', vscode.StatusBarAlignment.Left, 50),
    );
    this.item.name = t('Seedance: videos rendering');
    this.item.command = Commands.focusJobs;
    this._register(store.onDidChange(() => this.#update()));
    this.#update();
  }

  #update(): void {
    const running = this.store.running();
    this.visible = running.length > 0;
    if (!running.length) {
      this.item.hide();
      return;
    }
    const now = Date.now();
    const rendering = running.filter((j) => j.phase === 'rendering');
    const least = rendering.length ? Math.min(...rendering.map((j) => j.task.progress)) : 100;
    const finishes = rendering.map((j) => this.finishAt(j));
    const last = finishes.every((f) => f !== undefined) && finishes.length ? Math.max(...finishes) : undefined;
    const left = describeRemaining(last === undefined ? undefined : { finishAt: last, basis: 'both' }, now);
    // Waiting videos are not rendering yet: counted apart ("3 rendering · 40% · 2 waiting").
    const waiting = running.filter((j) => j.phase === 'waiting').length;
    const busy = running.length - waiting;
    const state = busy ? t('{0} rendering · {1}%', busy, least) : t('{0} waiting to send', waiting);
    const queued = busy && waiting ? ` · ${t('{0} waiting', waiting)}` : '';
    this.item.text = `$(loading~spin) ${state}${left ? ` · ${left}` : ''}${queued}`;
    const videos = running.length === 1 ? t('1 video') : t('{0} videos', running.length);
    this.item.tooltip = left
      ? t(
          'Seedance: {0} on the way; the least advanced is at {1}%; {2} until all are done. Click to show the Videos view.',
          videos,
          least,
          left,
        )
      : t('Seedance: {0} on the way; the least advanced is at {1}%. Click to show the Videos view.', videos, least);
    this.item.show();
  }
}
