// The gallery: every finished video as a card (poster, prompt, model · duration · ratio ·
// resolution · date, estimated cost), rendering jobs as placeholder cards with live progress.
// A strict Content-Security-Policy with a nonce; media only through asWebviewUri, from the
// output folders and the extension's storage. Its filter survives hiding and reloads
// (getState/setState in the page, a serializer here). Posters are captured by the page itself
// (its <video> and a canvas: no decoder of our own) and kept once per video (posters.ts).
// At any size: a finished video's card is made once (while its job and poster are the same), and
// each post sends the page only the cards that changed and the order.
import { randomBytes } from 'node:crypto';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { isRightToLeft, t } from '../api/i18n';
import { costLabel } from '../pricing/estimate';
import { modelCatalog } from '../common/config';
import { Commands } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { type Job, finishedAtOf, listed, videoPathOf } from '../jobs/job';
import { traitsOf } from '../jobs/phases';
import type { JobStore } from '../jobs/jobStore';
import type { ElsewhereVideo } from '../jobs/folderJobs';
import type { FolderModel } from '../jobs/folderModel';
import { describeJob, fileFacts, progressBadge } from './jobLabels';
import type { Posters } from './posters';

export const GALLERY_VIEW_TYPE = 'seedance.gallery';
/** The same page as a view in the panel (next to the terminal), for people who want it outside an editor tab. */
export const GALLERY_PANEL_VIEW = 'seedance.galleryView';

/** Where the page is shown: the editor tab, or the panel's view. */
interface Surface {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
}

/** What a card shows; everything the page needs, nothing more. */
export interface Card {
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
  readonly details: string;
  readonly date: string;
  readonly cost?: string;
  readonly ready: boolean;
  readonly status: string;
  readonly progress?: string;
  readonly video?: string;
  readonly poster?: string;
  /** The script (file name) the video was made for: its cards are grouped, in scene order. */
  readonly group?: string;
  /** A video of the output folder without a sidecar (made elsewhere): known by its path. */
  readonly kind?: 'file';
  readonly path?: string;
}

/** A card's buttons (and Enter), each the command of the same name on the Videos view's rows. */
const CARD_COMMANDS = {
  open: Commands.openVideo,
  reveal: Commands.revealVideo,
  copyPrompt: Commands.copyPrompt,
  again: Commands.generateAgain,
  continue: Commands.continueFromLastFrame,
  remove: Commands.removeJob,
} as const;

/** What a card of a video made elsewhere offers: what needs no job. */
const FILE_COMMANDS = {
  reveal: Commands.revealVideo,
  remove: Commands.removeJob,
} as const;

type FromPage =
  | { type: 'ready' }
  | { type: 'openFile'; path: string }
  | { type: keyof typeof CARD_COMMANDS; id?: string; path?: string }
  | { type: 'poster'; id: string; dataUrl: string };

