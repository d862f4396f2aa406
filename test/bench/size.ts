// `npm run bench`, at any size: a videos folder of 10 to 10,000 videos (a scan against reading the
// same sidecars with readdir + JSON.parse, one change, the event loop throughout), and the
// gallery's page in Chromium with 1,000 cards (against the page before it drew a page at a time).
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { FolderModel } from '../../src/jobs/folderModel';
import { JobStore } from '../../src/jobs/jobStore';
import { SIDECAR_SCHEMA } from '../../src/jobs/sidecar';
import { CHROMIUM } from '../harness/browser';
import { galleryPageHtml } from '../support/galleryPage';
import { MemoryMemento } from '../support/memento';
import { REPO_ROOT, fixture } from '../support/paths';
import { type Row, fmtMs, growth, lastStep, median } from './rows';

const SIZES = [10, 100, 1_000, 10_000];
const BATCH = 64;

function sidecar(i: number): string {
  return JSON.stringify({
    schema: SIDECAR_SCHEMA,
    version: 1,
    prompt: `Take ${i}: a slow cinematic push across a harbour at dusk, gulls, warm light — مرفأ عند الغسق`,
    model: { sent: 'doubao-seedance-2-0-fast', answered: 'doubao-seedance-2-0-fast' },
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    estimate: { usd: 0.4, source: 'provider' },
    taskId: `task_${i.toString(16).padStart(24, '0')}`,
    submittedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    finishedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000 + 45_000).toISOString(),
    extension: { version: '0.2.0' },
  });
}

/** A workspace folder whose videos/ holds `n` videos, each with its sidecar. */
async function folderOf(scratch: string, n: number): Promise<{ root: string; dir: string }> {
  const root = join(scratch, `folder-${n}`);
  const dir = join(root, 'videos');
  await mkdir(dir, { recursive: true });
  for (let at = 0; at < n; at += 256) {
    const batch = Array.from({ length: Math.min(256, n - at) }, (_, k) => at + k);
    await Promise.all(
      batch.flatMap((i) => [
        writeFile(join(dir, `take-${i}.mp4`), 'not really a video'),
        writeFile(join(dir, `take-${i}.mp4.json`), sidecar(i)),
      ]),
    );
  }
  return { root, dir };
}

/** The floor: the folder's names, and each sidecar read and parsed, as many at once as the model reads. */
async function baselineScan(dir: string): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  let parsed = 0;
  for (let at = 0; at < names.length; at += BATCH) {
    const texts = await Promise.all(names.slice(at, at + BATCH).map((n) => readFile(join(dir, n), 'utf8')));
    for (const text of texts) if (JSON.parse(text)) parsed++;
  }
  return parsed;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The folder model on the folder, read whole once: the store it fills, and the model. */
async function scanned(root: string, dir: string): Promise<{ model: FolderModel; store: JobStore }> {
  const store = new JobStore(new MemoryMemento());
  const model = new FolderModel(store, () => undefined);
  await model.setFolders([{ dir, root, rootUri: pathToFileURL(root).toString() }]);
  return { model, store };
}

export async function benchFolders(scratch: string, runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const scanMs: number[] = [];
  const baseMs: number[] = [];
  const changeMs: number[] = [];
  let loop = { p99: 0, max: 0 };
  for (const n of SIZES) {
    const { root, dir } = await folderOf(scratch, n);
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Alternated, so the disk cache favours neither.
      base.push(await time(() => baselineScan(dir)));
      let held: { model: FolderModel; store: JobStore } | undefined;
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      ours.push(
        await time(async () => {
          held = await scanned(root, dir);
        }),
      );
      histogram.disable();
      if (held?.store.all().length !== n) throw new Error(`listed ${held?.store.all().length} of ${n} videos`);
      if (n === SIZES[SIZES.length - 1] && r === 0)
        loop = { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
      if (r === 0) {
        // One video arrives with its sidecar: its event is read alone, whatever the folder holds.
        const one: number[] = [];
        for (let k = 0; k < 5; k++) {
          const video = join(dir, `new-${k}.mp4`);
          await writeFile(video, 'new');
          await writeFile(`${video}.json`, sidecar(n + k));
          one.push(await time(() => held!.model.update([video])));
          if (!held.store.all().some((j) => j.phase === 'done' && j.videoPath === video))
            throw new Error('the new video was not listed');
        }
        changeMs.push(median(one));
        for (let k = 0; k < 5; k++) {
          await rm(join(dir, `new-${k}.mp4`));
          await rm(join(dir, `new-${k}.mp4.json`));
        }
      }
      held?.model.dispose();
      await yieldToLoop();
    }
    scanMs.push(median(ours));
    baseMs.push(median(base));
  }
  const ratios = scanMs.map((ms, i) => ms / baseMs[i]);
  rows.push({
    figure: `scan a videos folder of ${SIZES.map((n) => n.toLocaleString('en')).join(' / ')} videos with sidecars`,
    measured: `${scanMs.map(fmtMs).join(' / ')} ms (${growth(SIZES, scanMs)})`,
    baseline: `readdir + JSON.parse of the sidecars: ${baseMs.map(fmtMs).join(' / ')} ms; ratio ${ratios.map((r) => r.toFixed(1)).join(' / ')}×`,
    target: '≤ 2× baseline, linear',
    met: ratios[ratios.length - 1] <= 2 && lastStep(SIZES, scanMs) <= 1.5,
    data: { sizes: SIZES, scanMs, baselineMs: baseMs },
  });
  rows.push({
    figure: 'one video arriving, with N videos present',
    measured: `${changeMs.map(fmtMs).join(' / ')} ms (${growth(SIZES, changeMs)})`,
    baseline: `N = ${SIZES.join(' / ')}`,
    target: 'flat',
    met: changeMs[changeMs.length - 1] <= 3 * Math.max(changeMs[0], 1),
    data: { sizes: SIZES, changeMs },
  });
  rows.push({
    figure: 'event-loop delay during a 10,000-video scan (p99)',
    measured: `${loop.p99.toFixed(1)} ms (worst ${loop.max.toFixed(1)} ms)`,
    baseline: 'the thread other extensions share',
    target: '≤ 20 ms',
    met: loop.p99 <= 20,
    data: loop,
  });
  return rows;
}

