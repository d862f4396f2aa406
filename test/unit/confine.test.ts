// The one rule for what lies inside a folder (src/api/confine.ts): the folder itself and what is
// under it, never a folder above it or beside it, whatever the names look like.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isInside } from '../../src/api/confine';

describe('inside a folder', () => {
  const root = join('/', 'home', 'ana', 'film');

  it('the folder itself and anything under it', () => {
    assert.equal(isInside(root, root), true);
    assert.equal(isInside(root, join(root, 'videos', 'a.mp4')), true);
  });

  it('never a folder above it, beside it, or one whose name merely starts the same', () => {
    assert.equal(isInside(root, join('/', 'home', 'ana')), false, 'its parent');
    assert.equal(isInside(root, '/'), false, 'the top');
    assert.equal(isInside(root, join('/', 'home', 'ana', 'film-private', 'a.png')), false, 'a sibling named alike');
    assert.equal(isInside(root, join(root, '..', 'other', 'a.png')), false, 'out and back in elsewhere');
  });

  it('a file whose name starts with two dots is still inside (it is not a way up)', () => {
    assert.equal(isInside(root, join(root, '..storyboard.png')), true);
    assert.equal(isInside(root, join(root, 'shots', '...')), true);
  });
});
