// The README's model table is generated from the catalog; this keeps them in step.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withModelTable } from '../../scripts/syncReadme';
import { REPO_ROOT } from '../support/paths';

describe('README', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

  it('lists the models exactly as the catalog has them (npm run sync-readme)', () => {
    assert.equal(readme, withModelTable(readme));
  });

  it('opens with the two set-up commands, and .ci/run runs the test one', () => {
    const commands = [...readme.matchAll(/^```(?:sh|bash)\n([^\n]+)\n```/gm)].map((m) => m[1]);
    assert.deepEqual(commands.slice(0, 2), ['npm ci && npm start', 'npm ci && npm test']);
    const ci = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    assert.match(ci, /^npm ci && npm test$/m);
  });
});
