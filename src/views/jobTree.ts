// The "Videos" view: every job, newest first, live while it renders. Rows are keyed by task id
// so they keep their place (and selection) as they change; only changed rows are refreshed.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { Commands, Views } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { type Job, finishedAtOf, groupByScript, listed, shortPrompt, taskIdOf, videoPathOf } from '../jobs/job';
import { traitsOf } from '../jobs/phases';
import type { JobStore } from '../jobs/jobStore';
import type { FolderModel, NotListed } from '../jobs/folderModel';
import type { SpendLedger } from '../jobs/spendLedger';
import type { Posters } from './posters';
import { describeJob, describeSpend, fileFacts, progressBadge, providerStatus, rowState } from './jobLabels';
import { t } from '../api/i18n';
import { costLabel } from '../pricing/estimate';

function iconOf(job: Job): vscode.ThemeIcon {
  const { id, color } = traitsOf(job).icon;
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** A Markdown script's videos, grouped under its file name in scene order. */
export interface ScriptGroup {
  readonly kind: 'script';
  /** The script's URI. */
  readonly file: string;
}

/**
 * A job's row: one object per job id for the life of the view. Jobs are immutable (a change makes
 * a new value), and VS Code knows a row by the object it was given, so the row holds the id and
 * each drawing reads the job as it is now.
 */
export interface JobRow {
  readonly kind: 'job';
  readonly id: string;
}

/** A video of the output folder with no sidecar: made elsewhere, listed after every job. */
export interface FileRow {
  readonly kind: 'file';
  readonly path: string;
}

/** After a page of rows: how many more there are, and the command that shows them. */
export interface MoreRow {
  readonly kind: 'more';
}

/** A folder holding more videos than seedance.maxFolderVideos: the oldest are not read. */
export interface NotListedRow {
  readonly kind: 'notListed';
  readonly dir: string;
}

export type Row = JobRow | ScriptGroup | FileRow | MoreRow | NotListedRow;

/**
 * Rows drawn at first, and added by each "Show more": VS Code asks for the item of every row
 * `getChildren` returns, so a folder of 10,000 videos would otherwise be drawn whole.
 */
export const PAGE = 200;

function isGroup(row: Row): row is ScriptGroup {
  return row.kind === 'script';
}

/**
 * The rows: every job, newest first; a script's videos under its file name (placed where its
 * newest video is), in scene order. No view of its own, so it can be measured on its own.
 */
export class JobTreeProvider extends Disposable implements vscode.TreeDataProvider<Row> {
  readonly #onDidChangeTreeData = this._register(new vscode.EventEmitter<Row | undefined>());
  /** One object per script, so VS Code keeps each group's expansion across refreshes. */
  readonly #groups = new Map<string, ScriptGroup>();
  readonly #rows = new Map<string, JobRow>();
  readonly #files = new Map<string, FileRow>();
  /** Each script's videos in scene order, as of the last listing of the rows. */
  #byScript = new Map<string, readonly Job[]>();
  readonly #more: MoreRow = { kind: 'more' };
  /** How many top-level rows are shown, and how many there were when last listed. */
  #limit = PAGE;
  #total = 0;
  #notListed = new Map<string, NotListed>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;

  constructor(
    private readonly store: JobStore,
    /** The time left of a rendering job, in words ("about 40 s left"), if it can be told. */
    private readonly left: (job: Job) => string | undefined = () => undefined,
    private readonly posters?: Posters,
    private readonly folders?: FolderModel,
  ) {
    super();
    if (folders) this._register(folders.onDidChange(() => this.#onDidChangeTreeData.fire(undefined)));
    // Only the row that changed is refreshed (neither before nor after: the list itself changed).
    // A job that leaves the send queue moves every waiting row's place: those are redrawn too.
    this._register(
      store.onDidChange(({ before, after }) => {
        this.#onDidChangeTreeData.fire(after ? this.rowOf(after.id) : undefined);
        if (before?.phase === 'waiting' && after?.phase !== 'waiting') this.redrawWaiting();
      }),
    );
    if (posters) this._register(posters.onDidChange((id) => this.#onDidChangeTreeData.fire(this.rowOf(id))));
  }

  /** The row of the job `id` (the same object every time). */
  rowOf(id: string): JobRow {
    let row = this.#rows.get(id);
    if (!row) this.#rows.set(id, (row = { kind: 'job', id }));
    return row;
  }

  /** Redraws the waiting jobs' rows (their place, or the queue's pause, changed). */
  redrawWaiting(): void {
    this.redraw(this.store.all().filter((j) => j.phase === 'waiting'));
  }

  /** Redraws these jobs' rows (their time moved, not their job). */
  protected redraw(jobs: readonly Job[]): void {
    for (const job of jobs) this.#onDidChangeTreeData.fire(this.rowOf(job.id));
  }

  getChildren(element?: Row): Row[] {
    const jobs = this.store.all();
    if (!element) {
      // One pass, whatever the number of scripts (jobs/job.ts `listed`, the gallery's order too):
      // each script's videos are grouped here once, and its group row and children read them.
      this.#byScript = new Map();
      const rows: Row[] = listed(jobs).map((entry) => {
        if ('job' in entry) return this.rowOf(entry.job.id);
        this.#byScript.set(entry.file, entry.jobs);
        return this.#group(entry.file);
      });
      for (const video of this.folders?.elsewhere() ?? []) rows.push(this.#file(video.path));
      this.#total = rows.length;
      const shown = rows.slice(0, this.#limit);
      if (rows.length > this.#limit) shown.push(this.#more);
      this.#notListed = new Map((this.folders?.notListed() ?? []).map((n) => [n.dir, n]));
      for (const dir of this.#notListed.keys()) shown.push({ kind: 'notListed', dir });
      return shown;
    }
    if (!isGroup(element)) return [];
    const videos = this.#byScript.get(element.file) ?? groupByScript(jobs).get(element.file) ?? [];
    return videos.map((j) => this.rowOf(j.id));
  }

  /** Whether `path` is a video made elsewhere that the view lists now (a row a command may act on). */
  listsFile(path: string): boolean {
    return this.folders?.elsewhereAt(path) !== undefined;
  }

  /** Shows the next page of rows ("Show more"). */
  showMore(): void {
    this.#limit += PAGE;
    this.#onDidChangeTreeData.fire(undefined);
  }

  getParent(row: Row): Row | undefined {
    if (row.kind !== 'job') return undefined;
    const origin = this.store.get(row.id)?.origin;
    return origin ? this.#group(origin.file) : undefined;
  }

  #group(file: string): ScriptGroup {
    let group = this.#groups.get(file);
    if (!group) this.#groups.set(file, (group = { kind: 'script', file }));
    return group;
  }

  #file(path: string): FileRow {
    let row = this.#files.get(path);
    if (!row) this.#files.set(path, (row = { kind: 'file', path }));
    return row;
  }

  getTreeItem(row: Row): vscode.TreeItem {
    if (isGroup(row)) return this.#groupItem(row);
    if (row.kind === 'file') return this.#fileItem(row);
    if (row.kind === 'more') return this.#moreItem();
    if (row.kind === 'notListed') return this.#notListedItem(row);
    const job = this.store.get(row.id);
    if (!job) return new vscode.TreeItem(t('(removed)'));
    // The state first (highlighted: "44% · about 15 s left", "Ready", "Failed"), then the prompt:
    // what a person checks at a glance survives the default sidebar width.
    const left = this.left(job);
    const state = rowState(job, left);
    const prompt = shortPrompt(job.prompt);
    const label: vscode.TreeItemLabel = { label: `${state} · ${prompt}`, highlights: [[0, state.length]] };
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = job.id;
    const description = describeJob(job, Date.now(), left);
    item.description = description;
    // A finished video's own frame when the gallery has made one; else the state's icon.
    const poster = job.phase === 'done' ? this.posters?.uriOf(job) : undefined;
    item.iconPath = poster ?? iconOf(job);
    item.contextValue = traitsOf(job).context;
    item.tooltip = tooltip(job, description, poster);
    item.accessibilityInformation = { label: `${state}, ${prompt}, ${description}` };
    if (job.phase === 'done') item.command = { command: Commands.openVideo, title: t('Open Video'), arguments: [job] };
    return item;
  }

  /** "Made elsewhere · name": what the file says (size, length); it opens like any video. */
  #fileItem(row: FileRow): vscode.TreeItem {
    const video = this.folders?.elsewhereAt(row.path);
    const name = basename(row.path);
    const state = t('Made elsewhere');
    const item = new vscode.TreeItem(
      { label: `${state} · ${name}`, highlights: [[0, state.length]] },
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = `file:${row.path}`;
    item.iconPath = new vscode.ThemeIcon('file-media');
    item.description = video ? fileFacts(video) : undefined;
    item.tooltip = t('{0}: no sidecar says what made it (a video copied here, or made by another tool).', row.path);
    item.contextValue = 'seedance.elsewhere';
    item.resourceUri = vscode.Uri.file(row.path);
    item.command = { command: 'vscode.open', title: t('Open Video'), arguments: [vscode.Uri.file(row.path)] };
    return item;
  }

  #moreItem(): vscode.TreeItem {
    const left = this.#total - this.#limit;
    const item = new vscode.TreeItem(
      t('Show {0} more ({1} not shown)', Math.min(PAGE, left), left.toLocaleString()),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = 'more';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: Commands.showMoreVideos, title: t('Show More Videos') };
    return item;
  }

  #notListedItem(row: NotListedRow): vscode.TreeItem {
    const count = this.#notListed.get(row.dir)?.count ?? 0;
    const item = new vscode.TreeItem(
      t('{0} older videos not listed', count.toLocaleString()),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = `notListed:${row.dir}`;
    item.iconPath = new vscode.ThemeIcon('info');
    item.description = basename(row.dir);
    item.tooltip = t(
      '{0} holds more videos than seedance.maxFolderVideos: the newest are listed. Raise the setting to list them all.',
      row.dir,
    );
    item.command = {
      command: 'workbench.action.openSettings',
      title: t('Open Settings'),
      arguments: ['seedance.maxFolderVideos'],
    };
    return item;
  }

  #groupItem(group: ScriptGroup): vscode.TreeItem {
    const uri = vscode.Uri.parse(group.file);
    const videos = this.#byScript.get(group.file)?.length ?? 0;
    const item = new vscode.TreeItem(uri.path.split('/').pop() ?? uri.path, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `script:${group.file}`;
    item.resourceUri = uri;
    item.iconPath = vscode.ThemeIcon.File;
    item.description = videos === 1 ? t('1 video') : t('{0} videos', videos);
    item.tooltip = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    item.contextValue = 'seedance.script';
    item.command = { command: 'vscode.open', title: t('Open Script'), arguments: [uri] };
    return item;
  }
}

/** The "Videos" view itself: the provider's rows, a badge for unseen videos, reveal. */
export class JobTree extends JobTreeProvider {
  readonly view: vscode.TreeView<Row>;
  /** Moves the rendering rows' elapsed time and time left every second; none when nothing shows it. */
  #clock: NodeJS.Timeout | undefined;

  constructor(
    store: JobStore,
    ledger?: SpendLedger,
    left?: (job: Job) => string | undefined,
    posters?: Posters,
    folders?: FolderModel,
  ) {
    super(store, left, posters, folders);
    this.view = this._register(
      vscode.window.createTreeView(Views.jobs, { treeDataProvider: this, showCollapseAll: false }),
    );
    // Set only when the count changes: every progress update of every job lands here, and each
    // assignment is a message to the workbench.
    let shown = -1;
    const updateBadge = () => {
      const unseen = store.all().filter((j) => j.phase === 'done' && !j.seen).length;
      if (unseen === shown) return;
      shown = unseen;
      this.view.badge = unseen
        ? { value: unseen, tooltip: unseen === 1 ? t('1 new video') : t('{0} new videos', unseen) }
        : undefined;
    };
    this._register(store.onDidChange(updateBadge));
    updateBadge();
    // Time that moves: one timer for every rendering row, only while the view is visible and
    // something renders. It asks for nothing: the rows are drawn again from what is known.
    const updateClock = () => {
      const needed = this.view.visible && store.running().length > 0;
      if (needed && !this.#clock) this.#clock = setInterval(() => this.redraw(store.running()), 1_000);
      else if (!needed && this.#clock) {
        clearInterval(this.#clock);
        this.#clock = undefined;
      }
    };
    this._register(store.onDidChange(updateClock));
    this._register(this.view.onDidChangeVisibility(updateClock));
    this._register({ dispose: () => clearInterval(this.#clock) });
    updateClock();
    // This month's estimated spend, in the view's title (its description only shows when the
    // container holds several views; the title shows in every layout).
    if (ledger) {
      const updateSpend = () => {
        const spend = describeSpend(ledger.thisMonth());
        this.view.title = spend ? t('Videos · {0}', spend) : t('Videos');
      };
      this._register(ledger.onDidChange(updateSpend));
      updateSpend();
    }
  }

  /** Whether the rows' clock runs (a rendering job shown in a visible view). */
  get ticking(): boolean {
    return this.#clock !== undefined;
  }

  /** Shows the job's row (a new job, or the one a command is about). */
  async reveal(job: Job): Promise<void> {
    await this.view.reveal(this.rowOf(job.id), { select: true, focus: false }).then(undefined, () => undefined);
  }
}

function tooltip(job: Job, status: string, poster?: vscode.Uri): vscode.MarkdownString {
  // appendText escapes Markdown: prompts, model ids, provider texts and paths are shown as typed.
  const md = new vscode.MarkdownString(undefined, true);
  const finished = finishedAtOf(job);
  if (poster) md.appendMarkdown(`![](${poster.toString()}|width=240)\n\n`);
  md.appendMarkdown('**');
  md.appendText(shortPrompt(job.prompt, 200));
  md.appendMarkdown('**\n\n');
  const rows: [string, string | undefined][] = [
    [t('Status'), status],
    [t('Progress'), progressBadge(job)],
    [t('Provider status'), providerStatus(job)],
    [t('Model'), job.model],
    [t('Duration'), job.seconds ? t('{0} s', job.seconds) : undefined],
    [t('Size'), job.size],
    [t('Resolution'), job.resolution],
    [t('Images'), job.images?.map((p, i) => `[Image ${i + 1}] ${basename(p)}`).join(', ')],
    [t('Estimated cost'), job.cost && costLabel(job.cost)],
    [t('Task id'), taskIdOf(job)],
    [t('Submitted'), new Date(job.submittedAt).toLocaleString()],
    [t('Finished'), finished ? new Date(finished).toLocaleString() : undefined],
    [t('File'), videoPathOf(job)],
    [
      t('Known from'),
      job.found ? t('its sidecar (made on another machine, by someone else, or by an agent)') : undefined,
    ],
  ];
  for (const [k, v] of rows) {
    if (!v) continue;
    md.appendText(`${k}: ${v}`);
    md.appendMarkdown('  \n');
  }
  if (job.prompt.length > 200 || job.prompt.includes('\n')) md.appendCodeblock(job.prompt, 'text');
  return md;
}
