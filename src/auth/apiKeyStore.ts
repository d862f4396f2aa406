// The API key, kept only in VS Code's SecretStorage (the OS keyring on desktop). It is never
// written to settings or logs; the `seedance.hasApiKey` context key mirrors whether one is set.
import * as vscode from 'vscode';
import { isHeaderSafe } from '../api/client';
import { ContextKeys } from '../common/ids';
import { Disposable } from '../common/lifecycle';
import { t } from '../api/i18n';
import { KeyringError } from './keyringError';

export { KeyringError };

const SECRET = 'seedance.apiKey';

export class ApiKeyStore extends Disposable {
  readonly #secrets: vscode.SecretStorage;
  readonly #onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the key is set or cleared, in this window or another. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(secrets: vscode.SecretStorage) {
    super();
    this.#secrets = secrets;
    this._register(
      secrets.onDidChange((e) => {
        if (e.key !== SECRET) return;
        void this.#syncContextKey();
        this.#onDidChange.fire();
      }),
    );
  }

  async get(): Promise<string | undefined> {
    try {
      return (await this.#secrets.get(SECRET)) || undefined;
    } catch (err) {
      throw new KeyringError('read', err);
    }
  }

  async set(key: string): Promise<void> {
    try {
      await this.#secrets.store(SECRET, key.trim());
    } catch (err) {
      throw new KeyringError('store', err);
    }
    await this.#syncContextKey();
  }

  async clear(): Promise<void> {
    try {
      await this.#secrets.delete(SECRET);
    } catch (err) {
      throw new KeyringError('delete', err);
    }
    await this.#syncContextKey();
  }

  /** Sets the context key from the stored state; a keyring failure counts as "no key". */
  async #syncContextKey(): Promise<void> {
    const has = await this.get().then(Boolean, () => false);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, has);
  }

  initialize(): Promise<void> {
    return this.#syncContextKey();
  }
}

/** Whether a typed key can be used; the message never repeats the key. */
export function checkKeyInput(value: string): string | undefined {
  const key = value.trim();
  if (!key) return t('Enter the API key from your CometAPI dashboard.');
  if (/\s/.test(key) || !isHeaderSafe(key)) return t('The key contains spaces or characters a key cannot have.');
  return undefined;
}
