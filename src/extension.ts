// Wiring only: services are created and registered here; behaviour lives in the folders.
// Activation does no network and no file I/O beyond VS Code's own state (and the profile's small
// shared files): polling of restored jobs starts a moment later.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SeedanceClient } from './api';
import { ApiKeyStore } from './auth/apiKeyStore';
import { ClientProvider } from './auth/clientProvider';
import { KeyCommands } from './commands/apiKeyCommands';
import { Generator } from './commands/generate';
import { jobCommands } from './commands/jobCommands';
import { supportCommands } from './commands/supportCommands';
import { registerCommand } from './commands/runCommand';
import {
  adaptivePolling,
  customModels,
  jobTimeoutMs,
  maxConcurrentJobs,
  maxDownloadBytes,
  minPollMs,
  pollIntervalMs,
} from './common/config';
import { outputFolder } from './jobs/outputLocation';
import { sidecarOf, writeSidecar } from './jobs/sidecar';
import { Commands } from './common/ids';
import { JobManager } from './jobs/jobManager';
import { describeRemaining } from './jobs/finishEstimate';
import { Estimates } from './jobs/renderHistory';
import type { Job } from './jobs/job';
import { JobStore } from './jobs/jobStore';
import { SpendLedger } from './jobs/spendLedger';
import { VideoDownloads } from './jobs/videoDownloads';
import { FolderWatcher } from './jobs/folderWatcher';
import { WindowPlaces } from './jobs/windowPlaces';
import { registerVideoTools } from './tools/videoTools';
import { McpDefinitions, copyMcpConfiguration, registerMcpServer } from './tools/mcpServer';
import { GALLERY_PANEL_VIEW, Gallery } from './views/gallery';
import { shownMessages } from './views/messages';
import { JobNotifications } from './views/jobNotifications';
import { Posters } from './views/posters';
import { JobTree } from './views/jobTree';
import { waitingWords } from './views/jobLabels';
import { RenderingStatus } from './views/statusBar';
import { inDirection, t, useTranslator } from './api/i18n';
import { exportFilm } from './script/exportFilm';
import { SceneCommands } from './script/sceneCommands';
import { WalkthroughProgress } from './views/walkthrough';
import { selectionMadeFor } from './script/scriptDocument';
import { SceneLenses } from './script/sceneLenses';
import { SceneVideoLinks } from './script/sceneVideoLinks';
import { SceneDiagnostics } from './script/sceneDiagnostics';

/** Set by esbuild: true only in the build the test harness packages. */
declare const SEEDANCE_TEST_BUILD: boolean;

/**
 * What activate returns to the extension's own in-host tests, and to no one else: only in the build
 * made for them (SEEDANCE_TEST_BUILD, a constant esbuild sets; the shipped bundle does not contain
 * this object at all). Not public API.
 */
export interface SeedanceExtensionApi {
  /** How long activate() took, measured by the extension itself. */
  readonly activationMs: number;
  /** The client commands use (built from the stored key and settings). */
  client(): Promise<SeedanceClient | undefined>;
  readonly jobs: JobStore;
  readonly manager: JobManager;
  readonly tree: JobTree;
  readonly status: RenderingStatus;
  readonly posters: Posters;
  /** The output folders as read (videos made elsewhere; found jobs are in `jobs`). */
  readonly folders: FolderWatcher;
  readonly gallery: Gallery;
  /** A script's scenes checked in the Problems panel. */
  readonly diagnostics: SceneDiagnostics;
  /** The MCP server offered to VS Code's agents. */
  readonly mcp: McpDefinitions;
  readonly ledger: SpendLedger;
  /** The extension's own context: a test plants stored state in it. */
  readonly context: vscode.ExtensionContext;
  /** The notifications shown so far (the last 50), with their buttons. */
  readonly messages: typeof shownMessages;
  /** Disposes everything and activates again on the same context, as a reload would. */
  reactivate(): SeedanceExtensionApi | undefined;
}

let flushJobs: (() => Thenable<void> | undefined) | undefined;

