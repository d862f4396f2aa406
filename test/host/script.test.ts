// From script to film, in the extension host: the scenes of a Markdown file and their lenses,
// videos tied to their scenes through edits, the opt-in link under a scene, and Export Film with
// Debian's ffmpeg (installed by the harness), checked with ffprobe.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { validateRequest } from '../../src/api';
import type { DoneJob, Job } from '../../src/jobs/job';
import { parseScenes, refOf } from '../../src/script/scenes';
import type { ExportResult } from '../../src/script/exportFilm';
import { CancelledExport, findTools, joinClips, probe } from '../../src/script/ffmpeg';
import { fixture } from '../support/paths';
import {
  acceptingAll,
  sim,
  useExtension,
  useSettings,
  waitFor,
  waitForPhase,
  workspaceFolder,
  lensTitles,
  closeEditorsWithoutSaving,
} from './support';

const SCRIPT = `# The lighthouse

## Opening scene

Waves break on black rocks at dawn; a lighthouse beam sweeps the fog.

## The keeper

\`\`\`seedance
model: doubao-seedance-2-0-fast
seconds: 4
image: shots/keeper.png
The keeper climbs the spiral stairs, lantern in hand.
\`\`\`

## Night falls

A small boat approaches the lighthouse at dusk.
`;

const lenses = (uri: vscode.Uri) => lensTitles(uri);

function ffprobeSeconds(path: string): number {
  return Number(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], {
      encoding: 'utf8',
    }),
  );
}

