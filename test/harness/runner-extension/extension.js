// Test-only extension, installed next to the extension under test by the harness (never shipped).
// It runs the in-host mocha suites inside the real extension host, with the real `vscode` API,
// and writes their results as JSON where the launcher waits for them.
'use strict';
const fs = require('fs');

exports.activate = function activate(context) {
  const suites = process.env.SEEDANCE_HOST_TESTS;
  const resultsPath = process.env.SEEDANCE_HOST_RESULTS;
  // Once per session: a window reload activates this again, and must not re-run the suites.
  if (!suites || !resultsPath || fs.existsSync(resultsPath)) return;
  setTimeout(async () => {
    let results;
    try {
      // Suites get this extension's context (a real workspaceState, for the in-host benchmark).
      results = await require(suites).runSuites({ context });
    } catch (err) {
      results = { harnessError: String((err && err.stack) || err) };
    }
    fs.writeFileSync(`${resultsPath}.tmp`, JSON.stringify(results, null, 2));
    fs.renameSync(`${resultsPath}.tmp`, resultsPath);
  }, 0);
};

exports.deactivate = function deactivate() {};
