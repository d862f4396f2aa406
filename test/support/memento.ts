// A memento in memory, as VS Code's workspaceState and globalState behave: values go through JSON
// (what is stored is a copy), and every write is recorded.
import type { Memento } from '../../src/jobs/jobStore';

export class MemoryMemento implements Memento {
  readonly values = new Map<string, unknown>();
  readonly writes: string[] = [];
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes.push(key);
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}
