// `npm run bench`: what users feel, measured side by side with its baseline in the same run
// (medians of several runs; ratios, not single absolute times). Prints a table and writes the
// same figures to bench-results/latest.json. A missed target is reported, never hidden.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SeedanceClient, type VideoTask, isFinal, validateRequest } from '../../src/api';
import { Estimates } from '../../src/jobs/renderHistory';
import type { Job } from '../../src/jobs/job';
import { Poller } from '../../src/jobs/poller';
import { ensureVsCode } from '../harness/install';
import { Session } from '../harness/session';
import { packageVsix } from '../harness/vsix';
import { runCommand } from '../ui/workbench';
import { Simulator } from '../simulator/simulator';
import { REPO_ROOT } from '../support/paths';
import type { HostBench } from './host';
import { type Row, fmtMs, growth, lastStep, median } from './rows';
import { benchFolders, benchGallery } from './size';

const MiB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MEASURE = join(REPO_ROOT, 'out', 'test', 'bench', 'measure.js');
const log = (line: string) => console.log(line);

const rows: Row[] = [];
const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} failed (${code}): ${err}`))));
  });
}

interface Measured {
  ms: number;
  bytes: number;
  rssGrowth: number;
  /** The event loop's delay while the operation ran: 99th percentile and worst, in ms. */
  loopP99Ms: number;
  loopMaxMs: number;
}

async function measureClient(args: string[]): Promise<Measured> {
  return JSON.parse(await run(process.execPath, ['--expose-gc', MEASURE, ...args])) as Measured;
}

/** The event-loop row of an operation, from its runs. */
function loopRow(what: string, runs: Measured[]): Row {
  const p99 = median(runs.map((m) => m.loopP99Ms));
  const worst = Math.max(...runs.map((m) => m.loopMaxMs));
  return {
    figure: `event-loop delay during ${what} (p99)`,
    measured: `${p99.toFixed(1)} ms (worst ${worst.toFixed(1)} ms)`,
    baseline: 'the host thread other extensions share',
    target: '≤ 20 ms',
    met: p99 <= 20,
    data: { p99Ms: runs.map((m) => m.loopP99Ms), maxMs: runs.map((m) => m.loopMaxMs) },
  };
}

async function curlSeconds(args: string[]): Promise<number> {
  return Number(await run('curl', ['-sS', '-w', '%{time_total}', ...args]));
}

/** The simulator as its own process, so the client and curl compete with it equally. */
async function startSimulatorProcess(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'out', 'test', 'simulator', 'cli.js'),
      '--port',
      '0',
      '--task-seconds',
      '0',
      '--url-ttl',
      '36000',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /listening on (\S+)/.exec(l);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
  });
  return { url, stop: () => child.kill() };
}

async function benchDownload(scratch: string): Promise<void> {
  const sim = await startSimulatorProcess();
  try {
    const client = new SeedanceClient({ baseUrl: sim.url, apiKey: 'sk-simulator-key', noProxy: '*' });
    const { id } = await client.create(await validateRequest({ prompt: 'bench', model: 'doubao-seedance-2-0-fast' }));
    const url = (await client.retrieve(id)).videoUrl!;
    const results: Record<number, { client: number[]; curl: number[]; rss: number[]; runs: Measured[] }> = {};
    for (const size of [128 * MiB, 512 * MiB]) {
      await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ videoBytes: size }) });
      const r: { client: number[]; curl: number[]; rss: number[]; runs: Measured[] } = {
        client: [],
        curl: [],
        rss: [],
        runs: [],
      };
      results[size] = r;
      for (let i = 0; i < RUNS; i++) {
        const dest = join(scratch, `client-${i}.mp4`);
        const m = await measureClient(['download', sim.url, 'sk-simulator-key', url, dest]);
        if (m.bytes !== size) throw new Error(`downloaded ${m.bytes} of ${size} bytes`);
        r.client.push(size / (m.ms / 1000));
        r.rss.push(m.rssGrowth);
        r.runs.push(m);
        await rm(dest);
        const curlDest = join(scratch, `curl-${i}.mp4`);
        r.curl.push(size / (await curlSeconds(['-o', curlDest, url])));
        await rm(curlDest);
      }
    }
    await client.close();
    const big = results[512 * MiB];
    const ratio = median(big.client) / median(big.curl);
    const rss128 = median(results[128 * MiB].rss);
    const rss512 = median(big.rss);
    rows.push({
      figure: 'download 512 MB (signed URL), throughput',
      measured: `${mb(median(big.client))}/s`,
      baseline: `curl -o: ${mb(median(big.curl))}/s`,
      target: `≥ 0.9× curl: ${ratio.toFixed(2)}×`,
      met: ratio >= 0.9,
      data: { clientBytesPerSec: big.client, curlBytesPerSec: big.curl, ratio },
    });
    rows.push({
      figure: 'download, peak RSS growth (128 MB → 512 MB)',
      measured: `${mb(rss128)} → ${mb(rss512)}`,
      baseline: 'file size ×4',
      target: '≤ 32 MB, flat in size',
      met: rss512 <= 32 * MiB && rss512 - rss128 <= 8 * MiB,
      data: { rss128, rss512, runs128: results[128 * MiB].rss, runs512: big.rss },
    });
    rows.push(loopRow('a 512 MB download', big.runs));
  } finally {
    sim.stop();
  }
}

async function benchCreate(scratch: string): Promise<void> {
  const sim = await startSimulatorProcess();
  const image = join(scratch, 'reference.jpg');
  // 30 MB that sniff as JPEG: what matters is how the bytes travel.
  await writeFile(image, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(30 * MiB - 4, 7)]));
  try {
    const client: number[] = [];
    const curl: number[] = [];
    const rss: number[] = [];
    const runs: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      const m = await measureClient(['create', sim.url, 'sk-simulator-key', image]);
      client.push(m.ms);
      rss.push(m.rssGrowth);
      runs.push(m);
      curl.push(
        1000 *
          (await curlSeconds([
            '-o',
            '/dev/null',
            `${sim.url}/v1/videos`,
            '-H',
            'Authorization: Bearer sk-simulator-key',
            '-F',
            'prompt=bench',
            '-F',
            'model=doubao-seedance-2-0-fast',
            '-F',
            'seconds=5',
            '-F',
            'size=16:9',
            '-F',
            'resolution=720p',
            '-F',
            `input_reference=@${image};type=image/jpeg`,
          ])),
      );
    }
    const ratio = median(client) / median(curl);
    rows.push({
      figure: 'create with a 30 MB image, time',
      measured: `${median(client).toFixed(0)} ms`,
      baseline: `curl -F: ${median(curl).toFixed(0)} ms`,
      target: `≤ 1.1× curl: ${ratio.toFixed(2)}×`,
      met: ratio <= 1.1,
      data: { clientMs: client, curlMs: curl, ratio },
    });
    rows.push({
      figure: 'create with a 30 MB image, peak RSS growth',
      measured: mb(median(rss)),
      baseline: 'image: 30 MB',
      target: '≤ 32 MB (streamed)',
      met: median(rss) <= 32 * MiB,
      data: { rss },
    });
    rows.push(loopRow('a 30 MB upload', runs));
  } finally {
    sim.stop();
  }
}

async function benchPolling(): Promise<void> {
  const sim = await Simulator.start({ taskSeconds: 3600 });
  const client = new SeedanceClient({ baseUrl: sim.apiUrl, apiKey: sim.key, noProxy: '*' });
  try {
    const unfinished = new Set<string>();
    const req = await validateRequest({ prompt: 'poll me', model: 'doubao-seedance-2-0-fast' });
    for (let i = 0; i < 500; i++) unfinished.add((await client.create(req)).id);
    const interval = 5000;
    let inFlight = 0;
    let maxInFlight = 0;
    const poller = new Poller({
      unfinished: () => [...unfinished],
      retrieve: async (id, signal) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await client.retrieve(id, { signal });
        } finally {
          inFlight--;
        }
      },
      onTask: (id, task: VideoTask) => {
        if (isFinal(task.state)) unfinished.delete(id);
      },
      onJobError: () => undefined,
      onAuthFailure: () => undefined,
      intervalMs: () => interval,
      focused: () => true,
    });
    // A real API answers in tens of milliseconds; without that no two requests would overlap.
    sim.faults.add({ fault: { kind: 'slow-headers', delayMs: 20 }, match: { method: 'GET' }, times: Infinity });
    sim.requests.length = 0;
    sim.maxInFlight = 0;
    poller.poke();
    await new Promise((r) => setTimeout(r, 3 * interval * 1.1 + 2000));
    const perTick = ticks(
      sim.received('api', 'GET').map((g) => g.at),
      interval / 2,
    );
    for (const id of unfinished) sim.finishTask(id);
    await new Promise((r) => setTimeout(r, interval * 1.1 + 3000));
    const stoppedAt = sim.requests.length;
    await new Promise((r) => setTimeout(r, 2 * interval * 1.1));
    const after = sim.requests.length - stoppedAt;
    poller.dispose();
    rows.push({
      figure: 'polling 500 unfinished jobs',
      measured: `${perTick.slice(0, 3).join(', ')} GETs per tick; ≤ ${maxInFlight} at once; ${after} after all done`,
      baseline: '500 GETs per interval',
      target: 'exactly 500, ≤ 8 at once, 0 when done',
      met:
        perTick.length >= 3 &&
        perTick.slice(0, 3).every((n) => n === 500) &&
        maxInFlight <= 8 &&
        sim.maxInFlight <= 8 &&
        after === 0 &&
        unfinished.size === 0,
      data: {
        perTick,
        maxInFlightClient: maxInFlight,
        maxInFlightServer: sim.maxInFlight,
        requestsAfterDone: after,
        remaining: unfinished.size,
      },
    });
  } finally {
    await client.close();
    await sim.close();
  }
}

/** Sizes of the bursts in `times` (ms), a gap longer than `gap` starting a new one. */
function ticks(times: number[], gap: number): number[] {
  const sizes: number[] = [];
  let last = -Infinity;
  for (const t of [...times].sort((a, b) => a - b)) {
    if (t - last > gap) sizes.push(0);
    sizes[sizes.length - 1]++;
    last = t;
  }
  return sizes;
}

async function benchLatency(scratch: string): Promise<void> {
  const sim = await Simulator.start({ taskSeconds: 3600 });
  const client = new SeedanceClient({ baseUrl: sim.apiUrl, apiKey: sim.key, noProxy: '*' });
  const interval = 5000;
  const shown: number[] = [];
  const onDisk: number[] = [];
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      const { id } = await client.create(
        await validateRequest({ prompt: `latency ${i}`, model: 'doubao-seedance-2-0' }),
      );
      let flippedAt = 0;
      const done = new Promise<void>((resolve, reject) => {
        const poller: Poller = new Poller({
          unfinished: () => (shown.length > i ? [] : [id]),
          retrieve: (tid, signal) => client.retrieve(tid, { signal }),
          onTask: async (_tid, task) => {
            if (task.state !== 'succeeded') return;
            // What the extension does on SUCCESS: the row updates, then the download starts.
            shown.push(Date.now() - flippedAt);
            await client.download(task.videoUrl!, join(scratch, `latency-${i}.mp4`)).catch(reject);
            onDisk.push(Date.now() - flippedAt);
            poller.dispose();
            resolve();
          },
          onJobError: (_tid, e) => reject(e),
          onAuthFailure: reject,
          intervalMs: () => interval,
          focused: () => true,
        });
        poller.poke();
      });
      // The flip lands anywhere in the polling cycle.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * interval));
      flippedAt = Date.now();
      sim.finishTask(id);
      await done;
    }
    const slack = Math.max(...shown) - interval;
    rows.push({
      figure: 'status latency: completed → row shows it',
      measured: `median ${median(shown)} ms, worst ${Math.max(...shown)} ms`,
      baseline: `poll interval ${interval} ms`,
      target: `≤ interval + 1 s (worst ${slack >= 0 ? '+' : ''}${slack} ms)`,
      met: Math.max(...shown) <= interval * 1.1 + 1000,
      data: { shownMs: shown, intervalMs: interval, jitterAllowance: '10% of the interval' },
    });
    const downloads = onDisk.map((d, k) => d - shown[k]);
    rows.push({
      figure: 'status latency: completed → file on disk',
      measured: `median ${median(onDisk)} ms, worst ${Math.max(...onDisk)} ms`,
      baseline: `interval ${interval} ms + download ${median(downloads)} ms`,
      target: '≤ interval + 1 s + download',
      met: onDisk.every((d, k) => d <= interval * 1.1 + 1000 + downloads[k]),
      data: { onDiskMs: onDisk, downloadMs: downloads },
    });
  } finally {
    await client.close();
    await sim.close();
  }
}

/**
 * Adaptive polling against fixed polling every 10 s, on the same seeded tasks (render times like
 * the service's, every time scaled by SCALE so the run takes seconds, not hours): how long after a
 * video is ready until it is on disk, and how many GETs each job took. Figures are scaled back to
 * real seconds.
 */
async function benchAdaptive(scratch: string): Promise<void> {
  const SCALE = 0.05;
  const SEED = 20_261_125;
  const WARM = 12;
  const N = 40;
  const interval = 10_000 * SCALE;
  const outcome: Record<'fixed' | 'adaptive', { latency: number[]; gets: number[] }> = {
    fixed: { latency: [], gets: [] },
    adaptive: { latency: [], gets: [] },
  };
  // Each run: the same seeded jobs, both modes; the figures are the medians over the runs (at
  // this time scale a millisecond of timer or HTTP jitter is 20 ms of real time).
  const perRun: { mode: 'fixed' | 'adaptive'; median: number; p90: number; gets: number }[] = [];
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  for (let r = 0; r < RUNS; r++)
    for (const mode of ['fixed', 'adaptive'] as const) {
      const before = outcome[mode].latency.length;
      // The same seed: both modes meet exactly the same tasks, in the same order.
      const sim = await Simulator.start({ realistic: { seed: SEED, scale: SCALE } });
      const client = new SeedanceClient({ baseUrl: sim.apiUrl, apiKey: sim.key, noProxy: '*' });
      const memento = new Map<string, unknown>();
      const estimates = new Estimates({
        get: <T>(k: string) => memento.get(k) as T,
        update: (k: string, v: unknown) => Promise.resolve(void memento.set(k, v)),
      });
      const jobs = new Map<string, Job>();
      const onDisk = new Map<string, number>();
      const models = [
        'doubao-seedance-2-0-fast',
        'doubao-seedance-2-0',
        'doubao-seedance-1-5-pro',
        'doubao-seedance-1-0-pro',
      ];
      const submit = async (i: number) => {
        const model = models[i % models.length];
        const seconds = model === 'doubao-seedance-1-0-pro' ? 5 : [5, 8][i % 2];
        const req = await validateRequest({ prompt: `adaptive ${i}`, model, seconds, resolution: '720p' });
        const task = await client.create(req);
        jobs.set(task.id, {
          id: task.id,
          prompt: req.prompt,
          model,
          seconds,
          resolution: '720p',
          submittedAt: Date.now(),
          pollingSince: Date.now(),
          phase: 'rendering',
          task: { state: 'queued', status: 'queued', known: true, progress: 0 },
        });
        return task.id;
      };
      const runWave = async (ids: string[]) => {
        await new Promise<void>((resolve, reject) => {
          const poller: Poller = new Poller({
            unfinished: () => ids.filter((id) => !onDisk.has(id) && jobs.get(id)!.phase === 'rendering'),
            retrieve: (id, signal) => client.retrieve(id, { signal }),
            onTask: async (id, task: VideoTask) => {
              const job = jobs.get(id)!;
              estimates.observe(id, task, Date.now());
              if (task.state !== 'succeeded' || !task.videoUrl) return;
              jobs.set(id, { ...job, phase: 'downloading', downloadProgress: 0 });
              await estimates.finished(job, Date.now());
              await client.download(task.videoUrl, join(scratch, `${mode}-${id}.mp4`));
              onDisk.set(id, Date.now());
              if (ids.every((i) => onDisk.has(i))) {
                poller.dispose();
                resolve();
              }
            },
            onJobError: (_id, e) => reject(e),
            onAuthFailure: reject,
            intervalMs: () => interval,
            minIntervalMs: interval,
            minGapMs: 1000 * SCALE,
            focused: () => true,
            concurrency: N,
            adaptive: () => mode === 'adaptive',
            estimate: (id) => {
              const job = jobs.get(id)!;
              return { submittedAt: job.submittedAt, finishAt: estimates.estimate(job, Date.now())?.finishAt };
            },
          });
          poller.poke();
        });
      };
      try {
        // A first wave fills the history of render times (as earlier videos would have).
        const warm: string[] = [];
        for (let i = 0; i < WARM; i++) warm.push(await submit(i));
        await runWave(warm);
        sim.requests.length = 0;
        const measured: string[] = [];
        for (let i = WARM; i < WARM + N; i++) measured.push(await submit(i));
        await runWave(measured);
        for (const id of measured) {
          const task = sim.tasks.get(id)!;
          if (process.env.BENCH_DEBUG) {
            const end = task.createdAt + task.durationMs;
            const polls = sim.requests
              .filter((r) => r.method === 'GET' && r.path === `/v1/videos/${id}`)
              .map((r) => ((r.at - end) / SCALE / 1000).toFixed(1));
            log(
              `${mode} ${task.model} len ${(task.durationMs / SCALE / 1000).toFixed(0)} s: polls at ${polls.join(' ')}`,
            );
          }
          outcome[mode].latency.push((onDisk.get(id)! - (task.createdAt + task.durationMs)) / SCALE / 1000);
          outcome[mode].gets.push(
            sim.requests.filter((r) => r.method === 'GET' && r.path === `/v1/videos/${id}`).length,
          );
        }
      } finally {
        await client.close();
        await sim.close();
      }
      const latency = outcome[mode].latency.slice(before);
      const gets = outcome[mode].gets.slice(before);
      perRun.push({ mode, median: pct(latency, 0.5), p90: pct(latency, 0.9), gets: mean(gets) });
    }
  const runsOf = (mode: 'fixed' | 'adaptive') => perRun.filter((p) => p.mode === mode);
  const a = runsOf('adaptive');
  const f = runsOf('fixed');
  const am = median(a.map((x) => x.median));
  const ap = median(a.map((x) => x.p90));
  const ag = median(a.map((x) => x.gets));
  const fg = median(f.map((x) => x.gets));
  rows.push({
    figure: `finished → file on disk, ${N} seeded jobs (real seconds; run at ${SCALE}× time)`,
    measured: `adaptive: median ${am.toFixed(1)} s, p90 ${ap.toFixed(1)} s`,
    baseline: `fixed 10 s: median ${median(f.map((x) => x.median)).toFixed(1)} s, p90 ${median(f.map((x) => x.p90)).toFixed(1)} s`,
    target: 'median ≤ 2 s, p90 ≤ 4 s',
    met: am <= 2 && ap <= 4,
    data: {
      perRun,
      adaptiveSeconds: outcome.adaptive.latency,
      fixedSeconds: outcome.fixed.latency,
      scale: SCALE,
      seed: SEED,
    },
  });
  rows.push({
    figure: 'GETs per job (same jobs)',
    measured: `adaptive: ${ag.toFixed(1)} (max ${Math.max(...outcome.adaptive.gets)})`,
    baseline: `fixed 10 s: ${fg.toFixed(1)} (max ${Math.max(...outcome.fixed.gets)})`,
    target: '≤ fixed',
    met: ag <= fg,
    data: { adaptive: outcome.adaptive.gets, fixed: outcome.fixed.gets },
  });
}

async function benchBundle(): Promise<void> {
  const { size } = await stat(join(REPO_ROOT, 'dist', 'extension.js'));
  rows.push({
    figure: 'extension bundle (minified)',
    measured: `${(size / 1024).toFixed(1)} KB`,
    baseline: '—',
    target: '≤ 400 KB',
    met: size <= 400 * 1024,
    data: { bytes: size },
  });
}

/** Activation (the extension's own measurement) over several window loads, and the job store in-host. */
async function benchHost(): Promise<void> {
  const install = await ensureVsCode(log);
  const vsix = await packageVsix(log);
  const root = join(REPO_ROOT, 'bench-results', 'host-session');
  const resultsFile = join(root, 'host-bench.json');
  const session = await Session.start({
    install,
    vsix,
    root,
    extraExtensions: [join(REPO_ROOT, 'test', 'harness', 'runner-extension')],
    env: {
      SEEDANCE_HOST_TESTS: join(REPO_ROOT, 'out', 'test', 'bench', 'host.js'),
      SEEDANCE_HOST_RESULTS: resultsFile,
    },
  });
  try {
    await session.waitForActivation();
    const host = await session.waitForResults<HostBench & { harnessError?: string }>(resultsFile, 120_000);
    if (host.harnessError) throw new Error(host.harnessError);
    const page = session.workbench!.page;
    for (let i = 0; i < RUNS + 1; i++) {
      const before = await session.activationCount();
      await runCommand(page, 'Developer: Reload Window');
      await session.waitForActivation(60_000, before);
    }
    const activations = await session.activationTimes();
    const network = session.sim.requests.length;
    rows.push({
      figure: 'activation (real extension host, own measurement)',
      measured: `median ${median(activations).toFixed(1)} ms over ${activations.length} loads; ${network} requests`,
      baseline: '—',
      target: '≤ 30 ms, no network',
      met: median(activations) <= 30 && network === 0,
      data: { activationMs: activations, requestsDuringActivation: network },
    });
    for (const [key, label] of [
      ['loadMs', 'job store: load 2,000 jobs'],
      ['updateMs', 'job store: a progress update with 2,000 jobs'],
      ['saveBlockingMs', 'job store: save 2,000 jobs (blocking)'],
      ['getChildrenMs', 'tree getChildren with 2,000 jobs'],
    ] as const) {
      rows.push({
        figure: label,
        measured: `median ${median(host[key]).toFixed(2)} ms`,
        baseline: '—',
        target: '≤ 10 ms',
        met: median(host[key]) <= 10,
        data: { runs: host[key] },
      });
    }
    rows.push({
      figure: 'job store: save 2,000 jobs (until VS Code confirms)',
      measured: `median ${median(host.saveMs).toFixed(2)} ms`,
      baseline: '—',
      target: '≤ 10 ms',
      met: median(host.saveMs) <= 10,
      data: { runs: host.saveMs, note: 'awaits the extension host → renderer storage round trip; not blocking' },
    });
    const sizes = host.folderSizes;
    rows.push({
      figure: `Videos view first draw, folder of ${sizes.map((n) => n.toLocaleString('en')).join(' / ')} videos (rows + items asked for)`,
      measured: `${host.firstDrawMs.map(fmtMs).join(' / ')} ms (${growth(sizes, host.firstDrawMs)})`,
      baseline: 'the view draws 200 rows, then Show more',
      target: 'flat past one screen, ≤ 50 ms',
      met: Math.max(...host.firstDrawMs) <= 50 && lastStep(sizes, host.firstDrawMs) <= 0.5,
      data: { sizes, ms: host.firstDrawMs },
    });
    rows.push({
      figure: 'event-loop delay on the extension host thread while a 10,000-video folder is read (p99)',
      measured: `${host.scanLoop.p99.toFixed(1)} ms (worst ${host.scanLoop.max.toFixed(1)} ms)`,
      baseline: 'the thread other extensions share',
      target: '≤ 20 ms',
      met: host.scanLoop.p99 <= 20,
      data: host.scanLoop,
    });
    rows.push({
      figure: 'script of 200 scenes: its lenses',
      measured: `median ${fmtMs(median(host.lensesMs))} ms`,
      baseline: '—',
      target: '≤ 50 ms',
      met: median(host.lensesMs) <= 50,
      data: { runs: host.lensesMs },
    });
    rows.push({
      figure: 'script of 200 scenes: Generate All list with its total (every scene planned)',
      measured: `median ${fmtMs(median(host.generateAllMs))} ms`,
      baseline: '—',
      target: '≤ 200 ms',
      met: median(host.generateAllMs) <= 200,
      data: { runs: host.generateAllMs },
    });
    rows.push({
      figure: 'script of 200 scenes: its Problems (every scene planned and checked)',
      measured: `median ${fmtMs(median(host.problemsMs))} ms`,
      baseline: '—',
      target: '≤ 200 ms, 300 ms after typing stops',
      met: median(host.problemsMs) <= 200,
      data: { runs: host.problemsMs },
    });
    rows.push({
      figure: 'tree: getChildren + getTreeItem for all 2,000 rows',
      measured: `median ${median(host.allRowsMs).toFixed(2)} ms`,
      baseline: '—',
      target: 'reported (VS Code asks only for visible rows)',
      met: true,
      data: { runs: host.allRowsMs },
    });
  } finally {
    await session.stop();
  }
}

async function main(): Promise<void> {
  const curl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  if (curl.status !== 0) throw new Error('curl is needed as the baseline: apt-get install -y curl');
  const scratch = await mkdtemp(join(tmpdir(), 'seedance-bench-'));
  const started = Date.now();
  try {
    log(
      `Seedance benchmarks: ${RUNS} runs per figure, medians; ${curl.stdout.split('\n')[0]}; Node ${process.version}\n`,
    );
    // BENCH_ONLY=adaptive,latency runs just those sections.
    const only = process.env.BENCH_ONLY?.split(',');
    const sections: [string, () => Promise<void>][] = [
      ['bundle', benchBundle],
      ['download', () => benchDownload(scratch)],
      ['create', () => benchCreate(scratch)],
      ['polling', benchPolling],
      ['latency', () => benchLatency(scratch)],
      ['adaptive', () => benchAdaptive(scratch)],
      ['folders', async () => void rows.push(...(await benchFolders(scratch, RUNS)))],
      ['gallery', async () => void rows.push(...(await benchGallery(scratch, RUNS)))],
      ['host', benchHost],
    ];
    for (const [name, section] of sections) {
      if (only && !only.includes(name)) continue;
      log(`… ${name}`);
      await section();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const width = (k: keyof Row) => Math.max(...rows.map((r) => `${r[k] as string | number}`.length), String(k).length);
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd([width('figure'), width('measured'), width('baseline'), width('target'), 6][i])).join(' | ')} |`;
  log('');
  log(line(['figure', 'measured', 'baseline', 'target', 'met']));
  log(
    line([
      '-'.repeat(width('figure')),
      '-'.repeat(width('measured')),
      '-'.repeat(width('baseline')),
      '-'.repeat(width('target')),
      '------',
    ]),
  );
  for (const r of rows) log(line([r.figure, r.measured, r.baseline, r.target, r.met ? 'yes' : 'MISSED']));
  const missed = rows.filter((r) => !r.met);
  log(
    missed.length
      ? `\n${missed.length} target(s) missed: ${missed.map((r) => r.figure).join('; ')}`
      : '\nEvery target met.',
  );
  await mkdir(join(REPO_ROOT, 'bench-results'), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    runs: RUNS,
    node: process.version,
    seconds: Math.round((Date.now() - started) / 1000),
    rows,
  };
  await writeFile(join(REPO_ROOT, 'bench-results', 'latest.json'), JSON.stringify(json, null, 2));
  log(`Figures written to bench-results/latest.json (${json.seconds} s)`);
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
