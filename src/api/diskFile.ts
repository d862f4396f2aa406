// A multipart file part read from disk as undici sends it, never held in memory.
// undici's FormData encoder needs only a File's `size` and `stream()`, so this File carries no
// bytes of its own: it reports the file's size and streams it, counting what has been read.
import { File } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';

const CHUNK = 256 * 1024;

export class DiskFile extends File {
  readonly #path: string;

  constructor(
    path: string,
    name: string,
    type: string,
    size: number,
    private readonly onRead?: (bytes: number) => void,
  ) {
    super([], name, { type });
    this.#path = path;
    // An own property shadows Blob's getter: the encoder computes Content-Length from it.
    Object.defineProperty(this, 'size', { value: size });
  }

  override stream(): ReadableStream<Uint8Array> {
    const file = createReadStream(this.#path, { highWaterMark: CHUNK });
    if (this.onRead) file.on('data', (chunk) => this.onRead?.(chunk.length));
    return Readable.toWeb(file) as ReadableStream<Uint8Array>;
  }

  // Only size and stream() carry the file; refuse the whole-file readers rather than lie.
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(new Error('DiskFile is streamed only'));
  }
  override text(): Promise<string> {
    return Promise.reject(new Error('DiskFile is streamed only'));
  }
}
