// Streams a signed video URL to disk: into a hidden temporary file beside the destination,
// resumed with a Range request after a dropped connection (only while the server proves the
// object is the same one), length-checked, then renamed.
// Whatever happens (error, abort), no half-written file is left behind.
// The video host is a third party: its link must be https (http only beside a loopback API), may
// not lead to a local address, may not redirect to plain http, and what it sends must start like
// a video and stay under a size cap, within an overall deadline, before it is called a video.
import { randomBytes } from 'node:crypto';
import { type FileHandle, lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { isLocalAddress, localAddressError } from './addresses';
import { classifyResponse, originAndPath, readCapped } from './classify';
import { confinedPath } from './confine';
import { SeedanceApiError } from './errors';
import { parseRetryAfter } from './retry';
import { request, type Dispatcher } from './undici';
import { type Arg, says, t } from './i18n';

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  /** Called as bytes arrive; `total` is undefined when the server did not say. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Larger videos (declared or streamed) are refused; default DEFAULT_MAX_BYTES. */
  readonly maxBytes?: number;
  /** The whole download, retries included, ends by then; default DEFAULT_DEADLINE_MS. */
  readonly deadlineMs?: number;
  /** The destination's folder must resolve (links followed) inside one of these. */
  readonly roots?: readonly string[];
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024;
export const DEFAULT_DEADLINE_MS = 30 * 60_000;
const MAX_REDIRECTS = 5;

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
}

export interface DownloadContext {
  /** Never follows redirects by itself: each hop is checked here. */
  readonly dispatcher: Dispatcher;
  /** The API is on this machine (the simulator): plain http and local hosts are allowed. */
  readonly localApi: boolean;
  readonly userAgent: string;
  /**
   * The API's own origin and its Authorization header: sent only to that origin (the video of a
   * task with no link is served by the API at /v1/videos/{id}/content); a redirect elsewhere drops
   * it. Absent for a signed link, which never gets the key.
   */
  readonly auth?: { readonly origin: string; readonly authorization: string };
  /** Repeats `attempt` on transient failures, as the client does for every GET. */
  readonly withRetries: <T>(what: Arg, signal: AbortSignal | undefined, attempt: () => Promise<T>) => Promise<T>;
}

const WHAT = () => says('Downloading the video');

