// The "Videos" view: every job, newest first, live while it renders. Rows are keyed by task id
// so they keep their place (and selection) as they change; only changed rows are refreshed.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { Commands, Views } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { type Job, type JobPhase, shortPrompt } from '../jobs/job';
import type { JobStore } from '../jobs/jobStore';

const ICON: Record<JobPhase, vscode.ThemeIcon> = {
  rendering: new vscode.ThemeIcon('loading~spin'),
  downloading: new vscode.ThemeIcon('loading~spin'),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  'download-failed': new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  lost: new vscode.ThemeIcon('question', new vscode.ThemeColor('testing.iconFailed')),
  'timed-out': new vscode.ThemeIcon('watch', new vscode.ThemeColor('testing.iconQueued')),
};

/** `contextValue` per phase, matched by menus with `viewItem =~ /.../`. */
const CONTEXT: Record<JobPhase, string> = {
  rendering: 'seedance.job.running',
  downloading: 'seedance.job.downloading',
  done: 'seedance.job.succeeded',
  failed: 'seedance.job.failed',
  'download-failed': 'seedance.job.downloadFailed',
  lost: 'seedance.job.lost',
  'timed-out': 'seedance.job.timedOut',
};

/** The rows: every job, newest first. No view of its own, so it can be measured on its own. */
export class JobTreeProvider extends Disposable implements vscode.TreeDataProvider<Job> {
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<Job | undefined>());
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;

  constructor(private readonly store: JobStore) {
    super();
    // Only the row that changed is refreshed (undefined: the list itself changed).
    this._register(store.onDidChange((job) => this.#onDidChangeTreeData.fire(job)));
  }

  getChildren(element?: Job): Job[] {
    return element ? [] : [...this.store.all()];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(job: Job): vscode.TreeItem {
    const item = new vscode.TreeItem(shortPrompt(job.prompt), vscode.TreeItemCollapsibleState.None);
    item.id = job.id;
    item.description = describe(job);
    item.iconPath = ICON[job.phase];
    item.contextValue = CONTEXT[job.phase];
    item.tooltip = tooltip(job);
    item.accessibilityInformation = { label: `${shortPrompt(job.prompt)}, ${describe(job)}` };
    if (job.phase === 'done') item.command = { command: Commands.openVideo, title: 'Open Video', arguments: [job] };
    return item;
  }
}

/** The "Videos" view itself: the provider's rows, a badge for unseen videos, reveal. */
export class JobTree extends JobTreeProvider {
  readonly view: vscode.TreeView<Job>;

  constructor(store: JobStore) {
    super(store);
    this.view = this._register(vscode.window.createTreeView(Views.jobs, { treeDataProvider: this, showCollapseAll: false }));
    // Set only when the count changes: every progress update of every job lands here, and each
    // assignment is a message to the workbench.
    let shown = -1;
    const updateBadge = () => {
      const unseen = store.all().filter((j) => j.phase === 'done' && !j.seen).length;
      if (unseen === shown) return;
      shown = unseen;
      this.view.badge = unseen ? { value: unseen, tooltip: `${unseen} new video${unseen === 1 ? '' : 's'}` } : undefined;
    };
    this._register(store.onDidChange(updateBadge));
    updateBadge();
  }

  /** Shows the job's row (a new job, or the one a command is about). */
  async reveal(job: Job): Promise<void> {
    await this.view.reveal(job, { select: true, focus: false }).then(undefined, () => undefined);
  }
}

export function describe(job: Job, now = Date.now()): string {
  const elapsed = formatDuration((job.finishedAt ?? now) - job.submittedAt);
  switch (job.phase) {
    case 'rendering': {
      const status = job.status === 'SUBMITTED' ? 'Queued' : job.status === 'IN_PROGRESS' ? `Rendering ${job.progress}%` : `${job.status} ${job.progress}%`;
      return `${status} · ${elapsed}${job.error ? ` · ${job.error}` : ''}`;
    }
    case 'downloading':
      return `Downloading ${job.progress}%`;
    case 'done':
      return `Ready · ${elapsed}${job.videoBytes ? ` · ${formatBytes(job.videoBytes)}` : ''}`;
    case 'failed':
      return `Failed: ${job.error ?? job.status}`;
    case 'download-failed':
      return `Download failed: ${job.error ?? ''}`;
    case 'lost':
      return 'Lost: the provider does not know this task';
    case 'timed-out':
      return `Timed out after ${elapsed}`;
  }
}

function tooltip(job: Job): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(shortPrompt(job.prompt, 200))}**\n\n`);
  const rows: [string, string | undefined][] = [
    ['Status', describe(job)],
    ['Model', job.model],
    ['Duration', job.seconds ? `${job.seconds} s` : undefined],
    ['Aspect ratio', job.size || undefined],
    ['Resolution', job.resolution || undefined],
    ['Image', job.image ? basename(job.image) : undefined],
    ['Task id', `\`${job.id}\``],
    ['Submitted', new Date(job.submittedAt).toLocaleString()],
    ['Finished', job.finishedAt ? new Date(job.finishedAt).toLocaleString() : undefined],
    ['File', job.videoPath],
  ];
  md.appendMarkdown(rows.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('  \n'));
  if (job.prompt.length > 200 || job.prompt.includes('\n')) md.appendCodeblock(job.prompt, 'text');
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
