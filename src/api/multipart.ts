// The create request's multipart/form-data body, written here rather than by undici's FormData
// (whose web-platform machinery was a tenth of the extension's bundle). Its length is known
// before it is sent (Content-Length); each image is streamed from the handle opened and checked
// before the request, in 1 MB reads, never held whole and never read from its path again. Every
// attempt streams it from the start. Encoded as undici's FormData and browsers encode a form:
// names escaped (", CR, LF), text values' line breaks as CRLF, one boundary of random bytes.
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const CHUNK = 1024 * 1024;
const CRLF = '\r\n';

export interface FilePart {
  readonly field: string;
  /** The file name sent (the image's own). */
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly file: FileHandle;
}

export interface MultipartBody {
  readonly contentType: string;
  /** Bytes in all: the Content-Length. */
  readonly length: number;
  /** The body from its start; `onRead` hears each file read (bytes). */
  stream(onRead?: (bytes: number) => void): AsyncIterable<Uint8Array>;
}

/** A name in a part's header: quotes and line breaks escaped, as the HTML standard says. */
const escapeName = (name: string) => name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');

export function multipart(fields: readonly (readonly [string, string])[], files: readonly FilePart[]): MultipartBody {
  const boundary = `----seedance-${randomBytes(16).toString('hex')}`;
  const text = fields.map(([name, value]) =>
    Buffer.from(
      `--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeName(name)}"${CRLF}${CRLF}` +
        `${value.replace(/\r\n|\r|\n/g, CRLF)}${CRLF}`,
    ),
  );
  const heads = files.map((f) =>
    Buffer.from(
      `--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeName(f.field)}"; filename="${escapeName(f.name)}"${CRLF}` +
        `Content-Type: ${f.type}${CRLF}${CRLF}`,
    ),
  );
  const tail = Buffer.from(`--${boundary}--${CRLF}`);
  const crlf = Buffer.from(CRLF);
  const length =
    text.reduce((n, b) => n + b.length, 0) +
    heads.reduce((n, b, i) => n + b.length + files[i].size + crlf.length, 0) +
    tail.length;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    async *stream(onRead) {
      yield* text;
      for (const [i, f] of files.entries()) {
        yield heads[i];
        // Never more than the size sent as Content-Length, and never less: a file that shrank
        // since it was checked ends the request rather than send a body of the wrong length.
        for (let at = 0; at < f.size;) {
          const buffer = Buffer.allocUnsafe(Math.min(CHUNK, f.size - at));
          const { bytesRead } = await f.file.read(buffer, 0, buffer.length, at);
          if (bytesRead === 0) throw new Error(`${f.name} is shorter than when it was checked`);
          at += bytesRead;
          onRead?.(bytesRead);
          yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
        }
        yield crlf;
      }
      yield tail;
    },
  };
}
