// Events without `vscode`: the same shape as vscode.Event (a listener, optional disposables), so
// views subscribe to the job store and manager as to any VS Code event, and the unit suite runs
// them in plain Node.
import type { Disposable } from './lifecycle';

export type Event<T> = (
  listener: (e: T) => unknown,
  thisArgs?: unknown,
  disposables?: { dispose(): unknown }[],
) => {
  dispose(): void;
};

export class Emitter<T> implements Pick<Disposable, 'dispose'> {
  #listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    this.#listeners.add(bound);
    const subscription = { dispose: () => void this.#listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every listener; one that throws does not keep the others from hearing it. */
  fire(e: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(e);
      } catch (err) {
        console.error(err);
      }
    }
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
