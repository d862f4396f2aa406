// Loaded by mocha (--require) when the mutation script maps which unit test files load which
// compiled source files: at exit, writes the loaded out/src files to SEEDANCE_MUTATE_LOADS.
import { writeFileSync } from 'node:fs';

const target = process.env.SEEDANCE_MUTATE_LOADS;
if (target)
  process.on('exit', () => {
    const loaded = Object.keys(require.cache).filter((f) => /[\\/]out[\\/]src[\\/]/.test(f));
    writeFileSync(target, JSON.stringify(loaded));
  });
