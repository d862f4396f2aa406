// A season's folder: 5,000 videos arrive at once (a pull), most empty files and a few real ones
// with their sidecars. The Videos view lists them a page at a time and shows more on request; a
// new video appears on its own; the extension host's event loop throughout is measured and
// printed (the numbers belong to `npm run bench`; the test asserts what a person sees).
import assert from 'node:assert/strict';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Row } from '../../src/views/jobTree';
import { SAMPLE_MP4 } from '../support/paths';
import { closeEditorsWithoutSaving, lensTitles, useExtension, useSettings, waitFor, workspaceFolder } from './support';

const FOLDER = 'season';
const VIDEOS = 5_000;
const REAL = 3;

describe('a videos folder of 5,000', function () {
  this.timeout(180_000);
  const ext = useExtension();
  useSettings({ 'seedance.outputFolder': FOLDER }, vscode.ConfigurationTarget.Workspace);
  const videos = () => join(workspaceFolder().fsPath, FOLDER);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const label = (row: Row) => {
    const l = ext.api.tree.getTreeItem(row).label;
    return typeof l === 'string' ? l : l?.label;
  };
  /** A real video and the sidecar a teammate's extension wrote beside it. */
  const realVideo = async (name: string, prompt: string, taskId: string, submittedAt: Date) => {
    const path = join(videos(), name);
    await copyFile(SAMPLE_MP4, path);
    const sidecar = {
      schema: 'seedance-video',
      version: 1,
      prompt,
      model: { sent: 'doubao-seedance-2-0-fast' },
      taskId,
      submittedAt: submittedAt.toISOString(),
      extension: { version: '0.2.0' },
    };
    await writeFile(`${path}.json`, JSON.stringify(sidecar));
  };
  const listedVideos = () => ext.api.folders.elsewhere().length + ext.api.jobs.all().filter((j) => j.found).length;

  before(async () => {
    loop.enable();
    const started = performance.now();
    await mkdir(videos(), { recursive: true });
    for (let at = 0; at < VIDEOS - REAL; at += 250)
      await Promise.all(
        Array.from({ length: Math.min(250, VIDEOS - REAL - at) }, (_, k) =>
          writeFile(join(videos(), `take-${String(at + k).padStart(4, '0')}.mp4`), ''),
        ),
      );
    for (let i = 0; i < REAL; i++) {
      await realVideo(
        `real-${i}.mp4`,
        `مشهد ${i + 1}: the harbour at dusk`,
        `task_season_${i}`,
        new Date(Date.UTC(2026, 11, 1, 10, i)),
      );
    }
    await waitFor('all 5,000 videos to be listed', () => listedVideos() === VIDEOS, 120_000);
    console.log(`      (5,000 videos written and listed in ${Math.round(performance.now() - started)} ms)`);
  });

  after(async () => {
    loop.disable();
    console.log(
      `      (extension host event loop throughout: p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, worst ${(loop.max / 1e6).toFixed(1)} ms)`,
    );
    await rm(videos(), { recursive: true, force: true });
    await waitFor('the folder’s videos to leave the list', () => listedVideos() === 0, 60_000);
  });

  it('lists a page of rows and says how many more there are; Show more adds the next page', async () => {
    const rows = ext.api.tree.getChildren();
    assert.equal(rows.length, 201, 'a page of 200 rows and the row that shows more');
    assert.equal(label(rows[200]), 'Show 200 more (4,800 not shown)');
    // The videos with a sidecar are jobs, listed with their prompts.
    assert.ok(
      rows.slice(0, 200).some((r) => label(r) === 'Ready · مشهد 1: the harbour at dusk'),
      'a teammate’s video with its prompt',
    );
    await vscode.commands.executeCommand('seedance.showMoreVideos');
    await vscode.commands.executeCommand('seedance.showMoreVideos');
    const more = ext.api.tree.getChildren();
    assert.equal(more.length, 601);
    assert.equal(label(more[600]), 'Show 200 more (4,400 not shown)');
    assert.deepEqual(
      more.slice(0, 600).filter((r) => r.kind === 'file').length,
      600 - REAL,
      'the made-elsewhere videos follow the jobs',
    );
  });

  it('a video arriving in the folder appears in the view, read alone', async () => {
    const started = performance.now();
    await realVideo('arrived.mp4', 'A new take, just pulled', 'task_season_new', new Date());
    const row = await waitFor('the new video’s row', () =>
      ext.api.tree.getChildren().find((r) => label(r) === 'Ready · A new take, just pulled'),
    );
    console.log(
      `      (the new video's row appeared ${Math.round(performance.now() - started)} ms after it was written)`,
    );
    assert.equal(ext.api.tree.getChildren()[0], row, 'the newest, first');
    assert.equal(listedVideos(), VIDEOS + 1);
  });
});

describe('a script too large to be one', () => {
  useExtension();
  const path = () => join(workspaceFolder().fsPath, 'huge-film.md');
  after(async () => {
    await closeEditorsWithoutSaving();
    await rm(path(), { force: true });
  });

  it('a Markdown file over a million characters gets no scene lenses; the same scenes in a small one do', async () => {
    const scene = (i: number) => `## Scene ${i}\n\nThe harbour at dusk, take ${i} — مرفأ عند الغسق.\n\n`;
    const small = Array.from({ length: 3 }, (_, i) => scene(i + 1)).join('');
    await writeFile(path(), small);
    const uri = vscode.Uri.file(path());
    await vscode.window.showTextDocument(uri);
    const titles = await waitFor('the small script’s lenses', async () => {
      const all = await lensTitles(uri);
      return all.some((l) => l.endsWith('Generate Video')) ? all : undefined;
    });
    assert.ok(titles.length > 3, titles.join(' | '));
    // The same file, grown past the limit (a repository's planted "storyboard"): read no further.
    await writeFile(path(), small + 'x'.repeat(1_000_001));
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor('the editor to hold the grown file', () => doc.getText().length > 1_000_000);
    assert.deepEqual(await lensTitles(uri), []);
  });
});
