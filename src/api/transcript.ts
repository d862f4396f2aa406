// What a job said to the provider and what it heard back: each request and answer, per task,
// kept in memory (bounded) for the diagnostic report. Recorded by the client as it goes; never
// the key (the client's scrubbing applies), and the answers as the provider wrote them: the
// report (diagnostics.ts) redacts them before anyone sees them.

export interface Exchange {
  /** ms since the epoch, when the request started. */
  readonly at: number;
  readonly method: 'GET' | 'POST';
  /** `api` (the provider's API) or `video` (a signed link's host). */
  readonly target: 'api' | 'video';
  /** The API's path, or the video host's origin and path: never a query. */
  readonly path: string;
  readonly status?: number;
  readonly ms: number;
  /** The answer's body as received (JSON), cut to ANSWER_CHARS; videos are not kept. */
  readonly answer?: string;
  /** What went wrong when there was no answer (a timeout, a refused connection). */
  readonly error?: string;
  /** The task it is about, when known (a create's comes from its answer). */
  readonly taskId?: string;
}

export const ANSWER_CHARS = 4_000;
/** Exchanges kept per task, and tasks kept (oldest dropped). */
const PER_TASK = 40;
const TASKS = 300;

export class Transcripts {
  readonly #byTask = new Map<string, Exchange[]>();

  record(e: Exchange): void {
    const taskId = e.taskId ?? idInAnswer(e.answer);
    if (!taskId) return;
    const list = this.#byTask.get(taskId) ?? [];
    list.push({ ...e, taskId, answer: e.answer?.slice(0, ANSWER_CHARS) });
    if (list.length > PER_TASK) list.splice(1, list.length - PER_TASK);
    // Most recently used last, so the oldest task is the first to go.
    this.#byTask.delete(taskId);
    this.#byTask.set(taskId, list);
    if (this.#byTask.size > TASKS) this.#byTask.delete(this.#byTask.keys().next().value!);
  }

  of(taskId: string): readonly Exchange[] {
    return this.#byTask.get(taskId) ?? [];
  }
}

function idInAnswer(answer: string | undefined): string | undefined {
  try {
    const json = JSON.parse(answer ?? '') as { id?: unknown; task_id?: unknown; data?: { id?: unknown } };
    const id = json.id ?? json.task_id ?? json.data?.id;
    return typeof id === 'string' && id.trim() ? id : undefined;
  } catch {
    return undefined;
  }
}
