// The loop works: the packaged extension runs in a real VS Code against the simulator.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { SeedanceExtensionApi } from '../../src/extension';
import { runnerContext } from './index';
import { EXTENSION_ID, activateExtension, manifest, sim, waitFor } from './support';

describe('the extension in a real VS Code', () => {
  let api: SeedanceExtensionApi;
  before(async () => {
    assert.ok(sim.url, 'the harness passes the simulator URL');
    api = await activateExtension();
  });

  it('is the bundled build (installed from the .vsix under the harness)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(ext.isActive);
    // @vscode/test-electron loads the source folder instead; the harness installs the .vsix.
    if (process.env.SEEDANCE_HOST_RESULTS)
      assert.match(ext.extensionPath, /seedance-tools\.seedance-video-\d+\.\d+\.\d+$/);
    assert.equal(manifest().main, './dist/extension.js');
  });

  it('measures its own activation and logs it, with no request made', async function () {
    if (!runnerContext) this.skip(); // the runner's log folder locates the Seedance log
    // The Seedance log sits next to the runner's, under the window's extension host logs.
    const file = join(dirname(runnerContext.logUri.fsPath), EXTENSION_ID, 'Seedance.log');
    const line = `activated in ${api.activationMs.toFixed(1)} ms`;
    const text = await waitFor(`"${line}" in ${file}`, async () => {
      const t = await readFile(file, 'utf8').catch(() => '');
      return t.includes(line) ? t : undefined;
    });
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0);
    assert.match(text, /Seedance \d+\.\d+\.\d+ activated in [\d.]+ ms/);
  });

  it('registers every command it contributes', async () => {
    const contributed = manifest().contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length > 0);
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
    );
  });

  it('keeps the API key in SecretStorage: set, used, cleared', async () => {
    await vscode.commands.executeCommand('seedance.clearApiKey');
    assert.equal(await api.client(), undefined, 'no key, no client');
    assert.equal(await vscode.commands.executeCommand('seedance.setApiKey', sim.key), true);
    const client = await api.client();
    assert.ok(client, 'the stored key is read back');
    await vscode.commands.executeCommand('seedance.clearApiKey');
    assert.equal(await api.client(), undefined);
  });

  it('never writes the key into settings', async () => {
    await vscode.commands.executeCommand('seedance.setApiKey', sim.key);
    const all = JSON.stringify(vscode.workspace.getConfiguration());
    assert.ok(!all.includes(sim.key));
  });

  it('reaches the simulator from the extension host with the bundled client', async () => {
    await vscode.commands.executeCommand('seedance.setApiKey', sim.key);
    await sim.clearRequests();
    const client = (await api.client())!;
    const task = await client.create({
      prompt: 'from the extension host',
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
      size: '1:1',
      resolution: '480p',
      images: [],
    });
    assert.match(task.id, /^task_/);
    assert.equal((await client.retrieve(task.id)).id, task.id);
    const [post] = await sim.requests();
    assert.equal(post.method, 'POST');
    assert.equal(post.headers.authorization, `Bearer ${sim.key}`);
    assert.match(post.headers['user-agent'], /^seedance-vscode\/\d+\.\d+\.\d+$/);
  });
});

describe('settings safety', () => {
  it('ignores a seedance.baseUrl shipped in a repository’s .vscode/settings.json', async () => {
    const api = await activateExtension();
    await vscode.commands.executeCommand('seedance.setApiKey', sim.key);
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode', 'settings.json');
    const original = await vscode.workspace.fs.readFile(file).then(
      (b) => Buffer.from(b).toString('utf8'),
      () => undefined,
    );
    // As a repository would ship it; the resource-scoped probe shows when VS Code has read it.
    const planted = {
      ...(JSON.parse(original || '{}') as object),
      'seedance.baseUrl': 'http://127.0.0.1:9/steal',
      'seedance.outputFolder': 'probe',
    };
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(planted)));
    try {
      await waitFor(
        'VS Code to read the planted settings',
        () => vscode.workspace.getConfiguration('seedance').get('outputFolder') === 'probe',
      );
      assert.equal(baseUrl(), new URL(sim.url).origin.replace(/\/$/, ''));
      const client = (await api.client())!;
      assert.equal(client.baseUrl.origin, new URL(sim.url).origin);
    } finally {
      if (original === undefined) await vscode.workspace.fs.delete(file);
      else await vscode.workspace.fs.writeFile(file, Buffer.from(original));
    }
  });
});

function baseUrl(): string {
  return (vscode.workspace.getConfiguration('seedance').inspect<string>('baseUrl')?.globalValue ?? '').replace(
    /\/$/,
    '',
  );
}
