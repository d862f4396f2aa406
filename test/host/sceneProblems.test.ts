// A script's scenes checked in the Problems panel (src/script/sceneDiagnostics.ts), in the
// extension host: an error where the provider would refuse, a warning where the video would
// probably be worse, each on its line, quick fixes that change the script, and Generate All
// sending none of the scenes with an error.
import assert from 'node:assert/strict';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { fixture } from '../support/paths';
import { closeEditorsWithoutSaving, sim, useExtension, waitFor, workspaceFolder } from './support';

const SCRIPT = `# Problems

## The pier

\`\`\`seedance
model: doubao-seedance-1-5-pro
image: shots/keeper.png
The keeper waves from the pier.
\`\`\`

## The harbour

\`\`\`seedance
seconds: 5
0-2s: the harbour at dawn.
2-5s: gulls rise over the boats.
\`\`\`

## البحر

بحر هادئ عند الفجر.
`;

/** The Problems panel's entries for `uri`, as "line: severity code · message". */
const problems = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Seedance')
    .map(
      (d) =>
        `${d.range.start.line}: ${vscode.DiagnosticSeverity[d.severity]} ${typeof d.code === 'string' ? d.code : '?'} · ${d.message}`,
    );

describe('a script’s problems, before anything is paid for', () => {
  useExtension();
  let dir: string;
  let uri: vscode.Uri;

  beforeEach(async () => {
    dir = join(workspaceFolder().fsPath, `problems-${Date.now()}`);
    await mkdir(join(dir, 'shots'), { recursive: true });
    await copyFile(fixture('images', 'sample.png'), join(dir, 'shots', 'keeper.png'));
    await writeFile(join(dir, 'film.md'), SCRIPT);
    uri = vscode.Uri.file(join(dir, 'film.md'));
    await vscode.window.showTextDocument(uri);
  });

  afterEach(async () => {
    await closeEditorsWithoutSaving();
    await rm(dir, { recursive: true, force: true });
  });

  /** Applies the quick fix offered for the problem on `line` whose code is `code`. */
  async function quickFix(line: number, code: string, title: string): Promise<void> {
    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.code === code && d.range.start.line === line);
    assert.ok(diagnostic, `a ${code} problem on line ${line}: ${problems(uri).join(' | ')}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === title);
    assert.ok(fix?.edit, `a quick fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
  }

  it('an image for a model that takes none is an error on its line; time ranges and too many shots are warnings', async () => {
    const seen = await waitFor('the script’s problems', () => (problems(uri).length >= 3 ? problems(uri) : undefined));
    const [image, stamps, shots, ...rest] = seen;
    assert.match(image, /^6: Error request\.images · image is only accepted by .*doubao-seedance-1-5-pro/);
    assert.match(stamps, /^14: Warning prompt\.timestamps · Time ranges lead 2 lines of this scene/);
    assert.match(shots, /^15: Warning prompt\.shots · 2 shots in 5 seconds/);
    assert.deepEqual(rest, [], 'the Arabic scene is fine');
  });

  it('the quick fixes name a model that takes images, and write shot labels; the problems go with them', async () => {
    await waitFor('the script’s problems', () => problems(uri).length >= 3);
    await quickFix(6, 'request.images', 'Use doubao-seedance-2-0, which takes images');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.lineAt(5).text, 'model: doubao-seedance-2-0');
    await waitFor('the image error to go', () => !problems(uri).some((p) => p.includes('Error')));

    await quickFix(14, 'prompt.timestamps', 'Write shot labels instead of time ranges');
    assert.deepEqual(
      [doc.lineAt(14).text, doc.lineAt(15).text],
      ['Shot 1: the harbour at dawn.', 'Shot 2: gulls rise over the boats.'],
    );
    const left = await waitFor('the timestamps warning to go', () =>
      problems(uri).some((p) => p.includes('timestamps')) ? undefined : problems(uri),
    );
    assert.deepEqual(
      left.map((p) => p.split(' · ')[0]),
      ['15: Warning prompt.shots'],
      'two shots in 5 seconds are still too many',
    );
  });

  it('Generate All names the scene with an error and sends only the others', async () => {
    await waitFor('the script’s problems', () => problems(uri).length >= 3);
    const posts = (await sim.posts()).length;
    const running = vscode.commands.executeCommand<Job[]>('seedance.generateAllScenes', uri);
    await waitFor('the summary to be accepted and the scenes sent', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return (await sim.posts()).length >= posts + 2;
    });
    const jobs = await running;
    assert.deepEqual(jobs.map((j) => String(j.origin?.heading)).sort(), ['The harbour', 'البحر']);
    assert.equal((await sim.posts()).length, posts + 2, 'the pier was not sent');
  });
});
