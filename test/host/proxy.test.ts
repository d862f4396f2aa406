// VS Code's proxy settings reach the extension's own HTTP client (undici does not go through the
// extension host's patched Node networking, so this wiring is ours). The signed video links are
// rewritten to a host name only the proxy can resolve: a download succeeds only through it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { type TestProxy, startProxy } from '../support/proxy';
import { sim, useExtension, waitForPhase, reasonOf } from './support';

const CDN = 'videos.seedance-cdn.test';

describe("VS Code's http.proxy and http.noProxy", () => {
  const ext = useExtension();
  let proxy: TestProxy;
  let videoOrigin: URL;
  const http = () => vscode.workspace.getConfiguration('http');
  const generate = (prompt: string) =>
    vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt,
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
    });

  before(async () => {
    videoOrigin = new URL((await sim.config({})).videoOrigin);
    proxy = await startProxy({ [CDN]: videoOrigin.hostname });
  });
  beforeEach(async () => {
    await sim.config({ videoOrigin: `http://${CDN}:${videoOrigin.port}` });
  });
  afterEach(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await sim.config({ videoOrigin: videoOrigin.origin });
    await proxy.close();
  });

  it('downloads through http.proxy; the loopback API stays direct', async () => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    const job = await generate('through the company proxy');
    const done = await waitForPhase(ext.api, job.id, 'done');
    assert.ok(existsSync(done.videoPath));
    assert.deepEqual(proxy.tunnels, [`${CDN}:${videoOrigin.port}`], 'only the video host went through the proxy');
  });

  it('goes direct for hosts in http.noProxy (and then cannot resolve the proxy-only name)', async () => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', [CDN], vscode.ConfigurationTarget.Global);
    const before = proxy.tunnels.length;
    const job = await generate('around the proxy');
    const failed = await waitForPhase(ext.api, job.id, 'download-failed');
    assert.match(reasonOf(failed) ?? '', /ENOTFOUND|EAI_AGAIN|resolve/i);
    assert.equal(proxy.tunnels.length, before, 'nothing went through the proxy');
    // Taking the host out of http.noProxy again is picked up without a reload.
    await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('seedance.retryDownload', job.id);
    await waitForPhase(ext.api, job.id, 'done');
    assert.equal(proxy.tunnels.length, before + 1);
  });

  it('without http.proxy, nothing is proxied', async () => {
    const before = proxy.tunnels.length;
    const job = await generate('no proxy at all');
    const failed = await waitForPhase(ext.api, job.id, 'download-failed');
    assert.match(reasonOf(failed) ?? '', /ENOTFOUND|EAI_AGAIN|resolve/i);
    assert.equal(proxy.tunnels.length, before);
  });
});
