// A scene's problems placed on the lines that cause them (src/script/sceneChecks.ts): a request's
// problem on its setting, with the model fix for an image a model cannot take; the provider's
// prompt guidance (shot labels, shots per clip, [Image N] sent), each rule on its own.
import assert from 'node:assert/strict';
import {
  type CheckWords,
  type SceneCheck,
  promptChecks,
  requestCheck,
  settingPlace,
} from '../../src/script/sceneChecks';
import { parseScenes } from '../../src/script/scenes';

const WORDS: CheckWords = {
  timestamps: (n) => `timestamps ${n}`,
  tooManyShots: (shots, seconds, most) => `shots ${shots} in ${seconds}, about ${most}`,
  imageNotSent: (n, sent) => `image ${n} of ${sent}`,
  useImageModel: (m) => `use ${m}`,
  useShotLabels: () => 'labels',
};

function scene(...body: string[]) {
  const lines = ['# Film', '', '## Harbour', '', ...body, ''];
  const [s] = parseScenes(lines.join('\n'));
  assert.ok(s, 'a scene');
  return { lines, s };
}

/** What a check marks, as the text under it. */
const marked = (lines: readonly string[], c: Pick<SceneCheck, 'line' | 'start' | 'end'>) =>
  lines[c.line].slice(c.start, c.end);

/** `lines` with `check`'s fix applied. */
function fixed(lines: readonly string[], check: SceneCheck): string[] {
  const out = [...lines];
  // From the end, so earlier places stay where they were.
  for (const e of [...(check.fix?.edits ?? [])].sort((a, b) => b.line - a.line || b.start - a.start))
    out[e.line] = out[e.line].slice(0, e.start) + e.text + out[e.line].slice(e.end);
  return out.join('\n').split('\n');
}

describe('a scene’s problems on the lines that cause them', () => {
  describe('the request’s own problems', () => {
    it('a setting’s problem marks its value; one the scene does not set marks the heading', () => {
      const { lines, s } = scene('```seedance', 'model: doubao-seedance-1-5-pro', 'seconds: 40', '```', 'A pier.');
      assert.equal(marked(lines, settingPlace(lines, s, 'seconds')), '40');
      assert.equal(marked(lines, settingPlace(lines, s, 'model')), 'doubao-seedance-1-5-pro');
      assert.equal(marked(lines, settingPlace(lines, s, 'size')), '## Harbour');
      const check = requestCheck(
        lines,
        s,
        { field: 'seconds', message: 'seconds must be between 4 and 12' },
        { imageModel: 'doubao-seedance-2-0', modelTakesImages: false },
        WORDS,
      );
      assert.deepEqual(
        { severity: check.severity, code: check.code, at: marked(lines, check), fix: check.fix },
        { severity: 'error', code: 'request.seconds', at: '40', fix: undefined },
        'only an image refused by its model gets a fix',
      );
      const prompt = requestCheck(
        lines,
        s,
        { field: 'prompt', message: 'too long' },
        { modelTakesImages: true },
        WORDS,
      );
      assert.equal(marked(lines, prompt), '## Harbour');
    });

    it('an image a model cannot take: the fix names a model that takes images, on its line or a new one', () => {
      const written = scene('```seedance', 'model: doubao-seedance-1-5-pro', 'image: shots/a.png', '```', 'A pier.');
      const issue = { field: 'image', message: 'image is only accepted by …' };
      const ctx = { imageModel: 'doubao-seedance-2-0', modelTakesImages: false };
      const onLine = requestCheck(written.lines, written.s, issue, ctx, WORDS);
      assert.equal(marked(written.lines, onLine), 'shots/a.png');
      assert.equal(onLine.fix?.title, 'use doubao-seedance-2-0');
      assert.deepEqual(fixed(written.lines, onLine).slice(4, 7), [
        '```seedance',
        'model: doubao-seedance-2-0',
        'image: shots/a.png',
      ]);
      // The model came from the person's default: a line is added to the block.
      const unset = scene('```seedance', 'image: shots/a.png', '```', 'A pier.');
      const added = requestCheck(unset.lines, unset.s, issue, ctx, WORDS);
      assert.deepEqual(fixed(unset.lines, added).slice(4, 7), [
        '```seedance',
        'model: doubao-seedance-2-0',
        'image: shots/a.png',
      ]);
      // An image problem of another kind (a missing file) is no model's to fix.
      assert.equal(
        requestCheck(written.lines, written.s, issue, { ...ctx, modelTakesImages: true }, WORDS).fix,
        undefined,
      );
    });
  });

  describe('the provider’s prompt guidance', () => {
    const checks = (body: string[], seconds = 15, images = 0) => {
      const { lines, s } = scene(...body);
      return { lines, found: promptChecks(lines, s, { seconds, images }, WORDS) };
    };

    it('time ranges leading lines are a warning; the fix writes shot labels in their order', () => {
      const { lines, found } = checks([
        '0-5s: wide shot of the harbour.',
        '[00:05–00:10] the keeper turns.',
        '- (10s - 15s) boats leave.',
        '2-3 people wave from the pier.',
        'At 5s nothing is a label.',
      ]);
      const [stamps] = found;
      assert.equal(stamps.code, 'prompt.timestamps');
      assert.equal(stamps.severity, 'warning');
      assert.equal(stamps.message, 'timestamps 3');
      assert.equal(marked(lines, stamps), '0-5s:');
      assert.deepEqual(fixed(lines, stamps).slice(4, 9), [
        'Shot 1: wide shot of the harbour.',
        'Shot 2: the keeper turns.',
        '- Shot 3: boats leave.',
        '2-3 people wave from the pier.',
        'At 5s nothing is a label.',
      ]);
      assert.deepEqual(checks(['2-3 people wave.', 'A 10-15 minute walk.']).found, []);
    });

    it('more shots than the clip holds (about one per 5 s) is a warning on the first one too many', () => {
      const body = ['Shot 1: the harbour.', 'Shot 2: the keeper.', 'Shot 3: the boats.', 'Shot 4: the night.'];
      assert.deepEqual(checks(body, 15).found, [
        {
          severity: 'warning',
          code: 'prompt.shots',
          message: 'shots 4 in 15, about 3',
          line: 7,
          start: 0,
          end: 'Shot 4: the night.'.length,
        },
      ]);
      assert.deepEqual(checks(body.slice(0, 3), 15).found, [], 'three in 15 s');
      assert.equal(checks(body.slice(0, 2), 5).found[0]?.message, 'shots 2 in 5, about 1');
      assert.deepEqual(checks(body.slice(0, 2), 6).found, [], 'two in 6 s');
      assert.equal(checks(['لقطة 1: الميناء.', 'لقطة 2: الحارس.'], 4).found[0]?.code, 'prompt.shots', 'Arabic labels');
      assert.equal(checks(['镜头1：港口。', '镜头2：守塔人。'], 4).found[0]?.code, 'prompt.shots', 'Chinese labels');
    });

    it('an [Image N] past the images sent is a warning on the reference itself', () => {
      const { lines, found } = checks(['[Image 1] walks toward [Image 2].'], 5, 1);
      assert.deepEqual(
        found.map((c) => [c.code, c.message, marked(lines, c)]),
        [['prompt.imageRef', 'image 2 of 1', '[Image 2]']],
      );
      assert.equal(checks(['[Image 1] walks.'], 5, 0).found[0]?.message, 'image 1 of 0');
      assert.deepEqual(checks(['[Image 1] walks toward [image 2].'], 5, 2).found, []);
    });
  });
});
