// The system keyring refused to read, store or delete the key. Kept apart from apiKeyStore.ts (no
// `vscode` here) so the job manager, which runs in plain Node too, can tell it from other errors.
import { t } from '../api/i18n';

/** The keyring refused: reported to the person, never silently treated as "no key". */
export class KeyringError extends Error {
  override readonly name = 'KeyringError';
  constructor(action: 'read' | 'store' | 'delete', cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const advice = t(
      'Check that a keyring service is running (see "Troubleshooting keychain issues" in the VS Code docs).',
    );
    const what = {
      read: () => t('VS Code could not read the API key in the system keyring: {0}.', why),
      store: () => t('VS Code could not store the API key in the system keyring: {0}.', why),
      delete: () => t('VS Code could not delete the API key in the system keyring: {0}.', why),
    }[action]();
    super(`${what} ${advice}`, { cause });
  }
}

/** A keyring failure: polling pauses and says so, instead of retrying quietly. */
export function isKeyringError(err: unknown): err is KeyringError {
  return err instanceof KeyringError;
}
