// Request validation: what a person is told before anything is sent.
import assert from 'node:assert/strict';
import {
  BUILT_IN_MODELS,
  MAX_IMAGES,
  ModelCatalog,
  RESOLUTIONS,
  SIZES,
  ValidationError,
  parseCustomModels,
  validateRequest,
} from '../../src/api';
import { MAX_REFERENCE_IMAGES } from '../simulator/contract';
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
    assert.deepEqual(req, { ...base, seconds: 5, size: '16:9', resolution: '720p', images: [] });
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
    assert.match(
      err.message,
      /model must be one of doubao-seedance-2-0, .*doubao-seedance-1-0-pro \(got "seedance-3"\)/,
    );
  });

  for (const model of BUILT_IN_MODELS) {
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
    assert.match(
      (await refused({ ...base, seconds: 'five' })).message,
      /seconds must be a whole number \(got "five"\)/,
    );
  });

  it('accepts every documented aspect ratio and refuses others', async () => {
    for (const size of SIZES) assert.equal((await validateRequest({ ...base, size })).size, size);
    const err = await refused({ ...base, size: '2:1' });
    assert.equal(
      err.message,
      'size must be one of 21:9, 16:9, 4:3, 1:1, 3:4 or 9:16, or an exact size such as 1280x720 (got "2:1")',
    );
  });

  it('reports every problem at once', async () => {
    const err = await refused({ ...base, seconds: 99, size: 'wide', resolution: '4k' });
    assert.deepEqual(
      err.issues.map((i) => i.field),
      ['seconds', 'size', 'resolution'],
    );
  });

  describe('reference image', () => {
    for (const [file, mime] of [
      ['sample.jpg', 'image/jpeg'],
      ['sample.png', 'image/png'],
      ['sample.webp', 'image/webp'],
    ] as const) {
      it(`recognises ${file} as ${mime} by its bytes`, async () => {
        const req = await validateRequest({ ...base, image: fixture('images', file) });
        assert.equal(req.images[0].mime, mime);
        assert.equal(req.images[0].name, file);
        assert.ok(req.images[0].size > 0);
      });
    }

    it('goes by the bytes when the extension lies about a real image', async () => {
      const req = await validateRequest({ ...base, image: fixture('images', 'actually-png.jpg') });
      assert.equal(req.images[0].mime, 'image/png');
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

    for (const model of BUILT_IN_MODELS.filter((m) => !m.acceptsImage)) {
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

  describe('several reference images', () => {
    const img = (f: string) => fixture('images', f);

    it('keeps their order, image and images together', async () => {
      const req = await validateRequest({
        ...base,
        image: img('sample.png'),
        images: [img('sample.jpg'), img('sample.webp')],
      });
      assert.deepEqual(
        req.images.map((i) => i.name),
        ['sample.png', 'sample.jpg', 'sample.webp'],
      );
    });

    it(`refuses more than ${MAX_IMAGES}, before reading any of them`, async () => {
      const err = await refused({ ...base, images: Array.from({ length: MAX_IMAGES + 1 }, () => img('missing.jpg')) });
      assert.equal(err.field, 'images');
      assert.equal(err.message, `at most ${MAX_IMAGES} reference images can be sent (got ${MAX_IMAGES + 1})`);
    });

    it('at the provider’s limit exactly: 9 are sent, 10 refused (the limit as the contract reads it, not the catalog’s)', async () => {
      assert.equal(MAX_REFERENCE_IMAGES, 9);
      const nine = await validateRequest({ ...base, images: Array.from({ length: 9 }, () => img('sample.png')) });
      assert.equal(nine.images.length, 9);
      const err = await refused({ ...base, images: Array.from({ length: 10 }, () => img('sample.png')) });
      assert.equal(err.message, 'at most 9 reference images can be sent (got 10)');
    });

    it('names which image is wrong by its place', async () => {
      const err = await refused({ ...base, images: [img('sample.png'), img('not-an-image.png')] });
      assert.match(err.message, /^\[Image 2\]: image "not-an-image\.png" is not a JPEG, PNG or WebP image/);
    });

    it('refuses a list that is not a list of paths', async () => {
      assert.match((await refused({ ...base, images: 'a.png' })).message, /images must be a list of file paths/);
    });
  });

  describe('exact sizes', () => {
    it('takes a WxH from the table and pins the resolution from it', async () => {
      const req = await validateRequest({ ...base, size: '720X1280' });
      assert.equal(req.size, '720x1280');
      assert.equal(req.resolution, '720p');
    });

    it('refuses a WxH that contradicts the resolution asked for', async () => {
      const err = await refused({ ...base, size: '864x496', resolution: '720p' });
      assert.equal(err.field, 'resolution');
      assert.match(err.message, /contradicts size 864x496, which is 480p/);
    });

    it('refuses a 1080p size for a model without 1080p', async () => {
      const err = await refused({ ...base, size: '1920x1080' });
      assert.equal(err.field, 'size');
      assert.match(err.message, /1920x1080 is a 1080p size, and doubao-seedance-2-0 renders 480p or 720p/);
    });
  });

  describe('models added in settings', () => {
    const seedance25 = {
      id: 'seedance-2-5',
      label: 'Seedance 2.5',
      minSeconds: 4,
      maxSeconds: 30,
      resolutions: ['480p', '720p'],
      acceptsImage: true,
      pricePerSecond: { '480p': 0.103, '720p': 0.231 },
    };

    it('validates a request for an added model like a built-in one', async () => {
      const { models, problems } = parseCustomModels([seedance25]);
      assert.deepEqual(problems, []);
      const catalog = new ModelCatalog(models);
      const req = await validateRequest(
        { prompt: 'p', model: 'seedance-2-5', seconds: 30, image: fixture('images', 'sample.png') },
        catalog,
      );
      assert.equal(req.seconds, 30);
      const err = await rejection<ValidationError>(
        validateRequest({ prompt: 'p', model: 'seedance-2-5', seconds: 31 }, catalog),
      );
      assert.equal(err.message, 'seconds must be between 4 and 30 for seedance-2-5 (got 31)');
      assert.match(
        (
          await rejection<ValidationError>(
            validateRequest({ prompt: 'p', model: 'seedance-2-5', resolution: '1080p' }, catalog),
          )
        ).message,
        /resolution must be 480p or 720p for seedance-2-5/,
      );
    });

    it('is unknown without the setting', async () => {
      assert.match((await refused({ prompt: 'p', model: 'seedance-2-5' })).message, /model must be one of/);
    });

    it('skips a broken entry with a reason naming it, and keeps the others', () => {
      const { models, problems } = parseCustomModels([
        { id: 'broken', minSeconds: 10, maxSeconds: 4, resolutions: ['480p'] },
        { id: 'typo', minSeconds: 4, maxSeconds: 8, resolutions: ['4k'] },
        seedance25,
      ]);
      assert.deepEqual(
        models.map((m) => m.id),
        ['seedance-2-5'],
      );
      assert.equal(problems.length, 2);
      assert.match(problems[0], /"broken" was skipped: minSeconds \(10\) is above maxSeconds \(4\)/);
      assert.match(problems[1], /"typo" was skipped: resolutions/);
    });

    it('reads one price for every resolution, or one each', () => {
      const [flat] = parseCustomModels([{ ...seedance25, pricePerSecond: 0.1 }]).models;
      assert.deepEqual(flat.pricePerSecond, { '480p': 0.1, '720p': 0.1 });
      const [each] = parseCustomModels([seedance25]).models;
      assert.deepEqual(each.pricePerSecond, { '480p': 0.103, '720p': 0.231 });
    });
  });
});
