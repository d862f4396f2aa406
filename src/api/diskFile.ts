// A multipart file part read from disk as undici sends it, never held in memory.
// undici's FormData encoder needs only a File's `size` and `stream()`, so this File carries no
// bytes of its own: it reports the file's size and streams it, counting what has been read.
import { File } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import { ReadableStream } from 'node:stream/web';

const CHUNK = 1024 * 1024;

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
    const path = this.#path;
    const onRead = this.onRead;
    let file: FileHandle | undefined;
    // Pulled straight from the file in 1 MB reads: no Node-to-web stream adapter in between.
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        file ??= await open(path, 'r');
        const buffer = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) {
          await file.close();
          controller.close();
          return;
        }
        onRead?.(bytesRead);
        controller.enqueue(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
      },
      async cancel() {
        await file?.close();
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
