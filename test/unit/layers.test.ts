// The layering of src/ is enforced by lint, not prose: a back-up import (jobs/ reaching into
// script/, the API layer importing vscode) fails `npm test`, and the real ESLint config applies
// the same rule to every folder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO_ROOT } from '../support/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const layers = require(join(REPO_ROOT, 'eslint.layers.cjs')) as { LAYERS: string[]; layerRules(): Linter.Config[] };

describe('the layering of src/, enforced by lint', function () {
  this.timeout(60_000);
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layers.layerRules()],
  });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, file) });
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('a planted import from jobs/ into script/ fails, naming what jobs/ may import', async () => {
    const messages = await lint(
      'src/jobs/planted.ts',
      "import type { SceneRef } from '../script/scenes';\nexport type Planted = SceneRef;\n",
    );
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /^no-restricted-imports: .*src\/jobs\/ may import only from api, pricing, common, auth/);
  });

  it('every folder is refused the folders after it and allowed the ones before it', async () => {
    const { LAYERS } = layers;
    for (const [i, layer] of LAYERS.entries()) {
      for (const [j, other] of LAYERS.entries()) {
        if (other === layer) continue;
        const messages = await lint(`src/${layer}/planted.ts`, `import '../${other}/x';\n`);
        assert.equal(messages.length, j > i ? 1 : 0, `${layer} → ${other}: ${messages.join('; ')}`);
      }
    }
  });

  it('what runs in plain Node (the API layer, the jobs, the planning path, the prices) cannot import vscode', async () => {
    for (const file of [
      'src/api/planted.ts',
      'src/plan/plan.ts',
      'src/pricing/estimate.ts',
      'src/jobs/planted.ts',
      'src/jobs/folderModel.ts',
    ]) {
      const messages = await lint(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n");
      assert.match(messages.join('\n'), /no vscode/, file);
    }
    // The files that talk to VS Code, named one by one (CONTRIBUTING.md's map says which).
    for (const file of ['src/plan/editorContext.ts', 'src/jobs/folderWatcher.ts', 'src/jobs/outputLocation.ts'])
      assert.deepEqual(await lint(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n"), [], file);
  });

  it('the project’s own ESLint config applies these rules', async () => {
    const real = new ESLint({ cwd: REPO_ROOT });
    const config = (await real.calculateConfigForFile(join(REPO_ROOT, 'src/jobs/job.ts'))) as Linter.Config;
    const expected = layers.layerRules().find((b) => b.files?.includes('src/jobs/**/*.ts'))!.rules![
      'no-restricted-imports'
    ];
    // ESLint reports the severity as a number (2: error).
    assert.deepEqual(config.rules?.['no-restricted-imports'], [2, ...(expected as unknown[]).slice(1)]);
  });
});
