// Backoff arithmetic and Retry-After parsing.
import assert from 'node:assert/strict';
import { backoffDelay, parseRetryAfter } from '../../src/api';

describe('backoff and Retry-After', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

  it('doubles per retry, with jitter in the upper half, up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0)),
      [500, 1000, 2000, 4000, 4000],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1)),
      [1000, 2000, 4000, 8000, 8000],
    );
  });

  it('reads Retry-After in seconds, fractional too', () => {
    assert.equal(parseRetryAfter({ 'retry-after': '5' }), 5000);
    assert.equal(parseRetryAfter({ 'retry-after': '0.25' }), 250);
  });

  it('reads Retry-After as an HTTP date, and a past date as now', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 10:00:30 GMT' }, now), 30_000);
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 09:00:00 GMT' }, now), 0);
  });

  it('prefers retry-after-ms, and ignores what it cannot read', () => {
    assert.equal(parseRetryAfter({ 'retry-after-ms': '120', 'retry-after': '9' }), 120);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }), undefined);
    assert.equal(parseRetryAfter({}), undefined);
  });
});
