// A mocha reporter for the suites run in a child process (unit, MCP): it prints as `inner` does
// (spec or dot) and records every test's outcome for the repeat runner (testRecord.ts).
// mocha --reporter out/test/harness/recordingReporter.js --reporter-option inner=dot,kind=unit
import Mocha from 'mocha';
import { type SuiteKind, collect, writeRecord } from './testRecord';

type ReporterOptions = { reporterOption?: { inner?: string; kind?: SuiteKind } };

class RecordingReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options: ReporterOptions & Mocha.MochaOptions) {
    super(runner, options);
    const inner = options.reporterOption?.inner === 'dot' ? Mocha.reporters.Dot : Mocha.reporters.Spec;
    new inner(runner, options);
    const kind = options.reporterOption?.kind;
    const record = collect(runner);
    if (kind) runner.once('end', () => writeRecord(kind, record.outcomes()));
  }
}

export = RecordingReporter;
