// Wiring only: services are created and registered here; behaviour lives in the folders.
import * as vscode from 'vscode';
import type { SeedanceClient } from './api';
import { apiKeyCommands } from './commands/apiKeyCommands';
import { registerCommand } from './commands/runCommand';
import { createClient } from './common/clientFactory';
import { Commands } from './common/ids';
import { ApiKeyStore } from './secrets/apiKeyStore';

/** What the extension returns from activate: used by its own in-host tests. */
export interface SeedanceExtensionApi {
  /** How long activate() took, measured by the extension itself. */
  readonly activationMs: number;
  /** A client built from the stored key and settings, as commands use it. */
  createClient(): Promise<SeedanceClient | undefined>;
}

export function activate(context: vscode.ExtensionContext): SeedanceExtensionApi {
  const started = performance.now();
  const version = String(context.extension.packageJSON.version);
  const log = vscode.window.createOutputChannel('Seedance', { log: true });
  const keys = new ApiKeyStore(context.secrets);
  context.subscriptions.push(
    log,
    keys,
    ...apiKeyCommands(log, keys),
    registerCommand(log, Commands.showLog, () => log.show()),
  );
  // Not awaited: the keyring can be slow, and activation must stay instant.
  void keys.initialize();

  const activationMs = performance.now() - started;
  log.info(`Seedance ${version} activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, createClient: () => createClient(keys, log, version) };
}

export function deactivate(): void {}
