// One API client for the window, rebuilt when the key or the settings it depends on change, so
// polls reuse connections instead of opening new ones.
import * as vscode from 'vscode';
import { SeedanceApiError, SeedanceClient, Transcripts } from '../api';
import { CLIENT_SETTINGS, baseUrl, proxySettings } from '../common/config';
import { Disposable } from '../common/lifecycle';
import type { ApiKeyStore } from './apiKeyStore';
import { says } from '../api/i18n';

/** How long a replaced client stays open for requests already handed it. */
const CLOSE_GRACE_MS = 30_000;

export class ClientProvider extends Disposable {
  #client: Promise<SeedanceClient | undefined> | undefined;
  /** Fires when the key is set or cleared, in this window or another. */
  readonly onDidChangeKey: vscode.Event<void>;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly version: string,
    /** Every request and answer, per task, for the diagnostic report. */
    readonly transcripts = new Transcripts(),
  ) {
    super();
    this.onDidChangeKey = keys.onDidChange;
    this._register(
      keys.onDidChange(() => {
        this.log.info('The API key changed (in this window or another); the next request uses it.');
        this.#reset();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (CLIENT_SETTINGS.some((s) => e.affectsConfiguration(s))) this.#reset();
      }),
    );
  }

  /** The client, or undefined when no key is set. Throws for a bad base URL or keyring failure. */
  get(): Promise<SeedanceClient | undefined> {
    this.#client ??= this.#create().catch((err) => {
      this.#client = undefined;
      throw err;
    });
    return this.#client;
  }

  /** The client; without a key, an authentication error (the message offers Set API Key). */
  async require(): Promise<SeedanceClient> {
    const client = await this.get();
    if (!client)
      throw new SeedanceApiError('authentication', says('No API key is set: run "Seedance: Set API Key" first.'));
    return client;
  }

  /** A client for `apiKey` that is not stored (checking a key before saving it). Close it after use. */
  forKey(apiKey: string): SeedanceClient {
    return this.#build(apiKey);
  }

  async #create(): Promise<SeedanceClient | undefined> {
    const apiKey = await this.keys.get();
    return apiKey ? this.#build(apiKey) : undefined;
  }

  #build(apiKey: string): SeedanceClient {
    return new SeedanceClient({
      baseUrl: baseUrl(),
      apiKey,
      ...proxySettings(),
      userAgent: `seedance-vscode/${this.version}`,
      log: (line) => this.log.debug(line),
      onExchange: (e) => this.transcripts.record(e),
    });
  }

  /**
   * The next request builds a new client. The old one is closed a little later, not at once: a
   * caller that took it just before (a create about to be sent) must not find it closed, which
   * would turn a request that never left into "no definite answer".
   */
  #reset(graceMs = CLOSE_GRACE_MS): void {
    const old = this.#client;
    this.#client = undefined;
    if (!old) return;
    const close = () => void old.then((c) => c?.close()).catch(() => undefined);
    if (graceMs <= 0) return close();
    setTimeout(close, graceMs).unref();
  }

  override dispose(): void {
    this.#reset(0);
    super.dispose();
  }
}
