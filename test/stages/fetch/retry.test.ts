import { describe, expect, it } from 'vitest';
import {
  backoffMsOf,
  isRetryableCode,
  isRetryableStatus,
  retryAfterMsOf,
} from '../../../src/stages/fetch/retry.js';

describe('retry policy', () => {
  it('retries 408, 429 and 5xx except 501 and 505; not 4xx', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 501, 505].some(isRetryableStatus)).toBe(false);
  });
  it('retries resets and refusals, not timeouts or unknown hosts', () => {
    expect(isRetryableCode('ECONNRESET')).toBe(true);
    expect(isRetryableCode('ECONNREFUSED')).toBe(true);
    expect(isRetryableCode('UND_ERR_HEADERS_TIMEOUT')).toBe(false);
    expect(isRetryableCode('ENOTFOUND')).toBe(false);
    expect(isRetryableCode(undefined)).toBe(false);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(retryAfterMsOf('3', now)).toBe(3000);
    expect(retryAfterMsOf('Thu, 26 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMsOf('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMsOf('soon', now)).toBeNull();
    expect(retryAfterMsOf(undefined, now)).toBeNull();
  });
  it('caps Retry-After and backoff at maxMs, just under and over the cap', () => {
    const options = { baseMs: 500, maxMs: 10_000 };
    expect(backoffMsOf(1, 9_999, options)).toBe(9_999);
    expect(backoffMsOf(1, 3_600_000, options)).toBe(10_000);
    expect(backoffMsOf(10, null, options, () => 0.999)).toBeLessThanOrEqual(10_000);
  });
  it('grows exponentially with jitter between half and all of the ceiling', () => {
    const options = { baseMs: 500, maxMs: 10_000 };
    expect(backoffMsOf(1, null, options, () => 0)).toBe(250);
    expect(backoffMsOf(1, null, options, () => 0.999)).toBe(500);
    expect(backoffMsOf(2, null, options, () => 0)).toBe(500);
    expect(backoffMsOf(3, null, options, () => 0.5)).toBe(1500);
  });
});
