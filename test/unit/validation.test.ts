// Request validation: what a person is told before anything is sent.
import assert from 'node:assert/strict';
import { MODELS, RESOLUTIONS, SIZES, ValidationError, validateRequest } from '../../src/api';
import { fixture } from '../support/paths';
import { rejection } from '../support/sim';

const base = { prompt: 'A lighthouse at dawn', model: 'doubao-seedance-2-0' };

async function refused(input: object): Promise<ValidationError> {
  const err = await rejection<ValidationError>(validateRequest(input));
  assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${err}`);
  return err;
}

describe('request validation', () => {
  it('fills the documented defaults: 5 s, 16:9, 720p', async () => {
    const req = await validateRequest(base);
    assert.deepEqual(req, { ...base, seconds: 5, size: '16:9', resolution: '720p' });
  });

  it('trims the prompt but keeps its inner lines', async () => {
    const req = await validateRequest({ ...base, prompt: '\n  Scene one.\nScene two.  \n' });
    assert.equal(req.prompt, 'Scene one.\nScene two.');
  });

  it('refuses a blank prompt, naming the field', async () => {
    const err = await refused({ ...base, prompt: '  \n ' });
    assert.equal(err.field, 'prompt');
    assert.match(err.message, /prompt must contain some text \(got an empty prompt\)/);
  });

  it('refuses an unknown model and lists the known ones', async () => {
    const err = await refused({ ...base, model: 'seedance-3' });
    assert.equal(err.field, 'model');
    assert.match(err.message, /model must be one of doubao-seedance-2-0, .*doubao-seedance-1-0-pro \(got "seedance-3"\)/);
  });

  for (const model of MODELS) {
    const { min, max } = model.seconds;
    describe(`${model.id} seconds ${min}–${max}`, () => {
      for (const s of [min, max]) {
        it(`accepts ${s}`, async () => {
          assert.equal((await validateRequest({ ...base, model: model.id, seconds: s })).seconds, s);
        });
      }
      for (const s of [min - 1, max + 1]) {
        it(`refuses ${s} with the allowed range in the message`, async () => {
          const err = await refused({ ...base, model: model.id, seconds: s });
          assert.equal(err.field, 'seconds');
          assert.equal(err.message, `seconds must be between ${min} and ${max} for ${model.id} (got ${s})`);
        });
      }
    });

    for (const resolution of RESOLUTIONS) {
      const allowed = model.resolutions.includes(resolution);
      it(`${allowed ? 'accepts' : 'refuses'} ${resolution} for ${model.id}`, async () => {
        if (allowed) {
          assert.equal((await validateRequest({ ...base, model: model.id, resolution })).resolution, resolution);
        } else {
          const err = await refused({ ...base, model: model.id, resolution });
          assert.equal(err.field, 'resolution');
          assert.match(err.message, new RegExp(`resolution must be .* for ${model.id} \\(got "${resolution}"\\)`));
        }
      });
    }
  }

  it('accepts seconds given as a numeric string (keybindings, tasks)', async () => {
    assert.equal((await validateRequest({ ...base, seconds: '7' })).seconds, 7);
  });

  it('refuses fractional and non-numeric seconds', async () => {
    assert.match((await refused({ ...base, seconds: 5.5 })).message, /whole number .* \(got 5.5\)/);
    assert.match((await refused({ ...base, seconds: 'five' })).message, /seconds must be a whole number \(got "five"\)/);
  });

  it('accepts every documented aspect ratio and refuses others', async () => {
    for (const size of SIZES) assert.equal((await validateRequest({ ...base, size })).size, size);
    const err = await refused({ ...base, size: '2:1' });
    assert.equal(err.message, 'size must be one of 21:9, 16:9, 4:3, 1:1, 3:4 or 9:16 (got "2:1")');
  });

  it('reports every problem at once', async () => {
    const err = await refused({ ...base, seconds: 99, size: 'wide', resolution: '4k' });
    assert.deepEqual(err.issues.map((i) => i.field), ['seconds', 'size', 'resolution']);
  });

  describe('reference image', () => {
    for (const [file, mime] of [
      ['sample.jpg', 'image/jpeg'],
      ['sample.png', 'image/png'],
      ['sample.webp', 'image/webp'],
    ] as const) {
      it(`recognises ${file} as ${mime} by its bytes`, async () => {
        const req = await validateRequest({ ...base, image: fixture('images', file) });
        assert.equal(req.image?.mime, mime);
        assert.equal(req.image?.name, file);
        assert.ok((req.image?.size ?? 0) > 0);
      });
    }

    it('goes by the bytes when the extension lies about a real image', async () => {
      const req = await validateRequest({ ...base, image: fixture('images', 'actually-png.jpg') });
      assert.equal(req.image?.mime, 'image/png');
    });

    it('refuses a text file named .png, naming the file', async () => {
      const err = await refused({ ...base, image: fixture('images', 'not-an-image.png') });
      assert.equal(err.field, 'image');
      assert.match(err.message, /image "not-an-image\.png" is not a JPEG, PNG or WebP image/);
    });

    it('refuses a missing file, saying so', async () => {
      const err = await refused({ ...base, image: fixture('images', 'missing.jpg') });
      assert.match(err.message, /image "missing\.jpg" cannot be read: it does not exist/);
    });

    it('refuses a folder', async () => {
      const err = await refused({ ...base, image: fixture('images') });
      assert.match(err.message, /cannot be read: it is a folder/);
    });

    for (const model of MODELS.filter((m) => !m.acceptsImage)) {
      it(`refuses an image for ${model.id} (text-to-video only)`, async () => {
        const err = await refused({ ...base, model: model.id, image: fixture('images', 'sample.jpg') });
        assert.equal(err.field, 'image');
        assert.equal(
          err.message,
          `image is only accepted by doubao-seedance-2-0 or doubao-seedance-2-0-fast (got an image for ${model.id})`,
        );
      });
    }
  });
});
