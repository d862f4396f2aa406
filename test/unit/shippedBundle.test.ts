// The shipped bundle holds no switch that hands the extension's internals out: the test API is
// compiled only into the build the harness packages for its own suites (SEEDANCE_TEST_BUILD).
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

/** src/extension.ts bundled and minified as esbuild.mjs does, with the constant set or not. */
async function bundle(forTests: boolean): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'src', 'extension.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    write: false,
    logLevel: 'silent',
    define: { SEEDANCE_TEST_BUILD: JSON.stringify(forTests) },
  });
  return result.outputFiles[0].text;
}

describe('the shipped bundle', function () {
  this.timeout(60_000);

  it('hands out no internals: the test API is not in it, only in the harness’s build', async () => {
    const [shipped, forTests] = await Promise.all([bundle(false), bundle(true)]);
    // `reactivate` is a member of the test API only.
    assert.ok(forTests.includes('reactivate'), 'the harness’s build has the test API');
    assert.ok(!shipped.includes('reactivate'), 'the shipped build has none of it');
    assert.ok(!shipped.includes('SEEDANCE_TEST'), 'and no switch by any name');
  });
});
