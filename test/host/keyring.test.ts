// A system keyring that refuses (on Linux: no keyring daemon running) is reported, never taken
// for "no key set", and pauses polling until the key can be read. VS Code's real secret storage
// (the runner extension's) sits behind a switch that makes it refuse, as the OS keyring would;
// everything else is the extension's own code in the real extension host.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ClientProvider } from '../../src/auth/clientProvider';
import { adaptivePolling, jobTimeoutMs, minPollMs, pollIntervalMs } from '../../src/common/config';
import { JobManager } from '../../src/jobs/jobManager';
import { JobStore } from '../../src/jobs/jobStore';
import { VideoDownloads } from '../../src/jobs/videoDownloads';
import { reportOf } from '../../src/jobs/reducer';
import { ApiKeyStore, KeyringError } from '../../src/auth/apiKeyStore';
import { runnerContext } from './index';
import { SeedanceClient, validateRequest } from '../../src/api';
import { sim, waitFor } from './support';

const REFUSAL = 'Cannot autolaunch D-Bus without X11 $DISPLAY';

/** The runner's real SecretStorage, refusing every call while `refusing` is set. */
class SwitchableKeyring implements vscode.SecretStorage {
  refusing = true;
  constructor(private readonly real: vscode.SecretStorage) {}
  get onDidChange() {
    return this.real.onDidChange;
  }
  #gate<T>(call: () => Thenable<T>): Thenable<T> {
    return this.refusing ? Promise.reject(new Error(REFUSAL)) : call();
  }
  get(key: string) {
    return this.#gate(() => this.real.get(key));
  }
  store(key: string, value: string) {
    return this.#gate(() => this.real.store(key, value));
  }
  delete(key: string) {
    return this.#gate(() => this.real.delete(key));
  }
}

/** Job storage for a second manager (what a Memento is, kept in memory). */
class MemoryMemento implements vscode.Memento {
  readonly #values = new Map<string, unknown>();
  keys() {
    return [...this.#values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.#values.get(key) as T) ?? fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.#values.set(key, value);
    return Promise.resolve();
  }
}

describe('a system keyring that refuses', function () {
  const disposables: vscode.Disposable[] = [];
  let keyring: SwitchableKeyring;
  let keys: ApiKeyStore;
  let log: vscode.LogOutputChannel;

  before(function () {
    if (!runnerContext) this.skip(); // only the harness's runner provides a real secret storage
    keyring = new SwitchableKeyring(runnerContext.secrets);
    log = vscode.window.createOutputChannel('Seedance keyring test', { log: true });
    keys = new ApiKeyStore(keyring);
    disposables.push(log, keys);
  });
  after(async () => {
    for (const d of disposables.reverse()) d.dispose();
    if (keyring) {
      keyring.refusing = false;
      await keyring.delete('seedance.apiKey');
    }
  });

  it('reading, storing and clearing the key each fail with what to check', async () => {
    keyring.refusing = true;
    for (const [action, call] of [
      ['read', () => keys.get()],
      ['store', () => keys.set('sk-anything')],
      ['delete', () => keys.clear()],
    ] as const) {
      await assert.rejects(call(), (err: Error) => {
        assert.ok(err instanceof KeyringError, `${action}: ${err}`);
        assert.match(err.message, new RegExp(`could not ${action} the API key in the system keyring`));
        assert.ok(err.message.includes(REFUSAL), 'names the keyring’s own reason');
        assert.match(err.message, /keyring service is running/);
        return true;
      });
    }
  });

  it('is never taken for "no key set" (which would ask for a key that is fine)', async () => {
    keyring.refusing = true;
    const clients = new ClientProvider(keys, log, 'test');
    disposables.push(clients);
    await assert.rejects(clients.get(), KeyringError);
  });

  it('pauses polling (reported, not retried quietly), keeps the job, and resumes once the key can be read', async () => {
    keyring.refusing = true;
    await sim.config({ pace: 'held' });
    const submitted = new SeedanceClient({ baseUrl: sim.url, apiKey: sim.key });
    const task = await submitted.create(
      await validateRequest({ prompt: 'behind a locked keyring', model: 'doubao-seedance-2-0-fast', seconds: 4 }),
    );
    await submitted.close();
    const store = new JobStore(new MemoryMemento());
    const clients = new ClientProvider(keys, log, 'test');
    const folder = runnerContext!.globalStorageUri.fsPath;
    const manager = new JobManager({
      store,
      clients,
      downloads: new VideoDownloads(
        clients,
        { folderOf: () => ({ dir: folder, root: folder }), maxBytes: () => 2 ** 30 },
        log,
      ),
      log,
      focus: { focused: () => true, onDidChange: () => ({ dispose: () => undefined }) },
      settings: { pollIntervalMs, minPollMs, adaptive: adaptivePolling, jobTimeoutMs },
    });
    disposables.push(store, clients, manager);
    const now = Date.now();
    await store.add({
      id: task.id,
      prompt: 'behind a locked keyring',
      model: task.model ?? '',
      seconds: 4,
      size: '16:9',
      resolution: '720p',
      submittedAt: now,
      pollingSince: now,
      phase: 'rendering',
      task: reportOf(task),
    });

    const problems: string[] = [];
    disposables.push(manager.onDidNeedKey((p) => problems.push(p.kind)));
    manager.poller.poke();
    await waitFor('polling to pause on the keyring failure', () => manager.poller.paused);
    assert.deepEqual(problems, ['keyring'], 'reported as a keyring problem, once');
    assert.equal(store.get(task.id)?.phase, 'rendering', 'the job is kept, not failed');

    // The keyring works again; the person stores the key, and the change resumes polling.
    keyring.refusing = false;
    await sim.finish(task.id);
    await keys.set(sim.key);
    await waitFor('the job to finish', () => store.get(task.id)?.phase === 'done', 30_000);
    assert.equal(manager.poller.paused, false);
  });
});
