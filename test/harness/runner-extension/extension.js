// Test-only extension, installed next to the extension under test by the harness (never shipped).
// It runs the in-host mocha suites inside the real extension host, with the real `vscode` API,
// and writes their results as JSON where the launcher waits for them.
'use strict';
const fs = require('fs');

exports.activate = function activate() {
  const suites = process.env.SEEDANCE_HOST_TESTS;
  const resultsPath = process.env.SEEDANCE_HOST_RESULTS;
  if (!suites || !resultsPath) return;
  setTimeout(async () => {
    let results;
    try {
      results = await require(suites).runSuites();
    } catch (err) {
      results = { harnessError: String((err && err.stack) || err) };
    }
    fs.writeFileSync(`${resultsPath}.tmp`, JSON.stringify(results, null, 2));
    fs.renameSync(`${resultsPath}.tmp`, resultsPath);
  }, 0);
};

exports.deactivate = function deactivate() {};
