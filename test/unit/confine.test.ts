// The one rule for what lies inside a folder (src/api/confine.ts): the folder itself and what is
// under it, never a folder above it or beside it, whatever the names look like.
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside, resolveReal } from '../../src/api/confine';
import { useTempDir } from '../support/sim';

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

describe('the real path of a file that may not exist yet', () => {
  const dir = useTempDir();

  it('resolves through the links of its nearest folder that exists (a download not yet written)', async () => {
    await mkdir(join(dir.path, 'elsewhere'));
    await symlink(join(dir.path, 'elsewhere'), join(dir.path, 'videos'));
    assert.equal(
      await resolveReal(join(dir.path, 'videos', 'new', 'clip.mp4')),
      join(dir.path, 'elsewhere', 'new', 'clip.mp4'),
    );
  });

  it('a path none of whose folders exist resolves from the top, unchanged', async () => {
    assert.equal(await resolveReal('/no-such-top-folder-here/a/b.png'), '/no-such-top-folder-here/a/b.png');
  });

  it('a path that cannot be read is an error, not a guess', async () => {
    await assert.rejects(resolveReal(join(dir.path, 'x\0y')));
  });
});
