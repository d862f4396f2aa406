// undici, imported piece by piece. Its index pulls in fetch, WebSocket, mocks and caches this
// extension never uses and more than doubled the bundle (measured: 987 KB → under 400 KB).
// Types come from the public entry point; the tests exercise every piece over real HTTP.
// Loaded with require() on purpose (the public entry point would pull in the whole index), so the
// two rules about require are off here, and only here.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment */
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;
export type ResponseData = Undici.Dispatcher.ResponseData;

export const EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent.js');
const redirectInterceptor: typeof Undici.interceptors.redirect = require('undici/lib/interceptor/redirect.js');
const dispatcherRequest: (
  this: Dispatcher,
  opts: Undici.Dispatcher.RequestOptions,
) => Promise<ResponseData> = require('undici/lib/api/api-request.js');

// undici's index gives every dispatcher its API methods; the proxy agent opens its CONNECT
// tunnel with `connect()`, so that one method is installed here as the index would (on this
// bundle's private copy of undici). Without it every proxied request failed.
const BaseDispatcher: typeof Undici.Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
Object.assign(BaseDispatcher.prototype, { connect: require('undici/lib/api/api-connect.js') });

export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Undici.Dispatcher.HttpMethod;
  dispatcher: Dispatcher;
};

/** undici's `request(url, options)`, always on the given dispatcher (never the global one). */
export function request(url: URL, { dispatcher, method = 'GET', ...options }: RequestOptions): Promise<ResponseData> {
  return dispatcherRequest.call(dispatcher, {
    ...options,
    method,
    origin: url.origin,
    path: url.pathname + url.search,
  });
}

/** A dispatcher that follows up to `maxRedirections` redirects (signed URLs may point at a CDN). */
export function followingRedirects(dispatcher: Dispatcher, maxRedirections: number): Dispatcher {
  return dispatcher.compose(redirectInterceptor({ maxRedirections }));
}