export class Gallery extends Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #view: vscode.WebviewView | undefined;
  #pending: NodeJS.Timeout | undefined;
  /** The cards last sent to a page (what it shows). */
  #posted: readonly Card[] = [];
  /** Finished videos' cards, by id, with what each was made from (a job, or a file made elsewhere). */
  readonly #made = new Map<string, { of: Job | ElsewhereVideo; card: Card }>();
  /** What each page holds now, by id: a post sends what differs. */
  readonly #sent = new WeakMap<vscode.Webview, Map<string, Card>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: JobStore,
    private readonly posters: Posters,
    private readonly left: (job: Job) => string | undefined,
    private readonly folders?: FolderModel,
  ) {
    super();
    if (folders) this._register(folders.onDidChange(() => this.#refreshSoon()));
    this._register(store.onDidChange(() => this.#refreshSoon()));
    this._register(
      posters.onDidChange((id) => {
        // One video's poster made, or (no id) those kept from before read at start.
        if (id) this.#made.delete(id);
        else this.#made.clear();
        this.#refreshSoon();
      }),
    );
    this._register(
      vscode.window.registerWebviewPanelSerializer(GALLERY_VIEW_TYPE, {
        deserializeWebviewPanel: (panel) => Promise.resolve(this.#adopt(panel)),
      }),
    );
    this._register(
      vscode.window.registerWebviewViewProvider(GALLERY_PANEL_VIEW, {
        resolveWebviewView: (view) => this.#adoptView(view),
      }),
    );
  }

  /** The cards last sent to a visible page (the extension's own tests read what the page was given). */
  posted(): readonly Card[] {
    return this.#posted;
  }

  /** Seedance: Open Gallery. */
  open(): void {
    if (this.#panel) {
      this.#panel.reveal();
      return;
    }
    this.#adopt(
      vscode.window.createWebviewPanel(
        GALLERY_VIEW_TYPE,
        t('Seedance Gallery'),
        vscode.ViewColumn.Active,
        this.#options(),
      ),
    );
  }

  #options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    // Only the extension's page assets, the folders videos are saved in, and the posters.
    const folders = new Set<string>();
    for (const job of this.store.all()) if (job.phase === 'done') folders.add(dirname(job.videoPath));
    for (const video of this.folders?.elsewhere() ?? []) folders.add(dirname(video.path));
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'media', 'gallery'),
        this.posters.folder,
        ...[...folders].map((f) => vscode.Uri.file(f)),
      ],
    };
  }

  #adopt(panel: vscode.WebviewPanel): void {
    this.#panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'seedance.svg');
    panel.webview.options = this.#options();
    panel.webview.html = this.#html(panel.webview);
    const subs = [
      panel.webview.onDidReceiveMessage((m: FromPage) => void this.#onMessage(m, panel.webview)),
      panel.onDidChangeViewState(() => panel.visible && this.#post()),
    ];
    panel.onDidDispose(() => {
      for (const s of subs) s.dispose();
      this.#panel = undefined;
    });
  }

  #adoptView(view: vscode.WebviewView): void {
    this.#view = view;
    view.webview.options = this.#options();
    view.webview.html = this.#html(view.webview);
    const subs = [
      view.webview.onDidReceiveMessage((m: FromPage) => void this.#onMessage(m, view.webview)),
      view.onDidChangeVisibility(() => view.visible && this.#post()),
    ];
    view.onDidDispose(() => {
      for (const s of subs) s.dispose();
      this.#view = undefined;
    });
  }

  async #onMessage(m: FromPage, webview: vscode.Webview): Promise<void> {
    switch (m.type) {
      case 'ready':
        // A page (re)loaded holds nothing: it is sent every card.
        this.#sent.delete(webview);
        return this.#post();
      case 'poster':
        if (typeof m.id === 'string' && typeof m.dataUrl === 'string') {
          const job = this.store.get(m.id);
          if (job?.phase === 'done') await this.posters.save(job, m.dataUrl);
        }
        return;
      case 'openFile':
        if (this.#elsewhere(m.path)) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(m.path));
        return;
      default: {
        // The page's message is checked like any input: a known card command on a known video.
        if (typeof m.path === 'string') {
          const command = Object.hasOwn(FILE_COMMANDS, m.type) ? FILE_COMMANDS[m.type as 'reveal'] : undefined;
          if (command && this.#elsewhere(m.path))
            await vscode.commands.executeCommand(command, { kind: 'file', path: m.path });
          return;
        }
        const command = Object.hasOwn(CARD_COMMANDS, m.type) ? CARD_COMMANDS[m.type] : undefined;
        if (command && typeof m.id === 'string' && this.store.get(m.id))
          await vscode.commands.executeCommand(command, m.id);
      }
    }
  }

  /** Whether `path` is a video made elsewhere that the page was shown. */
  #elsewhere(path: unknown): path is string {
    return typeof path === 'string' && this.folders?.elsewhereAt(path) !== undefined;
  }

  /** Store changes come in bursts (every progress update): one post per 300 ms at most. */
  #refreshSoon(): void {
    if ((!this.#panel && !this.#view) || this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      void this.#post();
    }, 300);
  }

  async #post(): Promise<void> {
    const surfaces: Surface[] = [];
    for (const surface of [this.#panel, this.#view]) if (surface?.visible) surfaces.push(surface);
    if (!surfaces.length) return;
    const shown = listed(this.store.all().filter((j) => traitsOf(j).inGallery)).flatMap((entry) =>
      'job' in entry ? [entry.job] : entry.jobs,
    );
    for (const { webview } of surfaces) {
      // A folder a new video was saved in must be allowed before its card can load it.
      const roots = this.#options().localResourceRoots ?? [];
      if (roots.length !== (webview.options.localResourceRoots ?? []).length) webview.options = this.#options();
      const cards = shown.map((j) => this.#cardOf(j, j, () => this.#card(j, webview)));
      for (const video of this.folders?.elsewhere() ?? [])
        cards.push(this.#cardOf(`file:${video.path}`, video, () => this.#fileCard(video, webview)));
      this.#posted = cards;
      // Cards of videos no longer listed are forgotten.
      if (this.#made.size > cards.length) {
        const listedIds = new Set(cards.map((c) => c.id));
        for (const id of this.#made.keys()) if (!listedIds.has(id)) this.#made.delete(id);
      }
      const sent = this.#sent.get(webview) ?? new Map<string, Card>();
      const changed = cards.filter((c) => !sameCard(sent.get(c.id), c));
      this.#sent.set(webview, new Map(cards.map((c) => [c.id, c])));
      await webview.postMessage({ type: 'cards', order: cards.map((c) => c.id), changed });
    }
  }

  /** A finished video's card as made before while it is the same; another's, made now. */
  #cardOf(key: string | Job, of: Job | ElsewhereVideo, make: () => Card): Card {
    const id = typeof key === 'string' ? key : key.id;
    const held = this.#made.get(id);
    if (held?.of === of) return held.card;
    const card = make();
    if (!('phase' in of) || of.phase === 'done') this.#made.set(id, { of, card });
    return card;
  }

  #card(job: Job, webview: vscode.Webview): Card {
    const video = videoPathOf(job);
    const poster = job.phase === 'done' ? this.posters.uriOf(job) : undefined;
    return {
      id: job.id,
      prompt: job.prompt,
      model: job.model,
      details: [
        modelCatalog().find(job.model)?.label ?? job.model,
        job.seconds && `${job.seconds} s`,
        job.size,
        job.resolution,
      ]
        .filter(Boolean)
        .join(' · '),
      date: new Date(finishedAtOf(job) ?? job.submittedAt).toLocaleString(),
      cost: job.cost && costLabel(job.cost),
      ready: Boolean(video),
      status: describeJob(job, Date.now(), this.left(job)),
      progress: progressBadge(job),
      ...(video && { video: webview.asWebviewUri(vscode.Uri.file(video)).toString() }),
      ...(poster && { poster: webview.asWebviewUri(poster).toString() }),
      ...(job.origin && { group: vscode.Uri.parse(job.origin.file).path.split('/').pop() }),
    };
  }

  /** A video with no sidecar: its name, what the file says, under "Made elsewhere". */
  #fileCard(video: ElsewhereVideo, webview: vscode.Webview): Card {
    const made = t('Made elsewhere');
    return {
      id: `file:${video.path}`,
      kind: 'file',
      path: video.path,
      prompt: basename(video.path),
      model: '',
      details: fileFacts(video),
      date: new Date(video.modifiedAt).toLocaleString(),
      ready: true,
      status: t('{0}: no sidecar says what made it', made),
      video: webview.asWebviewUri(vscode.Uri.file(video.path)).toString(),
      group: made,
    };
  }

  #html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'gallery', name));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `media-src ${webview.cspSource}`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}" dir="${isRightToLeft(vscode.env.language) ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${asset('gallery.css').toString()}">
<title>${html(t('Seedance Gallery'))}</title>
<script type="application/json" id="strings" nonce="${nonce}">${JSON.stringify(pageStrings()).replace(/</g, '\\u003c')}</script>
</head>
<body>
<header>
  <input id="filter" type="search" dir="auto" placeholder="${html(t('Filter prompts'))}" aria-label="${html(t('Filter prompts'))}">
  <select id="model" aria-label="${html(t('Model'))}"></select>
  <span id="count" aria-live="polite"></span>
</header>
<main id="grid" role="list"></main>
<p id="nomatch" hidden><span id="nomatch-text" dir="auto"></span> <button id="clear" type="button">${html(t('Clear Filter'))}</button></p>
<p id="empty" hidden>${html(t('No videos yet. Generate one from the Videos view, the editor or an image.'))}</p>
<canvas id="capture" hidden></canvas>
<script nonce="${nonce}" src="${asset('gallery.js').toString()}"></script>
</body>
</html>`;
  }

  override dispose(): void {
    clearTimeout(this.#pending);
    this.#panel?.dispose();
    super.dispose();
  }
}

/** Whether the page already holds this card (the same object, or the same words). */
function sameCard(held: Card | undefined, card: Card): boolean {
  return held === card || (held !== undefined && JSON.stringify(held) === JSON.stringify(card));
}

/** The page's own words, in the person's language (it has no access to the translations). */
function pageStrings(): Record<string, string> {
  return {
    allModels: t('All models'),
    count: t('{0} of {1}'),
    reveal: t('Reveal'),
    copyPrompt: t('Copy Prompt'),
    again: t('Generate Again'),
    continue: t('Continue from Last Frame'),
    otherVideos: t('Other videos'),
    remove: t('Remove from List'),
    more: t('More Actions…'),
    noMatch: t('No video’s prompt matches “{0}”.'),
    noMatchModel: t('No video of {0} is listed.'),
  };
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
