// Image-to-video: only real images, only 2.0 models, the image checked by its bytes.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { manifest, sim, tooltipText, useExtension, waitForPhase, workspaceFolder, rowItem } from './support';

describe('Generate Video from Image', () => {
  const ext = useExtension();
  const image = (name: string) => vscode.Uri.joinPath(workspaceFolder(), 'images', name);

  it('uploads the image with its byte-derived type and saves the video in its workspace folder', async () => {
    const job = await vscode.commands.executeCommand<Job>(
      'seedance.generateVideoFromImage',
      image('sample.webp'),
      [image('sample.webp')],
      {
        prompt: 'The waves start to move',
        model: 'doubao-seedance-2-0',
      },
    );
    assert.ok(job);
    assert.deepEqual(job.images, [image('sample.webp').fsPath]);
    const [post] = await sim.posts();
    assert.deepEqual(post.fields?.input_reference, { name: 'sample.webp', type: 'image/webp', size: 4916 });
    const done = await waitForPhase(ext.api, job.id, 'done');
    assert.equal(dirname(done.videoPath), join(workspaceFolder().fsPath, 'videos'));
    assert.match(tooltipText(rowItem(ext.api, done)), /Images: \[Image 1\] sample\.webp/);
  });

  it('goes by the bytes: a PNG named .jpg is sent as image/png', async () => {
    const job = await vscode.commands.executeCommand<Job>(
      'seedance.generateVideoFromImage',
      image('actually-png.jpg'),
      undefined,
      {
        prompt: 'A gentle zoom',
        model: 'doubao-seedance-2-0-fast',
      },
    );
    assert.ok(job);
    const [post] = await sim.posts();
    assert.equal((post.fields?.input_reference as { type: string }).type, 'image/png');
  });

  it('refuses a text file named .png before asking anything, and sends nothing', async () => {
    const job = await vscode.commands.executeCommand(
      'seedance.generateVideoFromImage',
      image('not-an-image.png'),
      undefined,
      {
        prompt: 'never sent',
        model: 'doubao-seedance-2-0',
      },
    );
    assert.equal(job, undefined);
    assert.deepEqual(await sim.posts(), []);
  });

  it('never sends an image to a 1.x model', async () => {
    for (const model of ['doubao-seedance-1-5-pro', 'doubao-seedance-1-0-pro']) {
      const job = await vscode.commands.executeCommand('seedance.generateVideo', {
        prompt: 'x',
        model,
        image: image('sample.jpg').fsPath,
      });
      assert.equal(job, undefined, `${model} must be refused`);
    }
    assert.deepEqual(await sim.posts(), []);
  });

  it('offers the explorer menu only for png, jpg, jpeg and webp files', () => {
    const when = manifest().contributes.menus['explorer/context'].find(
      (m) => m.command === 'seedance.generateVideoFromImage',
    )!.when!;
    const [, source, flags] = /=~ \/(.+?)\/(\w*)/.exec(when)!;
    const pattern = new RegExp(source, flags);
    for (const ext of ['.png', '.jpg', '.jpeg', '.webp', '.PNG', '.JPG']) assert.ok(pattern.test(ext), ext);
    for (const ext of ['.gif', '.md', '.mp4', '.svg', '.png.txt']) assert.ok(!pattern.test(ext), ext);
  });
});
