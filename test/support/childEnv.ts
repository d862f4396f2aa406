// The environment of a process a test starts: what the test gives it and PATH, nothing else of
// the test's own, except the mutation script's load recorder (scripts/mutate.ts) while it maps
// which tests reach which files: a file only a child process loads is still counted as covered.
export function childEnv(env: Record<string, string>): Record<string, string> {
  const recorder = process.env.SEEDANCE_MUTATE_LOADS;
  return {
    PATH: process.env.PATH ?? '',
    ...(recorder && { SEEDANCE_MUTATE_LOADS: recorder, NODE_OPTIONS: process.env.NODE_OPTIONS ?? '' }),
    ...env,
  };
}
