// Events reported close together, handed over as one batch: one notification for a dozen videos
// that finish (or fail) in the same poll instead of a dozen that bury everything else.

export class Batcher<T> {
  #items: T[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly flush: (items: T[]) => void,
  ) {}

  add(item: T): void {
    this.#items.push(item);
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush(this.#items.splice(0));
    }, this.windowMs);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#items = [];
  }
}

/** Reports within this long of the first share its notification. */
export const NOTIFY_BATCH_MS = 1000;
