// The bodies the service and the infrastructure in front of it answer with, in the contract's
// two error shapes, plus the HTML pages proxies and CDNs produce.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export function requestId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17);
  return `${stamp}${randomBytes(6).toString('hex')}`;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Shape 1: the gateway's `{"error":{...}}`, its message ending in the request id. */
export function gatewayError(
  res: ServerResponse,
  status: number,
  message: string,
  code = '',
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { error: { message: `${message} (request id: ${requestId()})`, type: 'comet_api_error', param: '', code } },
    headers,
  );
}

/** Shape 2: the upstream provider's flat `{"code","message"}`. */
export function providerError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message: `${message} Request id: ${requestId()}` });
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    ...headers,
  });
  res.end(html);
}

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;

export const HTML = {
  notFound: page('404 Not Found', '<h1>Page not found</h1><p>CometAPI</p>'),
  moved: page('301 Moved Permanently', '<center><h1>301 Moved Permanently</h1></center><hr><center>nginx</center>'),
  badGateway: page('502 Bad Gateway', '<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>'),
  gatewayTimeout: page(
    '504 Gateway Time-out',
    '<center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center>',
  ),
  cloudflare524: page(
    'api.cometapi.com | 524: A timeout occurred',
    '<h1>A timeout occurred</h1><span>Error code 524</span>',
  ),
};

/** An injected error status, answered the way each layer really answers it. */
/** What the gateway says with each code (its source, and public clients' reports: api-contract.md). */
const GATEWAY_MESSAGES: Readonly<Record<string, string>> = {
  insufficient_user_quota: "User's credit limit is insufficient, remaining credit limit: $0.000000",
  pre_consume_token_quota_failed: 'token quota is not enough, token remain quota: $0.000000, need quota: $0.400000',
  model_not_found: 'no available channel for model doubao-seedance-2-0 under group default',
  // What gateways that resell subscriptions answer once a plan's allowance is used: no retry soon cures it.
  quota_exceeded: 'You have used up your 5-hour usage quota for this plan; it resets at 18:00 UTC',
};

export function sendStatusFault(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  code?: string,
): void {
  if (code) return gatewayError(res, status, GATEWAY_MESSAGES[code] ?? 'upstream rejected the request', code, headers);
  switch (status) {
    case 429:
      return gatewayError(res, 429, 'rate limit exceeded, please try again later', 'rate_limit_exceeded', headers);
    case 502:
      return sendHtml(res, 502, HTML.badGateway, headers);
    case 503:
      return gatewayError(res, 503, 'upstream load is saturated, please try again later', '', headers);
    case 504:
      return sendHtml(res, 504, HTML.gatewayTimeout, headers);
    case 524:
      return sendHtml(res, 524, HTML.cloudflare524, headers);
    default:
      return gatewayError(res, status, 'internal server error', '', headers);
  }
}

/** An object store's refusal, as S3-compatible stores send it. */
export function storageError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId()}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}
