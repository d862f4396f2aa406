// The extension's engine without VS Code, for the MCP server: the same client, model catalog,
// planning path (validation, images confined to the root folder, the estimate), job store and
// manager (polling, downloading into the same folder with the same names, the same sidecar).
// What differs is only where things come from: the environment (config.ts) and a state file.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ModelCatalog, SeedanceClient, SeedanceApiError } from '../api';
import { Emitter } from '../common/emitter';
import { insideFolder } from '../jobs/fileName';
import { JobManager, type Log } from '../jobs/jobManager';
import { JobStore } from '../jobs/jobStore';
import { Estimates } from '../jobs/renderHistory';
import { sidecarOf, writeSidecar } from '../jobs/sidecar';
import { VideoDownloads } from '../jobs/videoDownloads';
import type { PlanContext } from '../plan/plan';
import { pricedCatalog } from '../pricing/prices';
import type { McpConfig } from './config';
import { FileState } from './fileState';

const MAX_DOWNLOAD_BYTES = 2 * 1024 ** 3;

export class Engine {
  readonly catalog: ModelCatalog;
  readonly state: FileState;
  readonly store: JobStore;
  readonly manager: JobManager;
  /** How long renders take here, learnt as they finish (the time left check_videos gives). */
  readonly estimates: Estimates;
  /** Where finished videos go: the output folder inside the root. */
  readonly videos: string;
  readonly version = packageVersion();
  /**
   * How long a call's estimate stays held in today's budget when its process dies before settling
   * it: the longest a person may take to confirm, and the send.
   */
  get holdMs(): number {
    return this.config.confirmMs + 5 * 60_000;
  }
  #client: SeedanceClient | undefined;

  /**
   * The engine of a server on `config.root`: it takes over the jobs no other running server on the
   * root follows (the state file says which), then reads them.
   */
  static async open(config: McpConfig, log: Log, pollSeconds = 5): Promise<Engine> {
    const state = new FileState(config.stateDir, config.root, { report: (line) => log.warn(line) });
    await state.claimJobs();
    return new Engine(config, log, state, pollSeconds);
  }

  private constructor(
    readonly config: McpConfig,
    readonly log: Log,
    state: FileState,
    pollSeconds: number,
  ) {
    this.catalog = pricedCatalog(config.models, config.prices);
    this.state = state;
    this.store = new JobStore(this.state, (line) => log.warn(line));
    this.videos = insideFolder(config.root, config.outputFolder);
    this.estimates = new Estimates(this.state, (line) => log.warn(line));
    const clients = { require: () => Promise.resolve(this.client()), onDidChangeKey: new Emitter<void>().event };
    this.manager = new JobManager({
      store: this.store,
      clients,
      downloads: new VideoDownloads(
        clients,
        { folderOf: () => ({ dir: this.videos, root: config.root }), maxBytes: () => MAX_DOWNLOAD_BYTES },
        log,
      ),
      log,
      estimates: this.estimates,
      // No window: always "focused", so polling never slows down for a hidden one.
      focus: { focused: () => true, onDidChange: new Emitter<boolean>().event },
      settings: {
        pollIntervalMs: () => pollSeconds * 1000,
        minPollMs: () => Math.min(pollSeconds, 1) * 1000,
        adaptive: () => false,
        jobTimeoutMs: () => 60 * 60_000,
        maxConcurrent: () => config.maxConcurrent,
      },
      // The account's places are counted across every server on the root (the state file).
      places: { take: (limit, key) => state.takePlace(limit, key) },
      // The same sidecar as the extension's: the editor lists what an agent made.
      describeVideo: async (job) =>
        void (await writeSidecar(job.videoPath, await sidecarOf(job, config.root, this.version, job.task.model))),
    });
  }

  /** The client, built once from COMETAPI_KEY; a clear refusal without it. */
  client(): SeedanceClient {
    if (!this.config.key)
      throw new SeedanceApiError(
        'authentication',
        'No API key: set COMETAPI_KEY in this server’s environment (your CometAPI key).',
      );
    this.#client ??= new SeedanceClient({
      baseUrl: this.config.baseUrl,
      apiKey: this.config.key,
      userAgent: `seedance-mcp/${this.version}`,
      log: (line) => this.log.debug(line),
    });
    return this.#client;
  }

  /** Images must be files inside the root (links resolved); videos go to the root's output folder. */
  planContext(): PlanContext {
    const folder = pathToFileURL(this.config.root).toString();
    return {
      catalog: this.catalog,
      roots: [this.config.root],
      rootsAre: 'root folder',
      trusted: true,
      folderFor: () => folder,
    };
  }

  dispose(): void {
    this.manager.dispose();
    this.store.dispose();
    void this.#client?.close();
  }

  /** Disposes, once every change is in the state file (before the process ends). */
  async close(): Promise<void> {
    this.manager.dispose();
    await this.store.flush();
    this.dispose();
    await this.state.idle();
  }
}

/** This package's version (the sidecar names it), from its package.json above this file. */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 6; dir = dirname(dir), i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'seedance-video' && pkg.version) return pkg.version;
    } catch {
      // Not here: one folder up.
    }
  }
  return 'unknown';
}
