// Loaded into every Node process of a unit test file (NODE_OPTIONS --require) while the mutation
// script maps which test files load which compiled source files: at exit, each process (mocha and
// any server a test starts) writes the out/src files it loaded to `<SEEDANCE_MUTATE_LOADS>.<pid>.json`.
import { writeFileSync } from 'node:fs';

const target = process.env.SEEDANCE_MUTATE_LOADS;
if (target)
  process.on('exit', () => {
    const loaded = Object.keys(require.cache).filter((f) => /[\\/]out[\\/]src[\\/]/.test(f));
    writeFileSync(`${target}.${process.pid}.json`, JSON.stringify(loaded));
  });
