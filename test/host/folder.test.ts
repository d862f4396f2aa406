// The output folder as the source of truth, as a person meets it after cloning a teammate's
// repository: videos with sidecars this profile never made show in the Videos view and the gallery
// with their prompts, their script's lenses say Play, Generate Again sends exactly what a sidecar
// says (after the summary; a changed image is named first), and a video with no sidecar is "made
// elsewhere". The suite writes the folder itself, as a pull would, and points seedance.outputFolder
// at it: every job in it is new to this profile.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sha256 } from '../../src/jobs/sidecar';
import { parseScenes } from '../../src/script/scenes';
import type { FileRow, Row } from '../../src/views/jobTree';
import { SAMPLE_MP4, fixture } from '../support/paths';
import {
  answerNextDialog,
  lensTitles,
  rowItem,
  sim,
  useExtension,
  useSettings,
  waitFor,
  workspaceFolder,
  closeEditorsWithoutSaving,
} from './support';

const FOLDER = 'team-videos';

const SCRIPT = `# The harbour

## Dawn

Fishing boats leave the harbour at dawn.

## Market

Crates of fish stacked on the quay.
`;

describe('videos made elsewhere, found in the folder', () => {
  const ext = useExtension();
  useSettings({ 'seedance.outputFolder': FOLDER }, vscode.ConfigurationTarget.Workspace);
  const root = () => workspaceFolder().fsPath;
  const videos = () => join(root(), FOLDER);
  const scriptPath = () => join(root(), 'harbour.md');
  const image = () => join(root(), 'team-shots', 'quay.png');

  /** A teammate's sidecar, as their extension wrote it. */
  const sidecar = (over: Record<string, unknown>) => ({
    schema: 'seedance-video',
    version: 1,
    model: { sent: 'doubao-seedance-2-0', answered: 'doubao-seedance-2-0-260128' },
    seconds: 5,
    size: '16:9',
    resolution: '720p',
    submittedAt: '2026-11-30T09:00:00.000Z',
    finishedAt: '2026-11-30T09:01:30.000Z',
    estimate: { usd: 0.4, source: 'provider', pricesAsOf: '2026-08' },
    extension: { version: '0.9.0' },
    ...over,
  });

  const found = () => ext.api.jobs.all().filter((j) => j.found);

  before(async () => {
    await mkdir(videos(), { recursive: true });
    await mkdir(join(root(), 'team-shots'), { recursive: true });
    await copyFile(fixture('images', 'sample.png'), image());
    await writeFile(scriptPath(), SCRIPT);
    const [dawn, market] = parseScenes(SCRIPT);
    const scene = (s: typeof dawn) => ({
      script: 'harbour.md',
      heading: s.heading,
      occurrence: s.occurrence,
      hash: s.hash,
      index: s.index,
    });
    const write = async (name: string, side?: object) => {
      await copyFile(SAMPLE_MP4, join(videos(), name));
      if (side) await writeFile(join(videos(), `${name}.json`), JSON.stringify(side, null, 2));
    };
    await write('dawn.mp4', sidecar({ prompt: dawn.prompt, scene: scene(dawn), taskId: 'task_team_dawn' }));
    await write('market.mp4', sidecar({ prompt: market.prompt, scene: scene(market), taskId: 'task_team_market' }));
    await write(
      'quay.mp4',
      sidecar({
        prompt: 'رصيف الميناء عند الظهيرة: [Image 1] comes alive',
        model: { sent: 'doubao-seedance-2-0-fast' },
        seconds: 4,
        size: '9:16',
        resolution: '480p',
        images: [{ path: 'team-shots/quay.png', sha256: await sha256(image()) }],
        taskId: 'task_team_quay',
      }),
    );
    await write('from-a-phone.mp4');
    await waitFor('the three videos to be listed', () => found().length === 3, 15_000);
  });

  after(async () => {
    await closeEditorsWithoutSaving();
    // The job Generate Again made here went to this folder: off the list with it.
    for (const job of ext.api.jobs.all())
      if (job.phase === 'done' && !job.found && job.videoPath.startsWith(videos())) await ext.api.jobs.remove(job.id);
    await rm(videos(), { recursive: true, force: true });
    await rm(join(root(), 'team-shots'), { recursive: true, force: true });
    await rm(scriptPath(), { force: true });
  });

  it('lists them in the Videos view with their prompts; a video without a sidecar as made elsewhere', async () => {
    const rows = ext.api.tree.getChildren();
    const labels = (list: Row[]) =>
      list.map((r) => ext.api.tree.getTreeItem(r)).map((i) => (typeof i.label === 'string' ? i.label : i.label?.label));
    const group = rows.find((r) => r.kind === 'script' && r.file.endsWith('/harbour.md'));
    assert.ok(group, 'the script’s group');
    assert.deepEqual(labels(ext.api.tree.getChildren(group)), [
      'Ready · Fishing boats leave the harbour at dawn.',
      'Ready · Crates of fish stacked on the quay.',
    ]);
    const quay = found().find((j) => j.id === 'task_team_quay')!;
    assert.equal(
      (rowItem(ext.api, quay).label as vscode.TreeItemLabel).label,
      'Ready · رصيف الميناء عند الظهيرة: [Image 1] comes alive',
    );
    const elsewhere = rows.filter((r): r is FileRow => r.kind === 'file');
    assert.deepEqual(
      elsewhere.map((r) => r.path),
      [join(videos(), 'from-a-phone.mp4')],
    );
    const item = ext.api.tree.getTreeItem(elsewhere[0]);
    assert.equal((item.label as vscode.TreeItemLabel).label, 'Made elsewhere · from-a-phone.mp4');
    // The simulator's sample video: its size, and 2 s from its header.
    const bytes = (await stat(SAMPLE_MP4)).size;
    assert.equal(item.description, `${(bytes / 1_000_000).toFixed(1)} MB · 2.0 s`);
    assert.equal(item.contextValue, 'seedance.elsewhere');
  });

  it('shows them in the gallery with their prompts, the one made elsewhere by its name', async () => {
    await vscode.commands.executeCommand('seedance.openGallery');
    const cards = await waitFor('the gallery’s cards', () => {
      const posted = ext.api.gallery.posted();
      return posted.some((c) => c.id === 'task_team_quay') ? posted : undefined;
    });
    const card = (id: string) => cards.find((c) => c.id === id);
    assert.equal(card('task_team_dawn')?.prompt, 'Fishing boats leave the harbour at dawn.');
    assert.equal(card('task_team_dawn')?.group, 'harbour.md');
    assert.equal(card('task_team_quay')?.prompt, 'رصيف الميناء عند الظهيرة: [Image 1] comes alive');
    assert.ok(card('task_team_quay')?.ready && card('task_team_quay')?.video, 'playable');
    const phone = cards.find((c) => c.kind === 'file');
    assert.equal(phone?.prompt, 'from-a-phone.mp4');
    assert.equal(phone?.group, 'Made elsewhere');
    await closeEditorsWithoutSaving();
  });

  it('their script’s lenses say Play, not Generate', async () => {
    const uri = vscode.Uri.file(scriptPath());
    await vscode.window.showTextDocument(uri);
    const titles = await waitFor('the lenses to know the videos', async () => {
      const all = await lensTitles(uri);
      return all.filter((l) => l.endsWith(': Play')).length === 2 ? all : undefined;
    });
    assert.ok(titles.includes('0: Every scene has its video'), titles.join(' | '));
    assert.ok(!titles.some((l) => l.includes('Generate Video')), titles.join(' | '));
  });

  it('Generate Again from a sidecar alone sends exactly its request, after the summary', async () => {
    const posts = (await sim.posts()).length;
    const running = vscode.commands.executeCommand('seedance.generateAgain', 'task_team_quay');
    const post = await waitFor('the summary to be accepted and the request sent', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return sim.answeredPost(posts);
    });
    await running;
    assert.equal((await sim.posts()).length, posts + 1, 'sent once');
    assert.equal(post.fields?.prompt, 'رصيف الميناء عند الظهيرة: [Image 1] comes alive');
    assert.equal(post.fields?.model, 'doubao-seedance-2-0-fast');
    assert.equal(post.fields?.seconds, '4');
    assert.equal(post.fields?.size, '9:16');
    assert.equal(post.fields?.resolution, '480p');
    assert.deepEqual(post.fields?.input_reference, {
      name: 'quay.png',
      type: 'image/png',
      size: (await stat(image())).size,
    });
  });

  it('an image changed since names itself first; declining sends nothing', async () => {
    // Other bytes under the same name (a PNG still, so only the fingerprint tells).
    await writeFile(image(), Buffer.concat([await readFile(image()), Buffer.from('edited')]));
    const posts = (await sim.posts()).length;
    const running = vscode.commands.executeCommand('seedance.generateAgain', 'task_team_quay');
    const seen = await answerNextDialog('Cancel');
    await running;
    assert.match(seen.message, /\[Image 1\] quay\.png has changed since this video was made/);
    assert.ok(seen.buttons.includes('Use the Images as They Are Now'), seen.buttons.join(' | '));
    assert.equal((await sim.posts()).length, posts, 'nothing sent');
  });

  it('Remove from List keeps the file and its sidecar, and the folder does not bring it back', async () => {
    await vscode.commands.executeCommand('seedance.removeJob', 'task_team_market');
    assert.equal(ext.api.jobs.get('task_team_market'), undefined);
    await stat(join(videos(), 'market.mp4'));
    await stat(join(videos(), 'market.mp4.json'));
    // A change in the folder reads it again: the removed one stays off, a new one comes.
    await copyFile(SAMPLE_MP4, join(videos(), 'later.mp4'));
    await waitFor('the new file to be listed', () =>
      ext.api.folders.elsewhere().some((v) => v.path.endsWith('later.mp4')),
    );
    assert.equal(ext.api.jobs.get('task_team_market'), undefined);
    await vscode.commands.executeCommand('seedance.undoRemove', 'task_team_market');
    assert.ok(ext.api.jobs.get('task_team_market'), 'Undo lists it again');
  });
});