/** 1,000 cards as the extension sends them (a poster each, a third of a script's scenes). */
function cards(n: number, poster: string): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `task_${i}`,
    prompt: `Take ${i}: a slow cinematic push across a harbour at dusk — مرفأ عند الغسق ${i % 7 === 0 ? 'storm' : 'calm'}`,
    model: i % 3 ? 'doubao-seedance-2-0-fast' : 'doubao-seedance-2-0',
    details: 'Seedance 2.0 Fast · 5 s · 16:9 · 720p',
    date: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toLocaleString('en'),
    cost: '≈ $0.40',
    ready: true,
    status: 'Ready · 45s · 3.4 MB',
    video: poster.replace('poster.png', 'sample.mp4'),
    poster,
    ...(i % 3 === 0 && { group: 'film.md' }),
  }));
}

const OPEN_IN_PAGE = `(m) => new Promise((resolve) => {
  const started = performance.now();
  window.postMessage(m, '*');
  const check = () => document.querySelectorAll('.card').length
    ? requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)))
    : setTimeout(check, 0);
  check();
})`;

const TYPE_IN_PAGE = `(value) => new Promise((resolve) => {
  const filter = document.getElementById('filter');
  const started = performance.now();
  filter.value = value;
  filter.dispatchEvent(new Event('input'));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
})`;

/** Opening the gallery with `n` cards and typing in its filter, in Chromium, with one page script. */
async function galleryPage(
  dir: string,
  script: string,
  message: (cards: Record<string, unknown>[]) => unknown,
  n: number,
  runs: number,
): Promise<{ openMs: number[]; keyMs: number[]; cardsOnPage: number }> {
  await writeFile(join(dir, `${script}.html`), galleryPageHtml(`${script}.js`));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const openMs: number[] = [];
    const keyMs: number[] = [];
    let cardsOnPage = 0;
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(pathToFileURL(join(dir, `${script}.html`)).toString());
      const msg = message(cards(n, pathToFileURL(join(dir, 'poster.png')).toString()));
      // From the message's arrival to the frame that shows the cards (two frames: layout and paint).
      // The page's code is written as text: this file is compiled without the DOM's types.
      openMs.push(await page.evaluate<number>(`(${OPEN_IN_PAGE})(${JSON.stringify(msg)})`));
      cardsOnPage = await page.evaluate<number>(`document.querySelectorAll('.card').length`);
      // Typing "storm", a key at a time: each from its input event to the frame after it.
      for (const typed of ['s', 'st', 'sto', 'stor', 'storm'])
        keyMs.push(await page.evaluate<number>(`(${TYPE_IN_PAGE})(${JSON.stringify(typed)})`));
      await page.close();
    }
    return { openMs, keyMs, cardsOnPage };
  } finally {
    await browser.close();
  }
}

export async function benchGallery(scratch: string, runs: number): Promise<Row[]> {
  const dir = join(scratch, 'gallery');
  await mkdir(dir, { recursive: true });
  await copyFile(join(REPO_ROOT, 'media', 'gallery', 'gallery.js'), join(dir, 'now.js'));
  await copyFile(join(REPO_ROOT, 'media', 'gallery', 'gallery.css'), join(dir, 'gallery.css'));
  await copyFile(fixture('images', 'sample.png'), join(dir, 'poster.png'));
  const n = 1_000;
  const now = await galleryPage(dir, 'now', (c) => ({ type: 'cards', order: c.map((x) => x.id), changed: c }), n, runs);
  // The page before it drew a page at a time (0.2.0's), from git, on the same cards: the baseline.
  let before: { openMs: number[]; keyMs: number[] } | undefined;
  try {
    const old = execFileSync('git', ['show', 'dc77657:media/gallery/gallery.js'], { cwd: REPO_ROOT, encoding: 'utf8' });
    await writeFile(join(dir, 'before.js'), old);
    before = await galleryPage(dir, 'before', (c) => ({ type: 'cards', cards: c }), n, runs);
  } catch {
    // A shallow clone has no history: the figures stand alone.
  }
  const open = median(now.openMs);
  const key = median(now.keyMs);
  return [
    {
      figure: `gallery open with ${n.toLocaleString('en')} videos (Chromium; ${now.cardsOnPage} cards drawn at first)`,
      measured: `${fmtMs(open)} ms`,
      baseline: before ? `every card drawn at once: ${fmtMs(median(before.openMs))} ms` : '—',
      target: '≤ 1 s',
      met: open <= 1000,
      data: { openMs: now.openMs, beforeMs: before?.openMs },
    },
    {
      figure: `gallery filter keystroke with ${n.toLocaleString('en')} videos (Chromium)`,
      measured: `${fmtMs(key)} ms`,
      baseline: before ? `every card drawn again: ${fmtMs(median(before.keyMs))} ms` : '—',
      target: '≤ 100 ms',
      met: key <= 100,
      data: { keyMs: now.keyMs, beforeMs: before?.keyMs },
    },
  ];
}