export function activate(context: vscode.ExtensionContext): SeedanceExtensionApi | undefined {
  const started = performance.now();
  // Every user-facing string goes through t(): in VS Code, in the person's language (l10n/).
  useTranslator(inDirection((message, ...args) => vscode.l10n.t(message, ...args), vscode.env.language));
  const version = String((context.extension.packageJSON as { version: string }).version);
  const log = vscode.window.createOutputChannel('Seedance', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  const clients = new ClientProvider(keys, log, version);
  // Stored state is parsed, never trusted: what cannot be read is dropped and named in the log.
  const dropped = (line: string) => log.warn(line);
  const store = new JobStore(context.workspaceState, dropped);
  const downloads = new VideoDownloads(
    clients,
    { folderOf: (job) => outputFolder(job, context.globalStorageUri), maxBytes: maxDownloadBytes },
    log,
  );
  // The windows of one profile share one key, so one account: its month's spend and its places at
  // the provider are files in the profile's storage, changed under a lock by each window.
  const profileFile = (name: string) => join(context.globalStorageUri.fsPath, name);
  const ledger = new SpendLedger(profileFile('spend.json'), context.globalState, dropped);
  const places = new WindowPlaces(profileFile('places.json'), {
    report: dropped,
    busyHere: () => store.all().filter((j) => j.phase === 'rendering').length,
  });
  const focus = {
    focused: () => vscode.window.state.focused,
    onDidChange: (listener: (focused: boolean) => unknown) =>
      vscode.window.onDidChangeWindowState((s) => listener(s.focused)),
  };
  const estimates = new Estimates(context.globalState, dropped);
  const manager = new JobManager({
    store,
    clients,
    downloads,
    log,
    focus,
    settings: { pollIntervalMs, minPollMs, adaptive: adaptivePolling, jobTimeoutMs, maxConcurrent: maxConcurrentJobs },
    // What made each video, beside it (`<video>.json`): a teammate, another machine or a tool reads it.
    describeVideo: async (job) => {
      const { root } = outputFolder(job, context.globalStorageUri);
      await writeSidecar(job.videoPath, await sidecarOf(job, root, version, job.task.model));
    },
    estimates,
    ledger,
    places,
  });
  // A rendering job's time left; a waiting one's place in the send queue.
  const left = (job: Job) =>
    job.phase === 'waiting'
      ? waitingWords(
          manager.waiting().findIndex((w) => w.id === job.id),
          manager.queueHold,
        )
      : describeRemaining(estimates.estimate(job, Date.now()), Date.now());
  const posters = new Posters(context.globalStorageUri);
  // The output folders say which videos there are (a teammate's, another machine's, an agent's).
  const folders = new FolderWatcher(store, log);
  const tree = new JobTree(store, ledger, left, posters, folders);
  context.subscriptions.push(manager.onDidChangeQueue(() => tree.redrawWaiting()));
  const gallery = new Gallery(context.extensionUri, store, posters, left, folders);
  const status = new RenderingStatus(store, (job) => estimates.estimate(job, Date.now())?.finishAt);
  const keyCommands = new KeyCommands(keys, clients, log);
  const generator = new Generator(context, manager, keyCommands, tree, log, selectionMadeFor);
  const lenses = new SceneLenses(store, left);
  const diagnostics = new SceneDiagnostics(store);
  const walkthrough = new WalkthroughProgress(context.globalState);
  const scenes = new SceneCommands(store, manager, keyCommands, generator, log);
  // The same engine as an MCP server for VS Code's agents: the key only when VS Code starts it.
  const mcp = new McpDefinitions(
    context,
    async () => ((await keyCommands.ensureKey()) ? keys.get().catch(() => undefined) : undefined),
    version,
  );

  context.subscriptions.push(
    log,
    keys,
    clients,
    store,
    ledger,
    { dispose: () => void places.close() },
    // What another window spent meanwhile, when this one comes to the front.
    vscode.window.onDidChangeWindowState((s) => s.focused && ledger.refresh()),
    manager,
    new JobNotifications(manager, log),
    posters,
    folders,
    gallery,
    diagnostics,
    registerCommand(log, Commands.getStarted, () =>
      walkthrough.open(`${context.extension.id}#seedance.gettingStarted`),
    ),
    registerCommand(log, Commands.showGalleryInPanel, async () => {
      await vscode.commands.executeCommand(`${GALLERY_PANEL_VIEW}.focus`);
      await walkthrough.mark('gallery');
    }),
    registerCommand(log, Commands.openGallery, async () => {
      gallery.open();
      await walkthrough.mark('gallery');
    }),
    // The walkthrough ticks what was done, whichever way it was done (any new job in the list).
    store.onDidChange(({ before, after }) => {
      if (!before && !after) void walkthrough.noteJobs(store.all());
    }),
    tree,
    status,
    ...keyCommands.register(),
    registerCommand(log, Commands.generateVideo, (arg) => generator.generate(arg)),
    registerCommand(log, Commands.generateVideoFromImage, (uri, uris, options) =>
      generator.generateFromImage(uri, uris, options),
    ),
    registerCommand(log, Commands.generateVideoFromImages, (uri, uris, options) =>
      generator.generateFromImage(uri, uris, options),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('seedance.models')) reportModelProblems(log);
    }),
    registerCommand(log, Commands.showLog, () => log.show()),
    ...jobCommands(log, store, manager, tree, generator),
    ...supportCommands(log, {
      store,
      transcripts: clients.transcripts,
      key: () => keys.get().catch(() => undefined),
      version,
    }),
    lenses,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('seedance.script.codeLens')) lenses.refresh();
    }),
    // Trusting the workspace brings back the lenses that send.
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    new SceneVideoLinks(manager, store, log),
    registerCommand(log, Commands.generateScene, (uri, heading, occurrence) =>
      scenes.generateScene(uri, heading, occurrence),
    ),
    registerCommand(log, Commands.generateAllScenes, (uri) => scenes.generateAll(uri)),
    registerCommand(log, Commands.continueFromLastFrame, (job) => scenes.continueFromLastFrame(job)),
    registerCommand(log, Commands.exportFilm, (uri) => exportFilm(uri, store, log)),
    registerCommand(log, Commands.showJob, async (id) => {
      const job = typeof id === 'string' ? store.get(id) : undefined;
      if (!job) return;
      await vscode.commands.executeCommand(Commands.focusJobs);
      await tree.reveal(job);
    }),
    ...registerVideoTools(manager, store),
    mcp,
    ...registerMcpServer(mcp, log),
    registerCommand(log, Commands.copyMcpConfiguration, () => copyMcpConfiguration(mcp)),
  );
  // Neither is awaited: the keyring can be slow, and activation must stay instant.
  // The walkthrough's first step: a key is set (now, or before this window).
  const noteKey = async () => {
    if (await keys.get().catch(() => undefined)) await walkthrough.mark('setKey');
  };
  context.subscriptions.push(keys.onDidChange(() => void noteKey()));
  void keys.initialize().then(noteKey);
  void manager.restore();
  void folders.start();
  void walkthrough
    .restore(store.all())
    .then(() => firstStart(walkthrough, `${context.extension.id}#seedance.gettingStarted`, log));
  reportModelProblems(log);
  flushJobs = () => store.flush();

  const activationMs = performance.now() - started;
  log.info(`Seedance ${version} activated in ${activationMs.toFixed(1)} ms (${store.all().length} stored job(s))`);
  return SEEDANCE_TEST_BUILD
    ? {
        activationMs,
        client: () => clients.get(),
        jobs: store,
        manager,
        tree,
        status,
        posters,
        folders,
        gallery,
        diagnostics,
        mcp,
        ledger,
        context,
        messages: shownMessages,
        reactivate: () => {
          for (const d of context.subscriptions.splice(0)) d.dispose();
          return activate(context);
        },
      }
    : undefined;
}

