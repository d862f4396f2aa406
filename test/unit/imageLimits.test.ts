// A reference image's pixels read from its header (api/imageType.ts), and the provider's limits
// on size, sides and ratio checked before anything is sent (api/imageLimits.ts, every door).
import assert from 'node:assert/strict';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError, inspectImageFile, validateRequest } from '../../src/api';
import { fixture } from '../support/paths';
import { rejection, useTempDir } from '../support/sim';

/** The first bytes of a PNG whose header says `width` × `height` (nothing after: enough for a header). */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** `jpeg` with `segments` inserted right after its start (FF D8): they come before its frame. */
const withSegments = (jpeg: Buffer, ...segments: Buffer[]) =>
  Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
/** A JPEG segment: marker, a length counting itself, then `body`. */
function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

describe('reference images: pixels from the header, and the provider’s limits', () => {
  const dir = useTempDir();
  const write = async (name: string, bytes: Buffer) => {
    const path = join(dir.path, name);
    await writeFile(path, bytes);
    return path;
  };
  const pixels = async (path: string) => {
    const { width, height } = await inspectImageFile(path);
    return `${width}x${height}`;
  };
  const refusal = async (path: string) =>
    (await rejection<ValidationError>(validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0', image: path })))
      .message;

  it('reads the pixels of real PNG, JPEG, WebP (lossy and lossless) files', async () => {
    assert.equal(await pixels(fixture('images', 'sample.png')), '640x360');
    assert.equal(await pixels(fixture('images', 'sample.jpg')), '640x360');
    assert.equal(await pixels(fixture('images', 'sample.webp')), '640x360');
    assert.equal(await pixels(fixture('images', 'lossless.webp')), '200x120');
  });

  it('walks a JPEG’s segments to its frame (EXIF and comments first, a progressive frame), a bounded number of them', async () => {
    const jpeg = await readFile(fixture('images', 'sample.jpg'));
    const exif = segment(0xe1, Buffer.alloc(60_000, 1));
    const comment = segment(0xfe, Buffer.from('made by a camera'));
    assert.equal(await pixels(await write('exif.jpg', withSegments(jpeg, exif, comment, exif))), '640x360');
    const sof0 = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const progressive = Buffer.from(jpeg);
    progressive[sof0 + 1] = 0xc2;
    assert.equal(await pixels(await write('progressive.jpg', progressive)), '640x360');
    const many = Array.from({ length: 64 }, () => comment);
    assert.equal(await pixels(await write('many.jpg', withSegments(jpeg, ...many))), 'undefinedxundefined');
    assert.equal(await pixels(await write('cut.jpg', jpeg.subarray(0, sof0 + 4))), 'undefinedxundefined');
  });

  it('reads an extended WebP’s canvas, and leaves a header of zeros unknown', async () => {
    const vp8x = Buffer.alloc(30);
    vp8x.write('RIFF', 0, 'latin1');
    vp8x.write('WEBPVP8X', 8, 'latin1');
    vp8x.writeUIntLE(1919, 24, 3);
    vp8x.writeUIntLE(1079, 27, 3);
    assert.equal(await pixels(await write('x.webp', vp8x)), '1920x1080');
    assert.equal(await pixels(await write('zero.png', pngHeader(0, 0))), 'undefinedxundefined');
  });

  it('refuses before sending: a side under 300 or over 6,000 pixels, a ratio outside 0.4–2.5, 30 MB or more', async () => {
    assert.match(await refusal(await write('small.png', pngHeader(250, 250))), /250×250 pixels; .*300 to 6000/);
    assert.match(await refusal(await write('huge.png', pngHeader(7000, 4000))), /7000×4000 pixels/);
    assert.match(
      await refusal(await write('wide.png', pngHeader(1000, 300))),
      /width ÷ height of 3\.33; .*0\.4 to 2\.5/,
    );
    assert.match(await refusal(await write('tall.png', pngHeader(300, 800))), /width ÷ height of 0\.38/);
    const big = await write('big.png', pngHeader(640, 360));
    await truncate(big, 30 * 1024 * 1024);
    assert.match(await refusal(big), /is 30\.0 MB; the provider takes images under 30 MB/);
  });

  it('accepts the edges (a byte under 30 MB too) and an image whose pixels its header does not say', async () => {
    for (const [w, h] of [
      [300, 300],
      [6000, 6000],
      [750, 300],
      [300, 750],
      [0, 0],
    ]) {
      const request = await validateRequest({
        prompt: 'p',
        model: 'doubao-seedance-2-0',
        image: await write(`edge-${w}x${h}.png`, pngHeader(w, h)),
      });
      assert.equal(request.images.length, 1, `${w}x${h}`);
    }
    const atLimit = await write('limit.png', pngHeader(640, 360));
    await truncate(atLimit, 30 * 1024 * 1024 - 1);
    assert.equal(
      (await validateRequest({ prompt: 'p', model: 'doubao-seedance-2-0', image: atLimit })).images.length,
      1,
    );
  });
});
