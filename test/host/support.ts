// Helpers for suites that run inside the extension host.
import * as vscode from 'vscode';
import type { SeedanceExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'seedance-tools.seedance-video';

export async function activateExtension(): Promise<SeedanceExtensionApi> {
  const ext = vscode.extensions.getExtension<SeedanceExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext.activate();
}

/** The simulator the harness started, reached over HTTP. */
export const sim = {
  url: process.env.SEEDANCE_SIM_URL ?? '',
  key: process.env.SEEDANCE_SIM_KEY ?? '',
  async requests(): Promise<{ method: string; path: string; headers: Record<string, string> }[]> {
    return (await fetch(`${sim.url}/__sim/requests`)).json() as Promise<any>;
  },
  async clearRequests(): Promise<void> {
    await fetch(`${sim.url}/__sim/requests`, { method: 'DELETE' });
  },
};