/**
 * The first start in a profile opens the walkthrough. `npm start`'s demo also names its script
 * (SEEDANCE_DEMO_SCRIPT, a file of the workspace), which opens first, the walkthrough beside it.
 */
async function firstStart(walkthrough: WalkthroughProgress, id: string, log: vscode.LogOutputChannel): Promise<void> {
  const demo = process.env.SEEDANCE_DEMO_SCRIPT;
  const script = demo && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(demo)) ? vscode.Uri.file(demo) : undefined;
  try {
    if (script && !walkthrough.openedBefore())
      await vscode.window.showTextDocument(script, { preview: false, viewColumn: vscode.ViewColumn.One });
    const opened = await walkthrough.openOnFirstStart(id, Boolean(script));
    log.info(
      opened
        ? 'First start: opened the walkthrough'
        : 'Walkthrough: not opened (only on the first start in a profile, when workbench.welcomePage.walkthroughs.openOnInstall is on)',
    );
  } catch (err) {
    log.warn(`First start: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Entries of `seedance.models` that were skipped, each with the reason (log and one warning). */
function reportModelProblems(log: vscode.LogOutputChannel): void {
  const { problems } = customModels();
  for (const p of problems) log.warn(p);
  if (problems.length)
    void vscode.window.showWarningMessage(
      problems.length > 1
        ? t('Seedance: {0} (and {1} more; see the log)', problems[0], problems.length - 1)
        : t('Seedance: {0}', problems[0]),
    );
}

/** Persists coalesced job updates before the window goes away. */
export function deactivate(): Thenable<void> | undefined {
  return flushJobs?.();
}
