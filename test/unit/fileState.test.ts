// The MCP servers' shared state file (src/mcp/fileState.ts), two servers' views of it in one
// process: what one writes is merged into what the other wrote, never overwritten by a stale copy;
// the account's places are counted across both; a send tied to its stored job counts once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
import { FileState } from '../../src/mcp/fileState';
import { useTempDir } from '../support/sim';

describe('the MCP servers’ shared state file', () => {
  const dir = useTempDir();
  const ROOT = '/projects/film';
  /** A server's view of the file: its own process id, the other one counted as running. */
  const server = (pid: number) =>
    new FileState(dir.path, ROOT, { report: assert.fail, pid, alive: (p) => p === 101 || p === 102 });
  const job = (id: string, phase = 'rendering', submittedAt = 1) => ({ id, phase, submittedAt, prompt: id });
  const onDisk = async (state: FileState) =>
    (JSON.parse(await readFile(state.path, 'utf8')) as Record<string, { id: string }[]>)[STORAGE_KEY].map((j) => j.id);

  it('merges each server’s jobs into the file: adding, changing and removing its own never touches the other’s', async () => {
    const a = server(101);
    const b = server(102);
    await a.update(STORAGE_KEY, [job('a1', 'rendering', 2)]);
    // b loaded the file before a wrote: its save must not erase a's job.
    await b.update(STORAGE_KEY, [job('b1', 'rendering', 3)]);
    assert.deepEqual(await onDisk(a), ['b1', 'a1'], 'newest first, both kept');
    await a.update(STORAGE_KEY, []);
    assert.deepEqual(await onDisk(a), ['b1'], 'a removed only its own');
    await b.update(STORAGE_KEY, [job('b1', 'done', 3)]);
    const stored = JSON.parse(await readFile(a.path, 'utf8')) as Record<string, { phase: string }[]>;
    assert.deepEqual(
      stored[STORAGE_KEY].map((j) => j.phase),
      ['done'],
    );
  });

  it('counts the account’s places across servers: the limit holds whoever asks, and a place given back is free again', async () => {
    const a = server(101);
    const b = server(102);
    const first = await a.takePlace(2);
    const second = await b.takePlace(2);
    assert.ok(first && second);
    assert.equal(await a.takePlace(2), undefined, 'two of two taken, one by each');
    await second.release();
    assert.ok(await a.takePlace(2), 'free again');
  });

  it('a place tied to its job counts once when the job is stored as rendering; untied, both count', async () => {
    const a = server(101);
    const tied = await a.takePlace(2);
    await tied!.bind('a1');
    await a.update(STORAGE_KEY, [job('a1')]);
    assert.ok(await a.takePlace(2), 'one job at the provider: one place of two used');
    const b = server(102);
    const untied = await b.takePlace(3);
    assert.ok(untied);
    await b.update(STORAGE_KEY, [job('b1')]);
    // a1 (tied), the second place of a, b1 and b's untied send: four of four.
    assert.equal(await b.takePlace(4), undefined);
  });

  describe('which server follows each job', () => {
    /** A server whose view of which processes still run is the test's. */
    const running = new Set<number>();
    const serverOf = (pid: number) =>
      new FileState(dir.path, ROOT, { report: assert.fail, pid, alive: (p) => running.has(p) });
    const owners = async (state: FileState) =>
      (JSON.parse(await readFile(state.path, 'utf8')) as Record<string, unknown>)['mcp.owners'];
    const mine = (state: FileState) => (state.get<{ id: string }[]>(STORAGE_KEY) ?? []).map((j) => j.id);

    beforeEach(() => {
      running.clear();
      running.add(201).add(202);
    });

    it('a job another running server follows is left out of what this one reads, and kept when it saves', async () => {
      const a = serverOf(201);
      await a.update(STORAGE_KEY, [job('a1', 'rendering', 2)]);
      const b = serverOf(202);
      await b.claimJobs();
      assert.deepEqual(mine(b), [], 'a1 is a’s to poll');
      await b.update(STORAGE_KEY, [job('b1', 'rendering', 3)]);
      assert.deepEqual(await onDisk(b), ['b1', 'a1']);
      assert.deepEqual(await owners(b), { a1: 201, b1: 202 });
    });

    it('the jobs of a server that ended are taken over by the next to claim them; a damaged owner counts as none', async () => {
      const a = serverOf(201);
      await a.update(STORAGE_KEY, [job('a1', 'rendering', 2), job('a2', 'rendering', 1)]);
      const b = serverOf(202);
      await b.claimJobs();
      await b.update(STORAGE_KEY, [job('b1', 'rendering', 3)]);
      running.delete(201);
      await b.transact((disk) => void ((disk['mcp.owners'] as Record<string, unknown>).b1 = 'not a pid'));
      const c = serverOf(203);
      running.add(203);
      await c.claimJobs();
      assert.deepEqual(mine(c), ['b1', 'a1', 'a2'], 'a’s ended with it; b’s owner could not be read');
      assert.deepEqual(await owners(c), { a1: 203, a2: 203, b1: 203 });
      // Removed from the list: its owner goes too.
      await c.update(STORAGE_KEY, [job('b1', 'rendering', 3)]);
      assert.deepEqual(await owners(c), { b1: 203 });
    });

    it('a send whose process died mid-send holds its place for five minutes, then lapses', async () => {
      const a = serverOf(201);
      const now = 1_800_000_000_000;
      assert.ok(await a.takePlace(1, 'a1', now));
      assert.equal(await a.takePlace(1, undefined, now + 5 * 60_000 - 1), undefined, 'held');
      assert.ok(await a.takePlace(1, undefined, now + 5 * 60_000), 'lapsed');
    });
  });
});
