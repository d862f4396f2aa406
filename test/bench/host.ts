// The in-host part of `npm run bench`: the job store and the tree with 2,000 stored jobs, in a
// real extension host against VS Code's real workspaceState. Run by the harness's runner
// extension, which passes its own ExtensionContext.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { FolderModel } from '../../src/jobs/folderModel';
import type { Job } from '../../src/jobs/job';
import { JobStore, type Memento } from '../../src/jobs/jobStore';
import { SIDECAR_SCHEMA } from '../../src/jobs/sidecar';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
import { needsVideo, sceneStates } from '../../src/script/sceneJobs';
import { SceneDiagnostics } from '../../src/script/sceneDiagnostics';
import { SceneLenses } from '../../src/script/sceneLenses';
import { planScene, summaryOf } from '../../src/script/sceneSummary';
import { parseScenes, refOf } from '../../src/script/scenes';
import { JobTreeProvider } from '../../src/views/jobTree';

export interface HostBench {
  readonly jobs: number;
  readonly loadMs: number[];
  /** A progress update: what each poll result costs (persisted later, coalesced). */
  readonly updateMs: number[];
  /** Persisting all 2,000 jobs: blocking time of the call, then until VS Code confirms it. */
  readonly saveBlockingMs: number[];
  readonly saveMs: number[];
  readonly getChildrenMs: number[];
  /** getChildren plus getTreeItem for every row (VS Code only asks for the visible ones). */
  readonly allRowsMs: number[];
  /** The Videos view's first draw with a folder of N videos: the rows and every item VS Code asks for. */
  readonly folderSizes: number[];
  readonly firstDrawMs: number[];
  /** The extension host's event loop while the largest folder was read and drawn: p99 and worst, ms. */
  readonly scanLoop: { p99: number; max: number };
  /** A script of 200 scenes, each with a video: its lenses. */
  readonly lensesMs: number[];
  /** The same script with no videos: Generate All's list (every scene planned) with its total. */
  readonly generateAllMs: number[];
  /** A script of 200 scenes checked for the Problems panel (every scene planned, every rule). */
  readonly problemsMs: number[];
}

/** A memento in memory: the store's reads and writes without VS Code's storage. */
class Memory implements Memento {
  readonly #values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.#values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.#values.set(key, value);
    return Promise.resolve();
  }
}

const FOLDER_SIZES = [10, 100, 1_000, 10_000];
const SCENES = 200;

const N = 2000;
const RUNS = 7;

function job(i: number): Job {
  const phases = ['rendering', 'done', 'failed', 'done'] as const;
  const phase = phases[i % phases.length];
  return {
    ...((): Pick<Job, 'phase'> & Record<string, unknown> =>
      phase === 'done'
        ? {
            phase,
            videoPath: `/workspace/videos/take-${i}.mp4`,
            videoBytes: 3_400_000,
            finishedAt: Date.now(),
            seen: false,
          }
        : phase === 'failed'
          ? {
              phase,
              failure: {
                code: 'provider',
                status: 'failed',
                said: 'The request was rejected by the content safety check.',
              },
              finishedAt: Date.now(),
            }
          : { phase })(),
    id: `task_${i.toString(16).padStart(24, '0')}`,
    prompt: `A slow cinematic camera push across a coastal landscape at sunrise, take ${i}\nwith a second line of direction`,
    model: 'doubao-seedance-2-0-fast',
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    folder: 'file:///workspace',
    submittedAt: Date.now() - i * 60_000,
    pollingSince: Date.now() - i * 60_000,
    task: {
      state: phase === 'rendering' ? 'running' : phase === 'done' ? 'succeeded' : 'failed',
      status: phase === 'rendering' ? 'in_progress' : phase === 'done' ? 'completed' : 'failed',
      known: true,
      progress: phase === 'rendering' ? 40 : 100,
    },
  } as Job;
}

