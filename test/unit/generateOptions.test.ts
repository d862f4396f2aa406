// A command's argument is parsed, never trusted: only a plain object of known options can make
// Generate Video run without asking, and a wrong one is refused naming the field.
import assert from 'node:assert/strict';
import { BUILT_IN_CATALOG, ValidationError } from '../../src/api';
import { parseCommandArgument } from '../../src/commands/generateOptions';

const parse = (arg: unknown) => parseCommandArgument(arg, BUILT_IN_CATALOG);

function refused(arg: unknown): ValidationError {
  try {
    parse(arg);
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  throw new Error('expected the argument to be refused');
}

describe('Generate Video command arguments', () => {
  it('takes nothing, a URI-like class instance, an array, a string or a number for "ask everything"', () => {
    class Uri {
      scheme = 'file';
      path = '/w/script.md';
    }
    for (const arg of [undefined, null, new Uri(), [{ prompt: 'x', model: 'doubao-seedance-2-0' }], 'prompt', 42]) {
      assert.deepEqual(parse(arg), { kind: 'none' }, JSON.stringify(arg));
    }
  });

  it('never takes a row of the Videos view (the focused row a title-bar button receives) for options', () => {
    const row = {
      id: 'task_1',
      prompt: 'a row',
      model: 'doubao-seedance-2-0',
      phase: 'done',
      task: { state: 'succeeded' },
      submittedAt: 1,
      pollingSince: 1,
    };
    assert.deepEqual(parse(row), { kind: 'none' });
    // The view's own rows (views/jobTree.ts): a job's, and a script's group.
    assert.deepEqual(parse({ kind: 'job', id: 'task_1' }), { kind: 'none' });
    assert.deepEqual(parse({ kind: 'script', file: 'file:///w/film.md' }), { kind: 'none' });
  });

  it('takes a plain object of known options', () => {
    const options = {
      prompt: 'A boat',
      model: 'doubao-seedance-2-0-fast',
      seconds: '5',
      size: '9:16',
      resolution: '720p',
      images: ['/w/a.png'],
    };
    assert.deepEqual(parse(options), { kind: 'options', options });
  });

  it('refuses an unknown key, naming it and the known ones', () => {
    const err = refused({ prompt: 'x', model: 'doubao-seedance-2-0', duration: 5 });
    assert.equal(err.field, 'duration');
    assert.match(err.message, /unknown option "duration": the options are prompt, model, seconds/);
  });

  it('refuses an unknown model, naming the field', () => {
    const err = refused({ prompt: 'x', model: 'seedance-9' });
    assert.equal(err.field, 'model');
    assert.match(err.message, /model must be one of doubao-seedance-2-0, .* \(got "seedance-9"\)/);
  });

  it('refuses a value of the wrong type, naming the field', () => {
    assert.equal(refused({ prompt: 'x', model: 'doubao-seedance-2-0', seconds: true }).field, 'seconds');
    assert.equal(refused({ prompt: 42, model: 'doubao-seedance-2-0' }).field, 'prompt');
    assert.equal(refused({ images: 'a.png' }).field, 'images');
  });
});
