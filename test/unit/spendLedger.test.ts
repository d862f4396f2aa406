// This month's spend, shared by the windows of one profile (jobs/spendLedger.ts): records made at
// the same moment by different windows (processes) all count; a job taken back leaves every
// window's total; an earlier version's globalState is merged in once; a damaged file starts afresh.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SpendLedger } from '../../src/jobs/spendLedger';
import { SPEND_KEY } from '../../src/jobs/storedSpend';
import { MemoryMemento } from '../support/memento';
import { useTempDir } from '../support/sim';

const run = promisify(execFile);
const LEDGER = resolve(__dirname, '../../src/jobs/spendLedger.js');

describe('this month’s spend across windows', () => {
  const dir = useTempDir();
  const file = () => join(dir.path, 'spend.json');
  const cost = (usd: number | undefined) => ({ usd, source: 'provider' as const });

  it('two windows recording at the same moment: every job counts in both', async () => {
    const a = new SpendLedger(file(), undefined);
    const b = new SpendLedger(file(), undefined);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [a.record(`a${i}`, cost(0.4)), b.record(`b${i}`, cost(0.1))]).flat(),
    );
    b.refresh();
    a.refresh();
    for (const ledger of [a, b]) {
      const month = ledger.thisMonth();
      assert.equal(month.jobs, 40);
      assert.equal(month.usd.toFixed(2), '10.00');
    }
  });

  it('two processes recording at once: none of their jobs is lost', async () => {
    // Each process reads the file first, then all record from the same moment on.
    const goAt = Date.now() + 1_500;
    const script = (who: string) =>
      `const { SpendLedger } = require(${JSON.stringify(LEDGER)});
       const l = new SpendLedger(${JSON.stringify(file())}, undefined);
       setTimeout(() => Promise.all(Array.from({ length: 25 }, (_, i) => l.record('${who}' + i, { usd: 0.2, source: 'provider' })))
         .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); }), ${goAt} - Date.now());`;
    await Promise.all(['p', 'q', 'r'].map((who) => run(process.execPath, ['-e', script(who)])));
    const month = new SpendLedger(file(), undefined).thisMonth();
    assert.equal(month.jobs, 75, 'every record of three processes is on disk');
    assert.equal(month.usd.toFixed(2), '15.00');
  });

  it('a job taken back in one window leaves both totals; one without a price counts as unpriced', async () => {
    const a = new SpendLedger(file(), undefined);
    const b = new SpendLedger(file(), undefined);
    await a.record('sent', cost(0.4));
    await b.record('waiting', cost(0.4));
    await b.record('unpriced', cost(undefined));
    await a.forget('waiting');
    b.refresh();
    assert.deepEqual(b.thisMonth(), { month: b.thisMonth().month, usd: 0.4, unpriced: 1, jobs: 2 });
    let told = 0;
    a.onDidChange(() => told++);
    await b.record('later', cost(0.1));
    a.refresh();
    assert.equal(told, 1, 'a window hears what another recorded when it looks again');
    a.refresh();
    assert.equal(told, 1, 'and not when nothing changed');
  });

  it('a new month starts from nothing', async () => {
    const a = new SpendLedger(file(), undefined);
    await a.record('november', cost(1), new Date(2026, 10, 30));
    await a.record('december', cost(0.4), new Date(2026, 11, 1));
    assert.deepEqual(a.thisMonth(new Date(2026, 11, 2)), { month: '2026-12', usd: 0.4, unpriced: 0, jobs: 1 });
  });

  it('an earlier version’s month in globalState is merged into the file once, then cleared', async () => {
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const legacy = new MemoryMemento();
    await legacy.update(SPEND_KEY, { month, jobs: { old_a: 0.4, old_b: 'text' } });
    const lines: string[] = [];
    const a = new SpendLedger(file(), legacy, (l) => lines.push(l));
    assert.equal(a.thisMonth().jobs, 1, 'counted at once, the unreadable amount left out');
    assert.match(lines.join('\n'), /unreadable stored spend of 1 job/);
    await a.ready;
    assert.equal(legacy.get(SPEND_KEY), undefined, 'cleared from globalState');
    await a.record('new', cost(0.4));
    assert.deepEqual(
      Object.keys(
        (JSON.parse(readFileSync(file(), 'utf8')) as Record<string, { jobs: object }>)[SPEND_KEY].jobs,
      ).sort(),
      ['new', 'old_a'],
    );
  });

  it('a damaged file is started afresh, saying so', async () => {
    writeFileSync(file(), '{"seedance.spend.v1": ');
    const lines: string[] = [];
    const a = new SpendLedger(file(), undefined, (l) => lines.push(l));
    assert.equal(a.thisMonth().jobs, 0);
    assert.match(lines.join('\n'), /could not be read \(started afresh\)/);
    await a.record('x', cost(0.4));
    assert.equal(new SpendLedger(file(), undefined).thisMonth().jobs, 1);
  });
});
