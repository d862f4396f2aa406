// What a 429 means for a queue of paid jobs: a pause (the provider's rate or its limit of jobs
// rendering at once, cured by waiting) or a quota (a 5-hour, daily, weekly or monthly allowance
// used up, which no retry soon will cure). Gateways word the second in their message or code;
// this is the one place that reads those words.
import type { SeedanceApiError } from './errors';

const QUOTA = /\b(quota|usage limit|allowance)\b|\b(\d+[- ]?hours?|hourly|daily|weekly|monthly)\b[^.]{0,40}\blimit\b/i;

/** The provider's own words naming a used-up quota, when a 429 is about one; undefined for a plain rate limit. */
export function quotaNamed(err: SeedanceApiError): string | undefined {
  if (err.kind !== 'rate-limited') return undefined;
  const said = [err.code, err.providerMessage].filter(Boolean).join(': ');
  if (!QUOTA.test(said)) return undefined;
  return said.length > 200 ? `${said.slice(0, 199)}…` : said;
}
