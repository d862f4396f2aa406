// The free key check, Check Connection, models added in settings, several reference images, and
// jobs stored by 0.1.0: inside the real extension host, against the simulator.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { fixture } from '../support/paths';
import type { Job } from '../../src/jobs/job';
import { JobStore } from '../../src/jobs/jobStore';
import { LEGACY_STORAGE_KEY, STORAGE_KEY } from '../../src/jobs/storedJobs';
import { sim, useExtension, useSettings, waitForPhase, workspaceFolder } from './support';

describe('the key check and Check Connection', () => {
  useExtension();

  it('Set API Key asks the service first: a refused key is not saved, and nothing is spent', async () => {
    const saved = await vscode.commands.executeCommand('seedance.setApiKey', 'sk-not-the-right-one');
    assert.equal(saved, undefined, 'refused');
    const requests = await sim.requests();
    assert.deepEqual(
      requests.map((r) => [r.method, r.status]),
      [['GET', 401]],
      'one free GET, refused',
    );
    assert.match(requests[0].path, /^\/v1\/videos\/seedance-key-check-/);
    const summary = await vscode.commands.executeCommand<string>('seedance.checkConnection');
    assert.match(summary, /accepted the API key/, 'the key stored before is still the one used');
  });

  it('Check Connection reports the base URL, the key, the proxy and the time, and starts no job', async () => {
    const summary = await vscode.commands.executeCommand<string>('seedance.checkConnection');
    assert.match(
      summary,
      new RegExp(
        `^${sim.url.replace(/[.:/]/g, '\\$&')} is reachable and accepted the API key \\(proxy: none \\(the API is on this machine\\); \\d+ ms\\)\\. No job was started\\.$`,
      ),
    );
    assert.deepEqual(
      (await sim.requests()).map((r) => r.method),
      ['GET'],
    );
  });

  describe('with the service out of reach', () => {
    useSettings({ 'seedance.baseUrl': 'http://127.0.0.1:9' });
    it('Check Connection says it could not reach it', async () => {
      const summary = await vscode.commands.executeCommand<string>('seedance.checkConnection');
      assert.match(summary, /^could not reach http:\/\/127\.0\.0\.1:9: .*cannot connect \(ECONNREFUSED\)/);
    });
  });
});

describe('models added in settings', () => {
  const ext = useExtension();
  useSettings({
    'seedance.models': [
      {
        id: 'seedance-2-5',
        label: 'Seedance 2.5',
        minSeconds: 4,
        maxSeconds: 30,
        resolutions: ['480p', '720p'],
        acceptsImage: true,
      },
    ],
  });

  it('are validated like the built-in ones and their jobs finish', async () => {
    const refused = await vscode.commands.executeCommand('seedance.generateVideo', {
      prompt: 'too long',
      model: 'seedance-2-5',
      seconds: 31,
    });
    assert.equal(refused, undefined);
    assert.deepEqual(await sim.posts(), []);
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'a long take',
      model: 'seedance-2-5',
      seconds: 30,
      resolution: '480p',
    });
    assert.equal((await sim.posts())[0].fields?.model, 'seedance-2-5');
    await waitForPhase(ext.api, job.id, 'done');
  });
});

describe('several reference images', () => {
  const ext = useExtension();
  const image = (name: string) => vscode.Uri.joinPath(workspaceFolder(), 'images', name).fsPath;

  it('go as repeated input_reference parts in the order given, and the job finishes', async () => {
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: '[Image 1] walks into [Image 2]',
      model: 'doubao-seedance-2-0',
      images: [image('sample.webp'), image('sample.png')],
    });
    const [post] = await sim.posts();
    assert.deepEqual(
      post.images?.map((i) => i.name),
      ['sample.webp', 'sample.png'],
    );
    assert.deepEqual(job.images, [image('sample.webp'), image('sample.png')]);
    await waitForPhase(ext.api, job.id, 'done');
  });
});

describe('jobs stored by 0.1.0', () => {
  class MemoryMemento implements vscode.Memento {
    readonly values = new Map<string, unknown>();
    keys = () => [...this.values.keys()];
    get<T>(key: string): T | undefined {
      return this.values.get(key) as T | undefined;
    }
    update(key: string, value: unknown): Thenable<void> {
      if (value === undefined) this.values.delete(key);
      else this.values.set(key, value);
      return Promise.resolve();
    }
  }

  it('are moved to the current key on first load, none lost', async () => {
    const blob = JSON.parse(await readFile(fixture('stored', 'jobs-0.1.0.json'), 'utf8')) as unknown[];
    const memento = new MemoryMemento();
    await memento.update(LEGACY_STORAGE_KEY, blob);
    const store = new JobStore(memento);
    try {
      assert.equal(store.all().length, blob.length, 'readable at once, before the move');
      assert.equal(await store.migrate(), blob.length);
      assert.equal((memento.get<unknown[]>(STORAGE_KEY) ?? []).length, blob.length);
      assert.equal(memento.get(LEGACY_STORAGE_KEY), undefined, 'the old key is dropped once the new one is written');
      assert.equal(new JobStore(memento).all().length, blob.length, 'and reads back');
    } finally {
      store.dispose();
    }
  });
});
