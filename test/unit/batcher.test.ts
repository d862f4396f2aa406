// Notifications for events close together are batched: one hand-over per burst, none after
// dispose.
import assert from 'node:assert/strict';
import { Batcher } from '../../src/common/batcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Batcher', () => {
  it('hands over a burst as one batch, in order, and starts afresh after it', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(50, (items) => batches.push(items));
    batcher.add(1);
    batcher.add(2);
    await sleep(10);
    batcher.add(3);
    await sleep(100);
    batcher.add(4);
    await sleep(100);
    assert.deepEqual(batches, [[1, 2, 3], [4]]);
  });

  it('hands over nothing once disposed', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(20, (items) => batches.push(items));
    batcher.add(1);
    batcher.dispose();
    await sleep(60);
    assert.deepEqual(batches, []);
  });
});
