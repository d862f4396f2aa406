// Builds the API client from the stored key and the current settings.
import type * as vscode from 'vscode';
import { SeedanceClient } from '../api';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { baseUrl, proxySettings } from './config';

export async function createClient(
  keys: ApiKeyStore,
  log: vscode.LogOutputChannel,
  version: string,
): Promise<SeedanceClient | undefined> {
  const apiKey = await keys.get();
  if (!apiKey) return undefined;
  return new SeedanceClient({
    baseUrl: baseUrl(),
    apiKey,
    ...proxySettings(),
    userAgent: `seedance-vscode/${version}`,
    log: (line) => log.debug(line),
  });
}