export async function downloadVideo(
  ctx: DownloadContext,
  videoUrl: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const url = parseVideoUrl(videoUrl, ctx.localApi);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const dir = dirname(destination);
  // Checked before the folder is made (a planted link must not get a folder made through it),
  // and again once it exists.
  if (options.roots) await confinedPath(dir, options.roots, 'outputFolder');
  await mkdir(dir, { recursive: true });
  if (options.roots) await confinedPath(dir, options.roots, 'outputFolder');
  await refuseExisting(destination);
  const partial = join(dir, `.${basename(destination)}.${randomBytes(6).toString('hex')}.part`);
  // One deadline for the whole download: a host that trickles bytes cannot hold it for ever.
  const deadline = AbortSignal.timeout(options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let received = 0;
  let total: number | undefined;
  // What identifies the bytes already on disk (a strong ETag, else Last-Modified). A resumed
  // part is only joined to them when the server proves it is the same object.
  let validator: string | undefined;
  try {
    await ctx.withRetries(WHAT(), signal, async () => {
      // Resume from what is really on disk, not from what was counted in memory.
      received = validator ? await sizeOf(partial) : 0;
      // No Authorization header here: a signed URL is on another origin (get() adds the key only
      // for the API's own /content route).
      const headers: Record<string, string> = { 'user-agent': ctx.userAgent };
      if (received > 0 && validator) {
        headers.range = `bytes=${received}-`;
        // A server whose object changed answers 200 with the whole new one instead of a range.
        headers['if-range'] = validator;
      }
      const { res, from } = await get(ctx, url, headers, signal);
      const partialAnswer = res.statusCode === 206 && received > 0;
      if (!partialAnswer && res.statusCode !== 200) {
        // The API's own refusal (a task not completed yet, a refused key) is read as the API's.
        if (ctx.auth && from.origin === ctx.auth.origin) throw apiError(await readCapped(res.body), res, from);
        await res.body.dump().catch(() => undefined);
        throw statusError(res.statusCode, res.headers);
      }
      if (partialAnswer && (rangeStart(res.headers) !== received || validatorOf(res.headers) !== validator)) {
        // A range of some other object (a CDN answering from another copy, ignoring If-Range):
        // joining it would make one file of two. Start over.
        await res.body.dump().catch(() => undefined);
        validator = undefined;
        await rm(partial, { force: true });
        throw new SeedanceApiError(
          'network',
          says('{0}: the video changed between two requests; starting over', WHAT()),
        );
      }
      if (!partialAnswer) {
        received = 0;
        validator = validatorOf(res.headers);
      }
      total = partialAnswer ? (rangeTotal(res.headers) ?? total) : contentLength(res.headers);
      if (total !== undefined && total > maxBytes) {
        res.body.destroy();
        throw tooLarge(maxBytes);
      }
      options.onProgress?.(received, total);
      // A fresh part is created, never opened through whatever may already be at its name.
      if (!partialAnswer) await rm(partial, { force: true });
      const file = await open(partial, partialAnswer ? 'a' : 'wx');
      try {
        await writeBody(res.body, file, partialAnswer ? undefined : checkSignature, (n) => {
          received += n;
          if (received > maxBytes) throw tooLarge(maxBytes);
          options.onProgress?.(received, total);
        });
      } catch (err) {
        res.body.destroy();
        throw err;
      } finally {
        await file.close();
      }
      if (total !== undefined && received !== total) {
        throw new SeedanceApiError(
          'network',
          says('{0}: the connection ended after {1} of {2} bytes', WHAT(), received, total),
        );
      }
    });
    await refuseExisting(destination);
    await rename(partial, destination);
    return { path: destination, bytes: received };
  } catch (err) {
    await rm(partial, { force: true });
    if (deadline.aborted && !options.signal?.aborted) {
      throw new SeedanceApiError(
        'timeout',
        says(
          '{0}: not finished within {1} minutes; the video host is too slow',
          WHAT(),
          Number(((options.deadlineMs ?? DEFAULT_DEADLINE_MS) / 60_000).toFixed(2)),
        ),
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * One GET, following up to MAX_REDIRECTS redirects, each hop checked like the link itself. The
 * API's key goes only to the API's origin: a hop anywhere else is sent without it.
 */
async function get(ctx: DownloadContext, first: URL, headers: Record<string, string>, signal: AbortSignal) {
  let url = first;
  for (let hop = 0; ; hop++) {
    checkHost(url, ctx.localApi);
    const sent =
      ctx.auth && url.origin === ctx.auth.origin ? { ...headers, authorization: ctx.auth.authorization } : headers;
    const res = await request(url, {
      method: 'GET',
      headers: sent,
      dispatcher: ctx.dispatcher,
      signal,
      highWaterMark: BATCH,
    });
    const location = [res.headers.location].flat()[0];
    if (res.statusCode < 300 || res.statusCode >= 400 || !location) return { res, from: url };
    await res.body.dump().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) throw new SeedanceApiError('protocol', says('{0}: too many redirects', WHAT()));
    const next = parseVideoUrl(new URL(location, url).toString(), ctx.localApi);
    if (url.protocol === 'https:' && next.protocol !== 'https:') {
      throw new SeedanceApiError(
        'protocol',
        says(
          '{0}: the video host redirected from https to plain http ({1}); it was not followed',
          WHAT(),
          originAndPath(next),
        ),
      );
    }
    url = next;
  }
}

/** A literal address in the link is checked here; names are checked when they resolve (addresses.ts). */
function checkHost(url: URL, localApi: boolean): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!localApi && isIP(host) && isLocalAddress(host)) throw localAddressError(url.host, host);
}

/** The API's answer to a /content request that is not the video, as the API's error. */
function apiError(text: string, res: { statusCode: number; headers: Headers }, from: URL): SeedanceApiError {
  try {
    classifyResponse({ status: res.statusCode, headers: res.headers, text }, from.origin);
  } catch (err) {
    if (err instanceof SeedanceApiError) return err;
  }
  return statusError(res.statusCode, res.headers);
}

const SIGNATURE_BYTES = 12;

/** An MP4/MOV (ISO-BMFF: a `ftyp` box first) or a WebM/Matroska (EBML) file, by its first bytes. */
export function looksLikeVideo(head: Uint8Array): boolean {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 8 && b.toString('latin1', 4, 8) === 'ftyp') return true;
  return b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
}

function checkSignature(head: Buffer): void {
  if (!looksLikeVideo(head)) throw notAVideo(head);
}

function notAVideo(head: Buffer): SeedanceApiError {
  const text = head
    .toString('latin1', 0, 16)
    .replace(/[^\x20-\x7e]/g, '.')
    .trim();
  const like = /^\s*</.test(text) ? says('a web page') : text ? JSON.stringify(text) : says('nothing');
  return new SeedanceApiError(
    'protocol',
    says(
      '{0}: the video host sent something that is not a video (it begins with {1}); nothing was saved',
      WHAT(),
      like,
    ),
  );
}

function tooLarge(maxBytes: number): SeedanceApiError {
  return new SeedanceApiError(
    'protocol',
    says(
      '{0}: the video is larger than the {1} MB limit (seedance.maxDownloadMB); nothing was saved',
      WHAT(),
      Math.round(maxBytes / 1024 / 1024),
    ),
  );
}

const BATCH = 1024 * 1024;

/**
 * Writes the body in ~1 MB `writev` batches: far fewer system calls than a write stream fed 64 KB
 * socket chunks (measured: about 1.7× the throughput of a stream pipeline). Only bytes whose
 * write completed count as on disk, so a retry resumes from the file's real size.
 */
async function writeBody(
  body: AsyncIterable<Buffer>,
  file: FileHandle,
  check: ((head: Buffer) => void) | undefined,
  onWritten: (bytes: number) => void,
): Promise<void> {
  let batch: Buffer[] = [];
  let size = 0;
  // Nothing is written before the first bytes prove a video: a login page never reaches the disk.
  let checked = !check;
  const flush = async () => {
    const chunks = batch;
    const bytes = size;
    batch = [];
    size = 0;
    if (bytes) await file.writev(chunks);
    onWritten(bytes);
  };
  for await (const chunk of body) {
    batch.push(chunk);
    size += chunk.length;
    if (!checked && size >= SIGNATURE_BYTES) {
      check!(Buffer.concat(batch));
      checked = true;
    }
    if (size >= BATCH && checked) await flush();
  }
  // A body shorter than a signature (or empty) is checked too: it is no video.
  if (!checked) check!(Buffer.concat(batch));
  await flush();
}

/** https only; plain http only while the API itself is on this machine (the simulator). */
function parseVideoUrl(raw: string, localApi: boolean): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SeedanceApiError(
      'protocol',
      says(
        'The API gave a video URL that cannot be downloaded: {0}',
        url ? originAndPath(url) : says('(an unreadable address)'),
      ),
    );
  }
  if (url.protocol === 'http:' && !localApi) {
    throw new SeedanceApiError(
      'protocol',
      says('The API gave a plain http video link ({0}); only https links are downloaded', originAndPath(url)),
    );
  }
  return url;
}

