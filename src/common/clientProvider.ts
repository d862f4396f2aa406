// One API client for the window, rebuilt when the key or the settings it depends on change, so
// polls reuse connections instead of opening new ones.
import * as vscode from 'vscode';
import { SeedanceClient } from '../api';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { baseUrl, proxySettings } from './config';
import { Disposable } from './lifecycle';

export class ClientProvider extends Disposable {
  #client: Promise<SeedanceClient | undefined> | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly version: string,
  ) {
    super();
    this._register(
      keys.onDidChange(() => {
        this.log.info('The API key changed (in this window or another); the next request uses it.');
        this.#reset();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seedance.baseUrl') || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy')) this.#reset();
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

  async #create(): Promise<SeedanceClient | undefined> {
    const apiKey = await this.keys.get();
    if (!apiKey) return undefined;
    return new SeedanceClient({
      baseUrl: baseUrl(),
      apiKey,
      ...proxySettings(),
      userAgent: `seedance-vscode/${this.version}`,
      log: (line) => this.log.debug(line),
    });
  }

  #reset(): void {
    const old = this.#client;
    this.#client = undefined;
    void old?.then((c) => c?.close()).catch(() => undefined);
  }

  override dispose(): void {
    this.#reset();
    super.dispose();
  }
}
