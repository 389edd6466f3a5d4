import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL,
  priceOf,
  PRICES,
  PRICES_DATE,
  usdOf,
  worstCaseUsdOf,
} from '../../../src/engines/claude/prices.js';

describe('prices', () => {
  it('has the issue’s prices and a default model with a price', () => {
    expect(PRICES['claude-sonnet-5-5']).toMatchObject({ inputPerMTok: 2, outputPerMTok: 10 });
    expect(PRICES['claude-opus-5-5']).toMatchObject({ inputPerMTok: 4, outputPerMTok: 20 });
    expect(priceOf(DEFAULT_MODEL)).toBeDefined();
    expect(PRICES_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('prices a dated variant like its base id and knows nothing else', () => {
    expect(priceOf('claude-opus-5-5-20261101')).toBe(PRICES['claude-opus-5-5']);
    expect(priceOf('gpt-9')).toBeUndefined();
  });

  it('bills cache writes at 1.25x/2x, reads at the model’s own price (0.05x on sonnet 5.5) and batches at half', () => {
    const price = PRICES['claude-sonnet-5-5']!;
    const one = (field: string) => ({
      inputTokens: 0,
      outputTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      cacheReadTokens: 0,
      [field]: 1_000_000,
    });
    expect(usdOf(one('inputTokens'), price)).toBeCloseTo(2, 10);
    expect(usdOf(one('outputTokens'), price)).toBeCloseTo(10, 10);
    expect(usdOf(one('cacheWrite5mTokens'), price)).toBeCloseTo(2.5, 10);
    expect(usdOf(one('cacheWrite1hTokens'), price)).toBeCloseTo(4, 10);
    expect(usdOf(one('cacheReadTokens'), price)).toBeCloseTo(0.1, 10);
    expect(usdOf(one('outputTokens'), price, true)).toBeCloseTo(5, 10);
  });

  it('takes the worst case as all input written to cache plus all of max_tokens', () => {
    expect(worstCaseUsdOf(10_000, 8192, PRICES['claude-sonnet-5-5']!)).toBeCloseTo(
      (10_000 * 2 * 1.25 + 8192 * 10) / 1e6,
      12,
    );
  });
});
