// The create request's body, written by the extension: read back by the WHATWG multipart parser
// (undici's Response#formData, as the simulator reads it) it is exactly the fields and images
// sent, its length is the Content-Length it declares, and every attempt streams it whole again.
import assert from 'node:assert/strict';
import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Response } from 'undici';
import { multipart } from '../../src/api/multipart';
import { fixture } from '../support/paths';
import { useTempDir } from '../support/sim';

async function bytesOf(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe('the multipart body of a create', () => {
  const dir = useTempDir();

  it('reads back as the fields and images sent, in order, with its declared length', async () => {
    const png = fixture('images', 'sample.png');
    const copy = join(dir.path, 'صورة "quay"\n.png');
    await writeFile(copy, await readFile(png));
    const files = [await open(png, 'r'), await open(copy, 'r')];
    try {
      const sizes = await Promise.all(files.map(async (f) => (await f.stat()).size));
      const body = multipart(
        [
          ['prompt', 'مرفأ عند الغسق\nsecond line [Image 1] → [Image 2]'],
          ['model', 'doubao-seedance-2-0'],
        ],
        [
          { field: 'input_reference', name: 'sample.png', type: 'image/png', size: sizes[0], file: files[0] },
          { field: 'input_reference', name: 'صورة "quay"\n.png', type: 'image/png', size: sizes[1], file: files[1] },
        ],
      );
      let read = 0;
      const bytes = await bytesOf(body.stream((n) => (read += n)));
      assert.equal(bytes.length, body.length, 'Content-Length is the body’s length');
      assert.equal(read, sizes[0] + sizes[1], 'every image byte read, and counted');
      const form = await new Response(bytes, { headers: { 'content-type': body.contentType } }).formData();
      // Line breaks in text travel as CRLF, as browsers and undici's FormData send them.
      assert.equal(form.get('prompt'), 'مرفأ عند الغسق\r\nsecond line [Image 1] → [Image 2]');
      assert.equal(form.get('model'), 'doubao-seedance-2-0');
      const images = form.getAll('input_reference') as File[];
      assert.deepEqual(
        images.map((f) => [f.name, f.type, f.size]),
        [
          ['sample.png', 'image/png', sizes[0]],
          // Escaped in the header (%22, %0A), read back as named.
          ['صورة "quay"\n.png', 'image/png', sizes[1]],
        ],
      );
      assert.deepEqual(Buffer.from(await images[0].arrayBuffer()), await readFile(png));
      // A second attempt streams the same body again, from the start.
      assert.deepEqual(await bytesOf(body.stream()), bytes);
    } finally {
      for (const f of files) await f.close();
    }
  });

  it('an image that shrank since it was checked ends the body instead of sending the wrong length', async () => {
    const path = join(dir.path, 'shrinks.png');
    await writeFile(path, await readFile(fixture('images', 'sample.png')));
    const file = await open(path, 'r');
    try {
      const size = (await file.stat()).size;
      const body = multipart([], [{ field: 'input_reference', name: 'shrinks.png', type: 'image/png', size, file }]);
      await truncate(path, 10);
      await assert.rejects(bytesOf(body.stream()), /shrinks\.png is shorter than when it was checked/);
    } finally {
      await file.close();
    }
  });
});
