// The MP4 header reader meets foreign bytes (a clone, a copy, a download): a real file's length is
// read, and a file built to make it read forever is given up on after a fixed number of boxes.
import assert from 'node:assert/strict';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_TOP_BOXES, mp4Duration } from '../../src/jobs/mp4Duration';
import { SAMPLE_MP4 } from '../support/paths';
import { useTempDir } from '../support/sim';

/** A box: size, type, body. */
function box(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A `moov` whose `mvhd` says `seconds` (timescale 1000). */
function moov(seconds: number): Buffer {
  const mvhd = Buffer.alloc(20);
  mvhd.writeUInt32BE(1000, 12);
  mvhd.writeUInt32BE(seconds * 1000, 16);
  return box('moov', box('mvhd', mvhd));
}

describe('the MP4 length reader, on foreign bytes', () => {
  const dir = useTempDir();

  it('reads a real video’s length, and a file that is no MP4 as unknown', async () => {
    assert.equal(await mp4Duration(SAMPLE_MP4), 2);
    await writeFile(join(dir.path, 'text.mp4'), 'not an mp4 at all, just text');
    assert.equal(await mp4Duration(join(dir.path, 'text.mp4')), undefined);
    assert.equal(await mp4Duration(join(dir.path, 'missing.mp4')), undefined);
  });

  it(`finds moov after up to ${MAX_TOP_BOXES - 1} other boxes, and gives up after ${MAX_TOP_BOXES}`, async () => {
    const before = (n: number) =>
      Buffer.concat([box('ftyp', Buffer.from('isom')), ...Array.from({ length: n - 1 }, () => box('free')), moov(7)]);
    await writeFile(join(dir.path, 'within.mp4'), before(MAX_TOP_BOXES - 1));
    await writeFile(join(dir.path, 'past.mp4'), before(MAX_TOP_BOXES));
    assert.equal(await mp4Duration(join(dir.path, 'within.mp4')), 7);
    assert.equal(await mp4Duration(join(dir.path, 'past.mp4')), undefined);
  });

  it('a 16 MB file of 8-byte boxes (24 KB in a repository) is unknown after a few reads, not two million', async () => {
    const path = join(dir.path, 'boxes.mp4');
    const file = await open(path, 'w');
    const chunk = Buffer.concat(Array.from({ length: 8192 }, () => box('free')));
    for (let written = 0; written < 16 * 1024 * 1024; written += chunk.length) await file.write(chunk);
    await file.write(moov(5));
    await file.close();
    assert.equal(await mp4Duration(path), undefined);
  });
});
