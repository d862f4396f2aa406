// The account's places across the windows of one profile (jobs/windowPlaces.ts): what each window
// has at the provider counts for all; a window that ended without saying so, a send whose window
// died and a damaged file never keep the others from sending.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WindowPlaces } from '../../src/jobs/windowPlaces';
import { useTempDir } from '../support/sim';

describe('places across windows', () => {
  const dir = useTempDir();
  const file = () => join(dir.path, 'places.json');
  const window = (id: string, busy: () => number, more: Partial<ConstructorParameters<typeof WindowPlaces>[1]> = {}) =>
    new WindowPlaces(file(), { id, report: () => undefined, busyHere: busy, alive: () => true, ...more });

  it('a window’s jobs at the provider count for the others; fewer free its places; a closed window counts for nothing', async () => {
    let busyA = 3;
    const a = window('a', () => busyA);
    const b = window('b', () => 0);
    await a.changed();
    assert.equal(await b.take(3), undefined, 'three rendering in a: none left for b');
    busyA = 1;
    await a.changed();
    const first = await b.take(3);
    assert.ok(first, 'two freed in a: b may send');
    assert.ok(await b.take(3));
    assert.equal(await b.take(3), undefined, 'b’s two sends under way count until they are stored');
    await first.release();
    assert.ok(await b.take(3), 'a send given back frees its place');
    await a.close();
    assert.ok(await b.take(3), 'a closed window’s job no longer counts');
  });

  it('a window whose process ended is not counted; a send whose window died lapses', async () => {
    let now = 1_000_000;
    const dead = window('dead', () => 3, { pid: 424242 });
    await (await dead.take(99))?.release();
    const alive = (pid: number) => pid !== 424242;
    const held = window('crashed-mid-send', () => 0, { alive, now: () => now });
    assert.ok(await held.take(3));
    assert.ok(await held.take(3));
    const b = window('b', () => 0, { alive, now: () => now });
    assert.ok(await b.take(3), 'the ended window’s three are not counted; two sends under way are');
    assert.equal(await b.take(3), undefined);
    now += 6 * 60_000;
    assert.ok(await b.take(3), 'sends held for five minutes lapse');
  });

  it('a damaged file is read as no window at all', async () => {
    writeFileSync(
      file(),
      JSON.stringify({ windows: { x: { pid: 'me', busy: 99 }, y: { pid: 1, busy: -5, holds: 'no' } } }),
    );
    const b = window('b', () => 0);
    assert.ok(await b.take(1), 'nothing readable holds a place');
  });
});
