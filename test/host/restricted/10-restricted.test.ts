// Restricted Mode, in a real extension host whose folder is not trusted: a cloned repository's
// script shows what is happening but can start, upload and write nothing, and a command's options
// cannot name an image.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { validateRequest } from '../../../src/api';
import { parseScenes, refOf } from '../../../src/script/scenes';
import { REPO_ROOT, fixture } from '../../support/paths';
import {
  lensTitles,
  sim,
  useExtension,
  waitFor,
  waitForPhase,
  workspaceFolder,
  closeEditorsWithoutSaving,
} from '../support';

const SCRIPT = `# The heist

## Vault

\`\`\`seedance
image: ../../private/passport.jpg
The vault door swings open.
\`\`\`

## Getaway

A car speeds through the rain.
`;

const lenses = (uri: vscode.Uri) => lensTitles(uri, true);

describe('Restricted Mode (an untrusted folder)', () => {
  const ext = useExtension();
  let dir: string;
  let uri: vscode.Uri;

  before(() => assert.equal(vscode.workspace.isTrusted, false, 'this session opens its folder in Restricted Mode'));

  beforeEach(async () => {
    dir = join(workspaceFolder().fsPath, `heist-${Date.now()}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'heist.script.md'), SCRIPT);
    uri = vscode.Uri.file(join(dir, 'heist.script.md'));
    await vscode.window.showTextDocument(uri);
  });

  afterEach(async () => {
    await closeEditorsWithoutSaving();
    await rm(dir, { recursive: true, force: true });
  });

  it('no MCP server is offered to agents: a repository you did not write cannot have one spend', () => {
    assert.deepEqual(ext.api.mcp.provideMcpServerDefinitions(), []);
  });

  it('a script shows no lens that sends or writes, and says how to allow them', async () => {
    const shown = await lenses(uri);
    assert.equal(
      shown[0],
      '0: workbench.trust.manage: Restricted Mode: trust this workspace to generate from this script',
    );
    for (const command of ['seedance.generateScene', 'seedance.generateAllScenes', 'seedance.exportFilm'])
      assert.ok(!shown.some((l) => l.includes(command)), `${command} offered: ${shown.join('\n')}`);
  });

  it('a rendering or finished scene still shows its state (read-only lenses stay)', async () => {
    const [, getaway] = parseScenes(SCRIPT);
    const req = await validateRequest({ prompt: getaway.prompt, model: 'doubao-seedance-2-0', seconds: 4 });
    const job = await ext.api.manager.submit(
      { request: req, folder: workspaceFolder().toString(), origin: refOf(uri.toString(), getaway) },
      { signal: new AbortController().signal },
    );
    await waitForPhase(ext.api, job.id, 'done');
    const shown = await waitFor('the Play lens', async () => {
      const l = await lenses(uri);
      return l.some((t) => t.includes('seedance.openVideo: Play')) ? l : undefined;
    });
    assert.ok(!shown.some((l) => /Regenerate|Continue from Last Frame/.test(l)), shown.join('\n'));
  });

  it('Generate Scene, Generate All Scenes and Export Film run from the palette send and write nothing, and say why', async () => {
    ext.api.messages.length = 0;
    assert.equal(await vscode.commands.executeCommand('seedance.generateScene', uri, 'Vault', 0), undefined);
    assert.equal(await vscode.commands.executeCommand('seedance.generateAllScenes', uri), undefined);
    assert.equal(await vscode.commands.executeCommand('seedance.exportFilm', uri), undefined);
    assert.deepEqual(await sim.posts(), []);
    assert.equal(await readFile(uri.fsPath, 'utf8'), SCRIPT, 'the script is untouched');
    // Doing nothing in silence would pass the checks above: each refusal is said, with its way out.
    const said = ext.api.messages.filter((m) => m.severity === 'error');
    for (const what of ['Generating from a script', 'Generate All Scenes', 'Export Film']) {
      const message = said.find((m) => m.text.startsWith(`${what} is off in Restricted Mode`));
      assert.ok(message, `${what}: ${said.map((m) => m.text).join(' | ')}`);
      assert.deepEqual(message.actions, ['Manage Workspace Trust']);
    }
  });

  it('Generate Again from a video found in the folder cannot upload the images its sidecar names', async () => {
    // A cloned repository's videos/: a video whose sidecar names an image of the repository.
    const videos = join(workspaceFolder().fsPath, 'videos');
    await mkdir(videos, { recursive: true });
    await copyFile(fixture('images', 'sample.png'), join(dir, 'still.png'));
    const image = `${dir.slice(workspaceFolder().fsPath.length + 1)}/still.png`;
    await copyFile(join(REPO_ROOT, 'test', 'simulator', 'assets', 'sample.mp4'), join(videos, 'planted.mp4'));
    await writeFile(
      join(videos, 'planted.mp4.json'),
      JSON.stringify({
        schema: 'seedance-video',
        version: 1,
        prompt: '[Image 1] comes alive',
        model: { sent: 'doubao-seedance-2-0' },
        images: [{ path: image }],
        taskId: 'task_planted_again',
        submittedAt: '2026-11-30T09:00:00.000Z',
        extension: { version: '0.1.0' },
      }),
    );
    try {
      await waitFor('the found video', () => ext.api.jobs.get('task_planted_again'));
      ext.api.messages.length = 0;
      await vscode.commands.executeCommand('seedance.generateAgain', 'task_planted_again');
      assert.ok(
        ext.api.messages.some((m) => m.text.startsWith('Images named in text is off in Restricted Mode')),
        ext.api.messages.map((m) => m.text).join(' | '),
      );
      assert.deepEqual(await sim.posts(), []);
    } finally {
      await rm(join(videos, 'planted.mp4'), { force: true });
      await rm(join(videos, 'planted.mp4.json'), { force: true });
    }
  });

  it('a command’s options cannot name an image to upload, nor skip the questions', async () => {
    const image = join(dir, 'frame.png');
    await copyFile(fixture('images', 'sample.png'), image);
    ext.api.messages.length = 0;
    const result = await vscode.commands.executeCommand('seedance.generateVideo', {
      prompt: 'A frame comes alive',
      model: 'doubao-seedance-2-0',
      image,
    });
    assert.equal(result, undefined);
    assert.deepEqual(await sim.posts(), []);
    assert.ok(
      ext.api.messages.some((m) => m.text.startsWith('Images named in text is off in Restricted Mode')),
      ext.api.messages.map((m) => m.text).join(' | '),
    );
  });
});
