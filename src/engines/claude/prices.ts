import type { Usage } from '../../core/usage.js';

/** Dollars per million tokens of one model, before cache and batch multipliers. */
export interface ModelPrice {
  /** Uncached input tokens, USD per million. */
  inputPerMTok: number;
  /** Output tokens (thinking included), USD per million. */
  outputPerMTok: number;
  /** True when the figure was not read from Anthropic's own price list (see the comment). */
  assumed: boolean;
}

/** Model used when neither the topic nor `--model` names one. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** Day the prices below were last checked. */
export const PRICES_DATE = '2026-11-26';

/**
 * Multipliers of the input price, from Anthropic's prompt-caching and batch documentation (as
 * quoted in issue 7): a 5-minute cache write costs 1.25x input, a 1-hour write 2x, a cache read
 * 0.1x; the Message Batches API halves every figure.
 */
export const CACHE_WRITE_5M_MULTIPLIER = 1.25;
export const CACHE_WRITE_1H_MULTIPLIER = 2;
export const CACHE_READ_MULTIPLIER = 0.1;
export const BATCH_MULTIPLIER = 0.5;

/**
 * The price table: the one place prices live. Checked on {@link PRICES_DATE}.
 *
 * - sonnet 5.5 and opus 5.5: Anthropic's model pages and issue 7 ($2/$10 and $4/$20).
 * - haiku 5.5: Anthropic's model page lists "from $0.10 / $0.50" for prompts up to 100,000
 *   tokens ($0.50 / $2.50 above). Our prompts stay far below 100k, so the lower tier is used;
 *   marked assumed because the long-context tier is not modelled.
 * - fable 5.2: ASSUMPTION. Only a reseller page quoting "Anthropic's list price" ($8 / $40) was
 *   found, not Anthropic's own page; verify before relying on it.
 */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-sonnet-5-5': { inputPerMTok: 2, outputPerMTok: 10, assumed: false },
  'claude-opus-5-5': { inputPerMTok: 4, outputPerMTok: 20, assumed: false },
  'claude-haiku-5-5': { inputPerMTok: 0.1, outputPerMTok: 0.5, assumed: true },
  'claude-fable-5-2': { inputPerMTok: 8, outputPerMTok: 40, assumed: true },
};

/** Token counts of one call, split the way they are billed. */
export interface BilledTokens {
  /** Uncached input tokens (the API's `input_tokens`, which excludes cache reads and writes). */
  inputTokens: number;
  outputTokens: number;
  /** Tokens written to a 5-minute cache entry. */
  cacheWrite5mTokens: number;
  /** Tokens written to a 1-hour cache entry. */
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
}

/**
 * Returns the price of a model.
 *
 * @param model Model id, e.g. `claude-sonnet-5-5`. A dated variant (`claude-sonnet-5-5-20261101`)
 *   takes the price of its base id.
 * @returns The price, or undefined for a model the table does not know.
 */
export function priceOf(model: string): ModelPrice | undefined {
  const exact = PRICES[model];
  if (exact) return exact;
  const base = model.replace(/-\d{8}$/, '');
  return PRICES[base];
}

/**
 * Dollars of one call.
 *
 * @param tokens Billed token counts.
 * @param price The model's price ({@link priceOf}).
 * @param batch True for a Message Batches call (half price). Default false.
 */
export function usdOf(tokens: BilledTokens, price: ModelPrice, batch = false): number {
  const input = price.inputPerMTok / 1e6;
  const output = price.outputPerMTok / 1e6;
  const usd =
    tokens.inputTokens * input +
    tokens.cacheWrite5mTokens * input * CACHE_WRITE_5M_MULTIPLIER +
    tokens.cacheWrite1hTokens * input * CACHE_WRITE_1H_MULTIPLIER +
    tokens.cacheReadTokens * input * CACHE_READ_MULTIPLIER +
    tokens.outputTokens * output;
  return batch ? usd * BATCH_MULTIPLIER : usd;
}

/**
 * The most a call can cost: every input token billed as a 5-minute cache write (the dearest way
 * a prompt with our breakpoints is billed) and the whole `max_tokens` produced.
 *
 * @param inputTokens Estimated input tokens of the request.
 * @param maxOutputTokens The request's `max_tokens`.
 * @param price The model's price.
 */
export function worstCaseUsdOf(
  inputTokens: number,
  maxOutputTokens: number,
  price: ModelPrice,
): number {
  return (
    (inputTokens * price.inputPerMTok * CACHE_WRITE_5M_MULTIPLIER +
      maxOutputTokens * price.outputPerMTok) /
    1e6
  );
}

/** Converts billed tokens and their dollars into the pipeline's {@link Usage}. */
export function usageOf(tokens: BilledTokens, usd: number): Usage {
  return {
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    cacheReadTokens: tokens.cacheReadTokens,
    cacheWriteTokens: tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens,
    usd,
  };
}