async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function runSuites({ context }: { context: vscode.ExtensionContext }): Promise<HostBench> {
  const memento = context.workspaceState;
  await memento.update(
    STORAGE_KEY,
    Array.from({ length: N }, (_, i) => job(i)),
  );
  const result: HostBench = {
    jobs: N,
    loadMs: [],
    updateMs: [],
    saveBlockingMs: [],
    saveMs: [],
    getChildrenMs: [],
    allRowsMs: [],
    folderSizes: [],
    firstDrawMs: [],
    scanLoop: { p99: 0, max: 0 },
    lensesMs: [],
    generateAllMs: [],
    problemsMs: [],
  };
  let store = new JobStore(memento);
  for (let r = 0; r < RUNS; r++) {
    result.loadMs.push(await time(() => (store = new JobStore(memento))));
    const target = store.all()[r * 3];
    const task = {
      id: target.id,
      state: 'running',
      rawStatus: 'in_progress',
      knownStatus: true,
      progress: 40 + r,
    } as const;
    result.updateMs.push(await time(() => store.apply(target.id, { type: 'polled', task, now: Date.now() })));
    const started = performance.now();
    const saved = store.flush();
    result.saveBlockingMs.push(performance.now() - started);
    await saved;
    result.saveMs.push(performance.now() - started);
    const tree = new JobTreeProvider(store);
    result.getChildrenMs.push(await time(() => tree.getChildren()));
    result.allRowsMs.push(await time(() => tree.getChildren().map((row) => tree.getTreeItem(row))));
    tree.dispose();
  }
  if (store.all().length !== N) throw new Error(`expected ${N} stored jobs, found ${store.all().length}`);
  await memento.update(STORAGE_KEY, undefined);
  const scratch = await mkdtemp(join(tmpdir(), 'seedance-host-bench-'));
  try {
    await benchFolders(scratch, result);
    await benchScript(scratch, result);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return result;
}

/** The Videos view's first draw: the root's rows and the item of each, as VS Code asks for them. */
async function benchFolders(scratch: string, result: HostBench): Promise<void> {
  for (const n of FOLDER_SIZES) {
    const root = join(scratch, `folder-${n}`);
    const dir = join(root, 'videos');
    await mkdir(dir, { recursive: true });
    for (let at = 0; at < n; at += 256)
      await Promise.all(
        Array.from({ length: Math.min(256, n - at) }, (_, k) => at + k).flatMap((i) => [
          writeFile(join(dir, `take-${i}.mp4`), 'x'),
          // Half made here or by a teammate (a sidecar), half made elsewhere.
          ...(i % 2
            ? [
                writeFile(
                  join(dir, `take-${i}.mp4.json`),
                  JSON.stringify({
                    schema: SIDECAR_SCHEMA,
                    version: 1,
                    prompt: `Take ${i}: a harbour at dusk`,
                    model: { sent: 'doubao-seedance-2-0-fast' },
                    taskId: `task_${i}`,
                    submittedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
                    extension: { version: '0.2.0' },
                  }),
                ),
              ]
            : []),
        ]),
      );
    const store = new JobStore(new Memory());
    const model = new FolderModel(store, () => undefined);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    await model.setFolders([{ dir, root, rootUri: pathToFileURL(root).toString() }]);
    loop.disable();
    if (n === FOLDER_SIZES[FOLDER_SIZES.length - 1])
      Object.assign(result, { scanLoop: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } });
    if (store.all().length + model.elsewhere().length !== n) throw new Error(`listed fewer than ${n} videos`);
    const tree = new JobTreeProvider(store, undefined, undefined, model);
    const runs: number[] = [];
    for (let r = 0; r < RUNS; r++) runs.push(await time(() => tree.getChildren().map((row) => tree.getTreeItem(row))));
    result.folderSizes.push(n);
    result.firstDrawMs.push(runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]);
    tree.dispose();
    model.dispose();
    store.dispose();
  }
}

/** A script of 200 scenes: its lenses with a video for each, and Generate All's list without. */
async function benchScript(scratch: string, result: HostBench): Promise<void> {
  const path = join(scratch, 'film.md');
  const text = Array.from(
    { length: SCENES },
    (_, i) =>
      `## Scene ${i + 1}\n\nShot ${i + 1}: the camera follows a fishing boat into the harbour at dusk, gulls overhead — مرفأ عند الغسق.\n\n\`\`\`seedance\nmodel: doubao-seedance-2-0-fast\nseconds: 5\n\`\`\`\n`,
  ).join('\n');
  await writeFile(path, `# Film\n\n${text}`);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  const file = doc.uri.toString();
  const scenes = parseScenes(doc.getText());
  if (scenes.length !== SCENES) throw new Error(`parsed ${scenes.length} scenes`);
  // Each scene's video, made here.
  const memento = new Memory();
  await memento.update(
    STORAGE_KEY,
    scenes.map((scene, i) => ({ ...job(i * 4 + 1), origin: refOf(file, scene) })),
  );
  const store = new JobStore(memento);
  const lenses = new SceneLenses(store, () => undefined);
  for (let r = 0; r < RUNS; r++) result.lensesMs.push(await time(() => lenses.provideCodeLenses(doc)));
  lenses.dispose();
  // No video yet: every scene planned, and the list with its total.
  const empty = new JobStore(new Memory());
  for (let r = 0; r < RUNS; r++)
    result.generateAllMs.push(
      await time(async () => {
        const states = sceneStates(file, doc.getText(), empty.all()).filter(needsVideo);
        const plans = await Promise.all(states.map((st) => planScene(doc.uri, st)));
        const summary = summaryOf('film.md', plans, new Set(plans.filter((p) => p.plan)));
        if (summary.scenes.length !== SCENES || !/200 of 200/.test(summary.title))
          throw new Error(`the list: ${summary.title}`);
      }),
    );
  const problems = new SceneDiagnostics(empty);
  for (let r = 0; r < RUNS; r++) result.problemsMs.push(await time(() => problems.check(doc)));
  problems.dispose();
}
