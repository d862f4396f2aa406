// File names in any script: the prompt's words kept, whole; valid everywhere; never too long.
import assert from 'node:assert/strict';
import { videoFileName } from '../../src/jobs/fileName';

const name = (prompt: string, model = 'doubao-seedance-2-0-fast') =>
  videoFileName({ prompt, model, id: 'task_0123456789abcdef4f9c2a' });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('video file names', () => {
  it('English: the first words, lower case, with the model and the task', () => {
    assert.equal(
      name('A slow cinematic camera push across a coastal landscape at sunrise'),
      'a-slow-cinematic-camera-push-across-a-coastal-2-0-fast-4f9c2a.mp4',
    );
  });

  it('Arabic: the words are kept (they were dropped before)', () => {
    assert.equal(
      name('ثعلب يركض في الثلج، لقطة تتبع منخفضة'),
      'ثعلب-يركض-في-الثلج-لقطة-تتبع-منخفضة-2-0-fast-4f9c2a.mp4',
    );
  });

  it('Arabic with diacritics keeps the marks on their letters', () => {
    assert.equal(name('قِطَّةٌ تَلْعَبُ'), `${'قِطَّةٌ تَلْعَبُ'.normalize('NFC').replace(' ', '-')}-2-0-fast-4f9c2a.mp4`);
  });

  it('Chinese (no spaces): cut between characters, within the budget', () => {
    const n = name('一只狐狸在清晨的雪地里奔跑，低角度跟拍镜头，阳光穿过松林洒在雪面上形成金色的光斑与长长的影子');
    assert.match(n, /^一只狐狸在清晨的雪地里奔跑/);
    assert.ok(bytes(n) <= 255);
  });

  it('accented Latin keeps its accents', () => {
    assert.equal(name('Café crème à Montréal'), 'café-crème-à-montréal-2-0-fast-4f9c2a.mp4');
  });

  it('emoji only: "video"', () => {
    assert.equal(name('🎬🦊❄️'), 'video-2-0-fast-4f9c2a.mp4');
  });

  it('Windows-reserved words as the whole slug are made safe', () => {
    assert.equal(name('CON'), 'con-video-2-0-fast-4f9c2a.mp4');
    assert.equal(name('aux'), 'aux-video-2-0-fast-4f9c2a.mp4');
    assert.equal(
      name('con air over the city'),
      'con-air-over-the-city-2-0-fast-4f9c2a.mp4',
      'only a whole reserved name is',
    );
  });

  it('no character Windows, macOS or Linux refuses, and no trailing dot or space', () => {
    const n = name('What? <a/b> "c:d" | e*f \\ g. . .', 'vendor:model/v2.');
    assert.doesNotMatch(n, /[<>:"/\\|?*]/);
    assert.ok(
      [...n].every((c) => c.charCodeAt(0) >= 32),
      'no control character',
    );
    assert.doesNotMatch(n.replace(/\.mp4$/, ''), /[. ]$/);
    assert.equal(n, 'what-a-b-c-d-e-f-g-vendor-model-v2-4f9c2a.mp4');
  });

  it('a very long prompt: whole words, well under 255 bytes of UTF-8', () => {
    const long = 'panorama '.repeat(100) + 'ثعلب '.repeat(200);
    const n = name(long);
    assert.ok(bytes(n) <= 255, `${bytes(n)} bytes`);
    assert.match(n, /^(panorama-)+panorama-2-0-fast-4f9c2a\.mp4$/, 'cut on a whole word');
    const arabic = name('ثعلب '.repeat(200));
    assert.ok(bytes(arabic) <= 255);
    assert.match(arabic, /^(ثعلب-)+ثعلب-2-0-fast/);
  });
});
