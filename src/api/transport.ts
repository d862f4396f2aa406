// The client's own undici dispatcher. It is passed per request and never installed globally:
// VS Code's extension host patches Node's global networking, and other extensions share it.
import { EnvHttpProxyAgent, type Dispatcher } from './undici';

export interface TransportOptions {
  /** An explicit proxy (the extension passes VS Code's `http.proxy`); else HTTP(S)_PROXY apply. */
  readonly proxy?: string;
  /** Hosts never proxied, the complete list. Default: NO_PROXY plus loopback. */
  readonly noProxy?: string;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  /** False: every request on a connection of its own, closed after the answer. Default true. */
  readonly keepAlive?: boolean;
  /** How direct connections resolve names (downloads refuse local addresses with it). */
  readonly lookup?: typeof import('node:dns').lookup | ((...args: never[]) => void);
}

/** Never proxied unless a NO_PROXY list is given explicitly. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export function createDispatcher(options: TransportOptions): Dispatcher {
  const proxy = options.proxy?.trim() || undefined;
  const noProxy =
    options.noProxy ?? [process.env.no_proxy ?? process.env.NO_PROXY, ...LOOPBACK_HOSTS].filter(Boolean).join(',');
  const tls = { timeout: options.connectTimeoutMs };
  return new EnvHttpProxyAgent({
    httpProxy: proxy,
    httpsProxy: proxy,
    noProxy,
    connect: options.lookup ? { ...tls, lookup: options.lookup as never } : tls,
    proxyTls: tls,
    requestTls: tls,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    // undici's way of saying "no keep-alive": `connection: close`, and the socket is not reused.
    ...(options.keepAlive === false && { pipelining: 0 }),
  });
}

/** True for localhost, 127.0.0.0/8 and ::1: the only hosts a plain http:// base URL may use. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
