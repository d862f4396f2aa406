// Reading the extension's settings (and VS Code's proxy settings) in one place.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../api/baseUrl';
import { LOOPBACK_HOSTS } from '../api/transport';

/**
 * The API origin. Application-scoped and read from user settings only, so a workspace's
 * settings can never redirect the key to another server.
 */
export function baseUrl(): string {
  const inspected = vscode.workspace.getConfiguration('seedance').inspect<string>('baseUrl');
  return inspected?.globalValue?.trim() || DEFAULT_BASE_URL;
}

/** VS Code's own proxy settings, passed to the client's dispatcher. */
export function proxySettings(): { proxy?: string; noProxy?: string } {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy')?.trim() || undefined;
  const noProxy = http.get<string[]>('noProxy');
  return { proxy, noProxy: noProxy?.length ? [...noProxy, ...LOOPBACK_HOSTS].join(',') : undefined };
}