describe('scripts', () => {
  const ext = useExtension();
  let dir: string;
  let uri: vscode.Uri;

  /** Each scene's video, made the way Generate All sends it (one request per scene, tied to it). */
  async function makeVideos(doc: vscode.TextDocument): Promise<DoneJob[]> {
    const jobs: Job[] = [];
    for (const scene of parseScenes(doc.getText())) {
      const req = await validateRequest({
        prompt: scene.prompt,
        model: scene.settings.model ?? 'doubao-seedance-2-0',
        seconds: scene.settings.seconds,
        images: scene.settings.image ? [join(dir, scene.settings.image)] : [],
      });
      jobs.push(
        await ext.api.manager.submit(
          { request: req, folder: workspaceFolder().toString(), origin: refOf(doc.uri.toString(), scene) },
          { signal: new AbortController().signal },
        ),
      );
    }
    const done: DoneJob[] = [];
    for (const j of jobs) done.push(await waitForPhase(ext.api, j.id, 'done'));
    return done;
  }

  beforeEach(async () => {
    dir = join(workspaceFolder().fsPath, `film-${Date.now()}`);
    await mkdir(join(dir, 'shots'), { recursive: true });
    await copyFile(fixture('images', 'sample.png'), join(dir, 'shots', 'keeper.png'));
    await writeFile(join(dir, 'lighthouse.md'), SCRIPT);
    uri = vscode.Uri.file(join(dir, 'lighthouse.md'));
    await vscode.window.showTextDocument(uri);
  });

  afterEach(async () => {
    await closeEditorsWithoutSaving();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows Generate Video over each scene, and Generate All Scenes at the top', async () => {
    assert.deepEqual(await lenses(uri), [
      '0: Generate All Scenes (3)',
      '2: Generate Video',
      '6: Generate Video',
      '15: Generate Video',
    ]);
  });

  it('reads a scene’s image relative to the script: sent with the scene, or named when it is not there', async () => {
    // The keeper's lens opens the summary; accepting it (Enter) sends the scene with its image.
    const posts = (await sim.posts()).length;
    const running = vscode.commands.executeCommand<Job>('seedance.generateScene', uri, 'The keeper', 0);
    const post = await waitFor('the summary to be accepted and the scene sent', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return sim.answeredPost(posts);
    });
    const job = await running;
    assert.equal(job.origin?.heading, 'The keeper');
    assert.equal(post.fields?.prompt, 'The keeper climbs the spiral stairs, lantern in hand.');
    assert.equal(post.fields?.seconds, '4');
    assert.deepEqual(post.fields?.input_reference, {
      name: 'keeper.png',
      type: 'image/png',
      size: (await stat(fixture('images', 'sample.png'))).size,
    });
    assert.equal((await sim.posts()).length, posts + 1, 'sent once');

    await rm(join(dir, 'shots', 'keeper.png'));
    assert.ok(
      (await lenses(uri)).includes('6: image: shots/keeper.png is not there (relative to the script)'),
      (await lenses(uri)).join(' | '),
    );
  });

  it('Generate All sends each scene once after its summary; a refused one is left to retry, never re-sent', async () => {
    await sim.fault({ fault: { kind: 'status', status: 400 }, match: { method: 'POST' } });
    const posts = (await sim.posts()).length;
    const running = vscode.commands.executeCommand<Job[]>('seedance.generateAllScenes', uri);
    // Nothing goes before the summary is accepted (Enter, every scene ticked).
    await waitFor('the summary to be accepted and the scenes sent', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return (await sim.posts()).length >= posts + 3;
    });
    const jobs = await running;
    assert.equal(jobs.length, 2, 'two started, one refused');
    assert.equal((await sim.posts()).length, posts + 3, 'three requests: none sent twice, the refused one not re-sent');
    const headings = jobs.map((j) => String(j.origin?.heading));
    assert.equal(new Set(headings).size, 2, 'two different scenes');
    assert.ok(headings.every((h) => ['Opening scene', 'The keeper', 'Night falls'].includes(h)));
    assert.ok((await lenses(uri)).includes('0: Generate All Scenes (1)'), (await lenses(uri)).join(' | '));
  });

  it('leaves other Markdown alone: no lenses on notes without a seedance block, unless asked for', async () => {
    const notes = vscode.Uri.file(join(dir, 'notes.md'));
    await writeFile(notes.fsPath, '# Notes\n\nThings to remember about the shoot.\n');
    await vscode.window.showTextDocument(notes);
    assert.deepEqual(await lenses(notes), []);
    const config = vscode.workspace.getConfiguration('seedance.script');
    await config.update('codeLens', 'allMarkdown', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the lenses on every Markdown file', async () =>
        (await lenses(notes)).includes('0: Generate Video'),
      );
    } finally {
      await config.update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps each video tied to its scene through edits elsewhere, and marks only the scene whose text changed', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await makeVideos(doc);
    await waitFor(
      'the lenses to say Play',
      async () => (await lenses(uri)).filter((l) => l.endsWith('Play')).length === 3,
    );
    assert.ok((await lenses(uri)).includes('0: Export Film'));

    // A new scene at the top: the three keep their videos; only the new one is to make.
    const top = new vscode.WorkspaceEdit();
    top.insert(uri, new vscode.Position(1, 0), '\n## Prologue\n\nGulls circle the cliffs.\n');
    assert.ok(await vscode.workspace.applyEdit(top));
    const after = await lenses(uri);
    assert.ok(after.includes('0: Generate All Scenes (1)'), after.join(' | '));
    assert.ok(after.includes('2: Generate Video'), after.join(' | '));
    assert.equal(after.filter((l) => l.endsWith('Play')).length, 3);
    assert.ok(!after.some((l) => l.includes('text changed')));

    // The keeper's text changes: its lens, and only its, says so.
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('lantern in hand'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(line).range, 'The keeper climbs the stairs, a candle in hand.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const changed = (await lenses(uri)).filter((l) => l.includes('text changed since this video'));
    const keeper = doc.getText().split('\n').indexOf('## The keeper');
    assert.deepEqual(changed, [`${keeper}: text changed since this video`]);
    assert.ok((await lenses(uri)).includes('0: Generate All Scenes (2)'));
  });

  it('shows a rendering scene’s progress on its lens, and a failed one’s reason with Generate Video (a new job)', async () => {
    await sim.config({ pace: 'held' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const [opening] = parseScenes(doc.getText());
    const req = await validateRequest({ prompt: opening.prompt, model: 'doubao-seedance-2-0' });
    const submit = () =>
      ext.api.manager.submit(
        { request: req, origin: refOf(uri.toString(), opening) },
        { signal: new AbortController().signal },
      );
    const job = await submit();
    const progress = await waitFor('the lens to show the percentage', async () =>
      (await lenses(uri)).find((l) => /^2: Rendering \d+%/.test(l)),
    );
    assert.match(progress, /^2: Rendering \d+%( · .+)?$/);
    await sim.finish(job.id, 'failed');
    await waitForPhase(ext.api, job.id, 'failed');
    const now = await lenses(uri);
    assert.ok(
      now.some((l) => /^2: Failed: .+/.test(l)),
      now.join(' | '),
    );
    assert.ok(now.includes('2: Generate Video'), now.join(' | '));
    assert.ok(now.includes('0: Generate All Scenes (3)'), 'a failed scene is still to make');
  });

  it('a scene’s block settings stay with the scene: the ordinary flow’s pre-selection is not changed', async () => {
    const before = { model: 'doubao-seedance-1-0-pro', seconds: 3, size: '1:1', resolution: '480p' };
    await ext.api.context.globalState.update('seedance.lastChoices', before);
    // The keeper's block says 2.0 Fast and 4 s.
    const job = await acceptingAll(vscode.commands.executeCommand<Job>('seedance.generateScene', uri, 'The keeper', 0));
    assert.equal(job.model, 'doubao-seedance-2-0-fast');
    assert.deepEqual(ext.api.context.globalState.get('seedance.lastChoices'), before);
  });

  it('a prompt selected inside one scene makes that scene’s video: its lens follows the job', async () => {
    const editor = await vscode.window.showTextDocument(uri);
    const line = editor.document.getText().split('\n').indexOf('A small boat approaches the lighthouse at dusk.');
    editor.selection = new vscode.Selection(line, 0, line, 20);
    const job = await acceptingAll(vscode.commands.executeCommand<Job>('seedance.generateVideo'));
    assert.equal(job.prompt, 'A small boat approaches the lighthouse at dusk.'.slice(0, 20));
    assert.equal(job.origin?.heading, 'Night falls');
    await waitFor('the scene’s lens to follow the job', async () =>
      (await lenses(uri)).some((l) => /^15: (Queued|Rendering|Downloading|Play)/.test(l)),
    );
  });

  it('the top lens counts a scene still being made as not done', async () => {
    await sim.config({ pace: 'held' });
    const doc = await vscode.workspace.openTextDocument(uri);
    const scenes = parseScenes(doc.getText());
    const jobs: Job[] = [];
    for (const scene of scenes) {
      const req = await validateRequest({ prompt: scene.prompt, model: 'doubao-seedance-2-0', seconds: 4 });
      jobs.push(
        await ext.api.manager.submit(
          { request: req, folder: workspaceFolder().toString(), origin: refOf(uri.toString(), scene) },
          { signal: new AbortController().signal },
        ),
      );
    }
    for (const j of jobs.slice(0, 2)) await sim.finish(j.id);
    for (const j of jobs.slice(0, 2)) await waitForPhase(ext.api, j.id, 'done');
    const top = await waitFor('the top lens', async () => (await lenses(uri)).find((l) => l.startsWith('0: ')));
    assert.equal(top, '0: 2 of 3 scenes ready; the others are being made or fetched');
    await sim.finish(jobs[2].id);
    await waitForPhase(ext.api, jobs[2].id, 'done');
    await waitFor('every scene to be ready', async () => (await lenses(uri)).includes('0: Every scene has its video'));
  });

  it('groups a script’s videos under its file name, in scene order', async () => {
    const jobs = await makeVideos(await vscode.workspace.openTextDocument(uri));
    const group = ext.api.tree.getChildren().find((r) => r.kind === 'script' && r.file === uri.toString())!;
    assert.ok(group, 'the script has a row');
    assert.equal(ext.api.tree.getTreeItem(group).label, 'lighthouse.md');
    assert.deepEqual(
      ext.api.tree.getChildren(group).map((j) => (j as { id?: string }).id),
      jobs.map((j) => j.id),
    );
  });

  describe('with seedance.script.linkVideos', () => {
    useSettings({ 'seedance.script.linkVideos': true });

    it('writes a playable link under the scene, and the scene stays current', async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      const [first] = await makeVideos(doc);
      // Linked and saved (the file was not being edited): the file on disk has all three (the
      // document's dirty flag lags; what is on disk does not).
      const links = (text: string) => (text.match(/data-seedance/g) ?? []).length;
      await waitFor(
        'the links, saved',
        async () => links(await readFile(uri.fsPath, 'utf8')) === 3 && links(doc.getText()) === 3,
      );
      const lines = doc.getText().split('\n');
      const at = lines.findIndex((l) => l.includes('Waves break'));
      assert.match(
        lines[at + 2],
        /^<video src="\.\.\/videos\/[^"]+\.mp4" controls width="480" data-seedance><\/video>$/,
      );
      assert.ok(lines[at + 2].includes(encodeURIComponent(first.videoPath.split('/').pop()!)));
      const now = await lenses(uri);
      assert.equal(now.filter((l) => l.endsWith('Play')).length, 3, now.join(' | '));
    });

    it('never writes back a script deleted while its videos rendered', async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      await rm(uri.fsPath);
      await makeVideos(doc);
      // Links are made one at a time, in order: once another script's are saved, this one's turn has passed.
      const other = join(dir, 'other.md');
      await writeFile(other, SCRIPT);
      const otherDoc = await vscode.workspace.openTextDocument(other);
      await makeVideos(otherDoc);
      const links = (text: string) => (text.match(/data-seedance/g) ?? []).length;
      await waitFor(
        'the other script’s three links, saved',
        async () => links(await readFile(other, 'utf8')) === 3 && links(otherDoc.getText()) === 3,
      );
      await assert.rejects(stat(uri.fsPath), 'the deleted script is not written again');
    });
  });

  describe('Export Film', () => {
    it('joins the scenes in order into one MP4 beside the script, as long as all of them', async () => {
      const jobs = await makeVideos(await vscode.workspace.openTextDocument(uri));
      const result = await vscode.commands.executeCommand<ExportResult>('seedance.exportFilm', uri);
      assert.equal(result.film, join(dir, 'lighthouse.film.mp4'));
      assert.equal(result.scenes, 3);
      assert.equal(result.reencoded, undefined, 'same clips: streams copied');
      const sum = jobs.reduce((s, j) => s + ffprobeSeconds(j.videoPath), 0);
      assert.ok(Math.abs(ffprobeSeconds(result.film) - sum) < 0.2, `${ffprobeSeconds(result.film)} s vs ${sum} s`);
    });

    it('re-encodes when the clips’ sizes differ, and says so', async () => {
      const jobs = await makeVideos(await vscode.workspace.openTextDocument(uri));
      // The last scene's clip at twice the size, as a 1080p scene among 720p ones would be.
      const big = jobs[2].videoPath.replace(/\.mp4$/, '.big.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', jobs[2].videoPath, '-vf', 'scale=1280:720', big]);
      await copyFile(big, jobs[2].videoPath);
      await rm(big);
      const result = await vscode.commands.executeCommand<ExportResult>('seedance.exportFilm', uri);
      assert.equal(result.reencoded, 'sizes');
      const sum = jobs.reduce((s, j) => s + ffprobeSeconds(j.videoPath), 0);
      assert.ok(Math.abs(ffprobeSeconds(result.film!) - sum) < 0.2);
      const size = execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', result.film!],
        { encoding: 'utf8' },
      );
      assert.equal(size.trim(), '640,360', "the first clip's size");
    });

    it('keeps the sound of a clip that has it, with silence under the others', async () => {
      const jobs = await makeVideos(await vscode.workspace.openTextDocument(uri));
      // The keeper's clip with a sound track, as Seedance 2.0 makes them; the others are silent.
      const voiced = jobs[1].videoPath.replace(/\.mp4$/, '.voiced.mp4');
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        jobs[1].videoPath,
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:sample_rate=48000',
        '-shortest',
        '-c:v',
        'copy',
        '-c:a',
        'aac',
        voiced,
      ]);
      await copyFile(voiced, jobs[1].videoPath);
      await rm(voiced);
      const result = await vscode.commands.executeCommand<ExportResult>('seedance.exportFilm', uri);
      assert.equal(result.reencoded, 'sound');
      const streams = execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', result.film!],
        { encoding: 'utf8' },
      );
      assert.deepEqual(streams.trim().split('\n').sort(), ['audio', 'video']);
      const sum = jobs.reduce((s, j) => s + ffprobeSeconds(j.videoPath), 0);
      assert.ok(Math.abs(ffprobeSeconds(result.film!) - sum) < 0.2, `${ffprobeSeconds(result.film!)} s vs ${sum} s`);
    });

    it('cancelled, leaves nothing behind', async () => {
      const jobs = await makeVideos(await vscode.workspace.openTextDocument(uri));
      const tools = (await findTools(undefined))!;
      const clips = await Promise.all(jobs.map((j) => probe(tools.ffprobe!, j.videoPath)));
      const controller = new AbortController();
      const joining = joinClips(tools.ffmpeg, {
        clips,
        output: join(dir, 'cancelled.film.mp4'),
        reencode: true,
        signal: controller.signal,
        onProgress: () => undefined,
      });
      controller.abort();
      await assert.rejects(joining, CancelledExport);
      assert.deepEqual(
        (await readdir(dir)).filter((f) => f.startsWith('cancelled')),
        [],
      );
    });

    it('without ffmpeg: says how to get it, and writes nothing', async () => {
      await makeVideos(await vscode.workspace.openTextDocument(uri));
      const path = process.env.PATH;
      process.env.PATH = '';
      try {
        const result = await vscode.commands.executeCommand<ExportResult>('seedance.exportFilm', uri);
        assert.equal(result.problem, 'no-ffmpeg');
      } finally {
        process.env.PATH = path;
      }
      const config = vscode.workspace.getConfiguration('seedance');
      await config.update('ffmpegPath', join(dir, 'no-such-ffmpeg'), vscode.ConfigurationTarget.Global);
      try {
        const result = await vscode.commands.executeCommand<ExportResult>('seedance.exportFilm', uri);
        assert.equal(result.problem, 'no-ffmpeg');
        // A machine setting: the message says where it was read from (a browser window: the Remote settings).
        const said = ext.api.messages.at(-1)?.text ?? '';
        assert.match(said, /no ffmpeg at .*no-such-ffmpeg \(seedance\.ffmpegPath, read from your Remote settings/);
      } finally {
        await config.update('ffmpegPath', undefined, vscode.ConfigurationTarget.Global);
      }
      await assert.rejects(stat(join(dir, 'lighthouse.film.mp4')), 'no film');
      await assert.rejects(stat(join(dir, 'lighthouse.film.mp4.partial')), 'nothing half-written');
    });
  });
});
