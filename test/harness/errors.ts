// A failure of the harness itself (VS Code did not start, an install failed, a timeout): reported
// as such and never confused with, or counted as, a test result.
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
}
