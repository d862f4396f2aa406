// Scenes of a Markdown script: what is a scene, what its seedance block sets, and how a video
// stays tied to its scene while the file is edited.
import assert from 'node:assert/strict';
import { findScene, parseScenes, refOf } from '../../src/script/scenes';

const SCRIPT = [
  '# The lighthouse',
  '',
  '## Opening scene',
  '',
  'Waves break on black rocks at dawn.',
  'A lighthouse beam sweeps the fog.',
  '',
  '## Second scene',
  '',
  '```seedance',
  'model: doubao-seedance-2-0-fast',
  'seconds: 6',
  'size: 9:16',
  'image: shots/keeper.png',
  'The keeper climbs the spiral stairs, lantern in hand.',
  '```',
  '',
  'Notes for the crew: not part of the prompt.',
  '',
  '## المشهد الثالث',
  '',
  'قارب صغير يقترب من الفنار عند الغروب.',
  '',
].join('\n');

describe('scenes of a Markdown script', () => {
  it('each heading with text under it is a scene; a title with none is not', () => {
    const scenes = parseScenes(SCRIPT);
    assert.deepEqual(
      scenes.map((s) => [s.heading, s.index, s.line]),
      [
        ['Opening scene', 0, 2],
        ['Second scene', 1, 7],
        ['المشهد الثالث', 2, 19],
      ],
    );
    assert.equal(scenes[0].prompt, 'Waves break on black rocks at dawn.\nA lighthouse beam sweeps the fog.');
    assert.equal(scenes[0].endLine, 5);
    assert.equal(scenes[2].prompt, 'قارب صغير يقترب من الفنار عند الغروب.');
  });

  it('a seedance block sets the request, and its text is the prompt', () => {
    const [, second] = parseScenes(SCRIPT);
    assert.deepEqual(second.settings, {
      model: 'doubao-seedance-2-0-fast',
      seconds: 6,
      size: '9:16',
      image: 'shots/keeper.png',
    });
    assert.equal(second.prompt, 'The keeper climbs the spiral stairs, lantern in hand.');
    assert.deepEqual(second.problems, []);
  });

  it('a block with settings only leaves the prose as the prompt; a bad value is named', () => {
    const [scene] = parseScenes('## One\n\nA fox in snow.\n\n```seedance\nseconds: five\nresolution: 1080p\n```\n');
    assert.equal(scene.prompt, 'A fox in snow.');
    assert.deepEqual(scene.settings, { resolution: '1080p' });
    assert.match(scene.problems[0], /seconds: "five" is not a whole number/);
  });

  it('prose that looks like "Camera: ..." is prompt, not a setting', () => {
    const [scene] = parseScenes('## One\n\n```seedance\nseconds: 4\nCamera: slow push in\nA fox in snow.\n```\n');
    assert.deepEqual(scene.settings, { seconds: 4 });
    assert.equal(scene.prompt, 'Camera: slow push in\nA fox in snow.');
  });

  it('headings inside other code blocks are not scenes; the block is not prompt', () => {
    const scenes = parseScenes('## One\n\nA fox.\n\n```md\n## Not a scene\ntext\n```\n');
    assert.deepEqual(
      scenes.map((s) => [s.heading, s.prompt]),
      [['One', 'A fox.']],
    );
  });

  it('the link written under a scene is not part of its prompt, so its video stays current', () => {
    const before = parseScenes('## One\n\nA fox.\n');
    const after = parseScenes('## One\n\nA fox.\n\n<video src="videos/a.mp4" controls data-seedance></video>\n');
    assert.equal(after[0].prompt, 'A fox.');
    assert.equal(after[0].hash, before[0].hash);
  });

  it('keeps a video tied to its scene through edits elsewhere, and notices edits to its own text', () => {
    const scenes = parseScenes(SCRIPT);
    const ref = refOf('file:///s.md', scenes[1]);
    const edited = parseScenes(`## A new first scene\n\nA gull.\n\n${SCRIPT.replace('A lighthouse beam', 'The beam')}`);
    const found = findScene(edited, ref)!;
    assert.equal(found.heading, 'Second scene');
    assert.equal(found.index, 2);
    assert.equal(found.hash, ref.hash, 'its own text did not change');
    const rewritten = parseScenes(SCRIPT.replace('lantern in hand', 'candle in hand'));
    assert.notEqual(findScene(rewritten, ref)!.hash, ref.hash);
  });

  it('tells repeated headings apart by their order, and follows a renamed heading by its text', () => {
    const scenes = parseScenes('## Shot\n\nOne.\n\n## Shot\n\nTwo.\n');
    assert.deepEqual(
      scenes.map((s) => s.occurrence),
      [0, 1],
    );
    assert.equal(findScene(scenes, refOf('f', scenes[1]))!.prompt, 'Two.');
    const renamed = parseScenes('## Shot\n\nOne.\n\n## Final shot\n\nTwo.\n');
    assert.equal(findScene(renamed, refOf('f', scenes[1]))!.heading, 'Final shot');
  });

  it('reads Windows line endings', () => {
    assert.equal(parseScenes('## One\r\n\r\nA fox.\r\n')[0].prompt, 'A fox.');
  });
});
