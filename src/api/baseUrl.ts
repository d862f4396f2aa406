// The configured API origin. The bearer token is only ever sent here, so it is checked hard.
import { ValidationError } from './errors';
import { t } from './i18n';
import { isLoopbackHost } from './transport';

export const DEFAULT_BASE_URL = 'https://api.cometapi.com';

/**
 * Parses and normalises a base URL: https only (plain http only for loopback), no credentials,
 * no query; a trailing `/v1` people often paste is dropped since paths add it.
 */
export function parseBaseUrl(raw: string): URL {
  const fail = (why: string): never => {
    throw new ValidationError([
      { field: 'baseUrl', message: t('seedance.baseUrl {0} (got {1})', why, JSON.stringify(raw)) },
    ]);
  };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(t('must be a URL such as {0}', DEFAULT_BASE_URL));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    fail(t('must use https:// (plain http:// is allowed only for localhost, so the key is never sent in clear text)'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(t('must start with https://'));
  if (url.username || url.password) fail(t('must not contain a user name or password'));
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return url;
}

/** `base` + `path`, refusing anything that would leave the base's origin. */
export function apiUrl(base: URL, path: string): URL {
  const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
  if (url.origin !== base.origin) throw new Error(`refusing to send the key outside ${base.origin}`);
  return url;
}
