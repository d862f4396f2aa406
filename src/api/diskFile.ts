// A multipart file part read from disk as undici sends it, never held in memory.
// undici's FormData encoder needs only a File's `size` and `stream()`, so this File carries no
// bytes of its own: it reports the file's size and streams it, counting what has been read.
// It reads from a handle opened (and compared with what was checked) before the request starts,
// never from the path again: a file swapped meanwhile cannot slip into the upload.
import { File } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { ReadableStream } from 'node:stream/web';

const CHUNK = 1024 * 1024;

export class DiskFile extends File {
  readonly #file: FileHandle;

  constructor(
    file: FileHandle,
    name: string,
    type: string,
    size: number,
    private readonly onRead?: (bytes: number) => void,
  ) {
    super([], name, { type });
    this.#file = file;
    // An own property shadows Blob's getter: the encoder computes Content-Length from it.
    Object.defineProperty(this, 'size', { value: size });
  }

  override stream(): ReadableStream<Uint8Array> {
    const file = this.#file;
    const size = this.size;
    const onRead = this.onRead;
    let at = 0;
    // Pulled straight from the file in 1 MB reads, from its start each time (a retried attempt
    // streams it again): no Node-to-web stream adapter in between. Never more than the size sent
    // as Content-Length.
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - at));
        const { bytesRead } = buffer.length ? await file.read(buffer, 0, buffer.length, at) : { bytesRead: 0 };
        if (bytesRead === 0) {
          controller.close();
          return;
        }
        at += bytesRead;
        onRead?.(bytesRead);
        controller.enqueue(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      },
    });
  }

  // Only size and stream() carry the file; refuse the whole-file readers rather than lie.
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(new Error('DiskFile is streamed only'));
  }
  override text(): Promise<string> {
    return Promise.reject(new Error('DiskFile is streamed only'));
  }
}
