// The in-host part of `npm run bench`: the job store and the tree with 2,000 stored jobs, in a
// real extension host against VS Code's real workspaceState. Run by the harness's runner
// extension, which passes its own ExtensionContext.
import type * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { JobStore } from '../../src/jobs/jobStore';
import { STORAGE_KEY } from '../../src/jobs/storedJobs';
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
}

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
  return result;
}
