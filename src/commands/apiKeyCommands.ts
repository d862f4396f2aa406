// Set API Key, Clear API Key and Check Connection. A key is checked with the service before it is
// saved, at no cost: a GET for a task that cannot exist (400 task_not_exist = accepted, 401 =
// refused). Neither command can ever start a job.
import * as vscode from 'vscode';
import { SeedanceApiError, parseBaseUrl } from '../api';
import { isLoopbackHost } from '../api/transport';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { checkKeyInput } from '../auth/apiKeyStore';
import type { ClientProvider } from '../auth/clientProvider';
import { UserCancelled } from '../common/cancelled';
import { baseUrl, proxySettings } from '../common/config';
import { Commands } from '../common/ids';
import { ACTIONS, showMessage } from '../views/messages';
import { registerCommand } from './runCommand';
import { t } from '../api/i18n';

type Verdict = { kind: 'accepted'; ms: number } | { kind: 'refused' } | { kind: 'unreachable'; reason: string };

export class KeyCommands {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clients: ClientProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    return [
      registerCommand(this.log, Commands.setApiKey, (key?: unknown) => this.setApiKey(key)),
      registerCommand(this.log, Commands.clearApiKey, () => this.clearApiKey()),
      registerCommand(this.log, Commands.checkConnection, () => this.checkConnection()),
    ];
  }

  /**
   * Asks for the key (password box), checks it with the service, and stores it. A string
   * argument (keybindings, tests) is checked and stored without asking. Resolves to true once a
   * key is stored.
   */
  /** True when a key is set; otherwise asks for one (before a paid request) and says whether it was given. */
  readonly ensureKey = async (): Promise<boolean> => {
    if (await this.clients.get()) return true;
    await this.setApiKey().catch(() => undefined);
    return Boolean(await this.clients.get());
  };

  async setApiKey(given?: unknown): Promise<boolean> {
    if (typeof given === 'string') {
      const problem = checkKeyInput(given);
      if (problem) throw new Error(problem);
      const verdict = await this.#check(given);
      if (verdict.kind === 'refused')
        throw new SeedanceApiError(
          'authentication',
          t('The service at {0} refused this key (401); it was not saved.', origin()),
        );
      return this.#save(given, verdict);
    }
    const { key, verdict } = await this.#askAndCheck();
    if (verdict.kind === 'unreachable') {
      const keep = { title: t('Keep Key'), run: () => this.#save(key, verdict) };
      const again = { title: t('Enter Again'), run: () => this.setApiKey() };
      const chosen = await showMessage(
        'warning',
        t('Seedance: could not check the key with {0}: {1}. Keep it anyway?', origin(), verdict.reason),
        keep,
        again,
      );
      if (!chosen) throw new UserCancelled();
      return true;
    }
    return this.#save(key, verdict);
  }

  async clearApiKey(): Promise<void> {
    await this.store.clear();
    void showMessage('info', t('Seedance API key removed.'));
  }

  /** One message (and a log line): the base URL reachable, the key accepted, the proxy, the time. */
  async checkConnection(): Promise<string> {
    const started = Date.now();
    const key = await this.store.get();
    const proxy = describeProxy();
    const verdict = await this.#check(key ?? 'seedance-no-key-set');
    const ms = Date.now() - started;
    let text: string;
    if (verdict.kind === 'unreachable') text = t('could not reach {0}: {1}', origin(), verdict.reason);
    else if (!key) text = t('{0} is reachable; no API key is set', origin());
    else if (verdict.kind === 'refused')
      text = t('{0} is reachable, but it refused the stored API key (401)', origin());
    else text = t('{0} is reachable and accepted the API key', origin());
    const summary = t('{0} (proxy: {1}; {2} ms). No job was started.', text, proxy, ms);
    this.log.info(`Check Connection: ${summary}`);
    const fine = verdict.kind === 'accepted' && key;
    void showMessage(
      fine ? 'info' : 'error',
      t('Seedance: {0}', summary),
      ...(fine ? [] : [ACTIONS.setApiKey(), ACTIONS.showLog(this.log)]),
    );
    return summary;
  }

  /** The password box; a refused key keeps the box open with the reason, as a typo would. */
  async #askAndCheck(): Promise<{ key: string; verdict: Verdict }> {
    const box = vscode.window.createInputBox();
    box.title = t('Seedance: Set API Key');
    box.prompt = t(
      "Your CometAPI key. It is checked with {0} (no job is started) and kept in VS Code's secret storage, never in settings.",
      origin(),
    );
    box.placeholder = 'sk-…';
    box.password = true;
    box.ignoreFocusOut = true;
    const listeners: vscode.Disposable[] = [];
    try {
      return await new Promise((resolve, reject) => {
        let checking = false;
        listeners.push(
          box.onDidChangeValue((v) => {
            box.validationMessage = v ? checkKeyInput(v) : undefined;
          }),
          box.onDidAccept(async () => {
            const key = box.value;
            const problem = checkKeyInput(key);
            if (problem || checking) {
              box.validationMessage = problem;
              return;
            }
            checking = true;
            box.busy = true;
            box.enabled = false;
            box.validationMessage = undefined;
            const verdict = await this.#check(key);
            checking = false;
            box.busy = false;
            box.enabled = true;
            if (verdict.kind === 'refused') {
              box.validationMessage = t(
                '{0} refused this key (401). Check it and try again; nothing was saved.',
                origin(),
              );
              this.log.warn('Set API Key: the service refused the key; it was not saved');
              return;
            }
            resolve({ key, verdict });
            box.hide();
          }),
          box.onDidHide(() => reject(new UserCancelled())),
        );
        box.show();
      });
    } finally {
      for (const l of listeners) l.dispose();
      box.dispose();
    }
  }

  async #check(key: string): Promise<Verdict> {
    const client = this.clients.forKey(key);
    try {
      const { accepted, ms } = await client.checkKey();
      return accepted ? { kind: 'accepted', ms } : { kind: 'refused' };
    } catch (err) {
      return { kind: 'unreachable', reason: err instanceof Error ? err.message : String(err) };
    } finally {
      void client.close();
    }
  }

  async #save(key: string, verdict: Verdict): Promise<boolean> {
    await this.store.set(key);
    const how =
      verdict.kind === 'accepted'
        ? t('accepted by {0} in {1} ms', origin(), verdict.ms)
        : t('not checked: the service could not be reached');
    this.log.info(`API key saved (${how})`);
    void showMessage('info', t('Seedance API key saved ({0}).', how));
    return true;
  }
}

function origin(): string {
  try {
    return parseBaseUrl(baseUrl()).origin;
  } catch {
    return baseUrl();
  }
}

/** The proxy requests to the API go through, without any credential it may carry. */
function describeProxy(): string {
  if (isLoopbackHost(new URL(origin()).hostname)) return t('none (the API is on this machine)');
  const configured = proxySettings().proxy;
  const fromEnv = process.env.https_proxy ?? process.env.HTTPS_PROXY;
  const raw = configured ?? fromEnv;
  if (!raw) return t('none');
  try {
    const u = new URL(raw);
    return t('{0} (from {1})', `${u.protocol}//${u.host}`, configured ? 'http.proxy' : 'HTTPS_PROXY');
  } catch {
    return t('an unreadable proxy setting (from {0})', configured ? 'http.proxy' : 'HTTPS_PROXY');
  }
}
