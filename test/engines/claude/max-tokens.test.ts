import { describe, expect, it } from 'vitest';
import { affordableMaxTokens, MIN_OUTPUT_TOKENS } from '../../../src/engines/claude/max-tokens.js';
import { PRICES } from '../../../src/engines/claude/prices.js';

const price = PRICES['claude-sonnet-5-5']!;

describe('affordableMaxTokens', () => {
  it('keeps the configured figure when the budget pays for it', () => {
    expect(affordableMaxTokens(1000, { maxOutputTokens: 8192, price }, 1)).toBe(8192);
  });

  it('lowers it to what the remaining dollars buy', () => {
    // $0.05 left, 1000 input tokens at worst $0.0025: $0.0475 buys 4750 output tokens.
    expect(affordableMaxTokens(1000, { maxOutputTokens: 8192, price }, 0.05)).toBe(4750);
  });

  it('never goes below the floor, nor above a smaller configured figure', () => {
    expect(affordableMaxTokens(1000, { maxOutputTokens: 8192, price }, 0.001)).toBe(
      MIN_OUTPUT_TOKENS,
    );
    expect(affordableMaxTokens(1000, { maxOutputTokens: 500, price }, 0.001)).toBe(500);
  });
});
