// The layering of src/, enforced: each folder imports only from the folders before it, and what
// runs outside VS Code (the MCP server, the unit suite) never imports `vscode`. Shared by
// eslint.config.mjs and the unit test that plants a back-up import (test/unit/layers.test.ts).
'use strict';

/** Bottom to top. A folder may import from the ones before it, never from the ones after. */
const LAYERS = ['api', 'pricing', 'common', 'auth', 'jobs', 'plan', 'views', 'commands', 'script', 'tools', 'mcp'];

/** Folders, then single files, that must run in plain Node. */
const PLAIN_FOLDERS = ['api', 'jobs', 'mcp'];
/** The files of a plain-Node folder that talk to VS Code (CONTRIBUTING.md says which and why). */
const VSCODE_FILES = ['src/jobs/outputLocation.ts', 'src/jobs/folderWatcher.ts'];
const PLAIN_FILES = [
  'src/pricing/estimate.ts',
  'src/pricing/prices.ts',
  'src/pricing/dayBudget.ts',
  'src/plan/plan.ts',
  'src/plan/images.ts',
  'src/plan/submit.ts',
  'src/plan/requestShape.ts',
  'src/plan/imageHashes.ts',
  'src/views/jobLabels.ts',
];

function rule(layer, plain) {
  const at = LAYERS.indexOf(layer);
  const later = LAYERS.slice(at + 1);
  const patterns = [
    {
      group: [...later.flatMap((l) => [`../${l}`, `../${l}/*`]), '../extension'],
      message: `src/${layer}/ may import only from ${LAYERS.slice(0, at).join(', ') || 'itself'} (CONTRIBUTING.md, "Layout").`,
    },
  ];
  if (plain)
    patterns.push({
      group: ['vscode'],
      message: 'This runs in plain Node (the MCP server, the unit suite): no vscode.',
    });
  return { 'no-restricted-imports': ['error', { patterns }] };
}

/** Flat-config blocks: one per folder, then one per plain-Node file (the last block's options win). */
function layerRules() {
  return [
    ...LAYERS.map((layer) => ({ files: [`src/${layer}/**/*.ts`], rules: rule(layer, PLAIN_FOLDERS.includes(layer)) })),
    ...PLAIN_FILES.map((file) => ({ files: [file], rules: rule(file.split('/')[1], true) })),
    ...VSCODE_FILES.map((file) => ({ files: [file], rules: rule(file.split('/')[1], false) })),
  ];
}

module.exports = { LAYERS, layerRules };