/** Anything at the name (a file, a folder, a symbolic link, even a dangling one) is left alone. */
async function refuseExisting(path: string): Promise<void> {
  const exists = await lstat(path).then(
    () => true,
    () => false,
  );
  if (exists) throw Object.assign(new Error(t('{0} already exists; it was not overwritten', path)), { code: 'EEXIST' });
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

type Headers = Record<string, string | string[] | undefined>;
const first = (h: Headers, name: string) => [h[name]].flat()[0];

/** A strong ETag, else Last-Modified: what If-Range may carry. Weak ETags cannot prove identity. */
function validatorOf(h: Headers): string | undefined {
  const etag = first(h, 'etag')?.trim();
  if (etag && !etag.startsWith('W/')) return etag;
  return first(h, 'last-modified')?.trim() || undefined;
}

function contentLength(h: Headers): number | undefined {
  const n = Number(first(h, 'content-length'));
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

// Content-Range: bytes <start>-<end>/<total>
function rangeStart(h: Headers): number | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(first(h, 'content-range') ?? '');
  return m ? Number(m[1]) : undefined;
}
function rangeTotal(h: Headers): number | undefined {
  const m = /^bytes \d+-\d+\/(\d+)$/.exec(first(h, 'content-range') ?? '');
  return m ? Number(m[1]) : undefined;
}

function statusError(status: number, headers: Headers): SeedanceApiError {
  if (status === 401 || status === 403 || status === 404 || status === 410) {
    return new SeedanceApiError(
      'download-rejected',
      says('{0}: the video link was refused ({1}); it has probably expired', WHAT(), status),
      { status },
    );
  }
  if (status === 429) {
    return new SeedanceApiError('rate-limited', says('{0}: rate limited (429)', WHAT()), {
      status,
      retryAfterMs: parseRetryAfter(headers),
    });
  }
  if (status >= 500) {
    return new SeedanceApiError('server', says('{0}: the video host failed ({1})', WHAT(), status), {
      status,
      retryAfterMs: parseRetryAfter(headers),
    });
  }
  return new SeedanceApiError('protocol', says('{0}: unexpected answer {1} from the video host', WHAT(), status), {
    status,
  });
}
