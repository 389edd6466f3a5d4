import type { Usage } from '../../core/usage.js';
import { MODELS, MODELS_DATE, modelSpecOf, type ModelPrice } from './models.js';

export { DEFAULT_MODEL, type ModelPrice } from './models.js';

/** Day the prices were last checked (those of the model table, `models.ts`). */
export const PRICES_DATE = MODELS_DATE;

/** The Message Batches API halves every figure (pricing page, "Batch processing"). */
export const BATCH_MULTIPLIER = 0.5;

/**
 * The price of each model, from the model table (`models.ts`): the one place prices live.
 * Cache writes and reads are priced per model, not as one multiplier for all.
 */
export const PRICES: Readonly<Record<string, ModelPrice>> = Object.fromEntries(
  Object.entries(MODELS).map(([id, spec]) => [id, spec.price]),
);

/** Token counts of one call, split the way they are billed. */
export interface BilledTokens {
  /** Uncached input tokens (the API's `input_tokens`, which excludes cache reads and writes). */
  inputTokens: number;
  /** Output tokens, thinking included. */
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
  return modelSpecOf(model)?.price;
}

/**
 * Dollars of one call, each kind of token at the model's own price.
 *
 * @param tokens Billed token counts.
 * @param price The model's price ({@link priceOf}).
 * @param batch True for a Message Batches call (half price). Default false.
 */
export function usdOf(tokens: BilledTokens, price: ModelPrice, batch = false): number {
  const usd =
    (tokens.inputTokens * price.inputPerMTok +
      tokens.cacheWrite5mTokens * price.cacheWrite5mPerMTok +
      tokens.cacheWrite1hTokens * price.cacheWrite1hPerMTok +
      tokens.cacheReadTokens * price.cacheReadPerMTok +
      tokens.outputTokens * price.outputPerMTok) /
    1e6;
  return batch ? usd * BATCH_MULTIPLIER : usd;
}

/**
 * The most a call can cost: every input token billed as a 5-minute cache write (the dearest way
 * a prompt with our breakpoints is billed) and the whole `max_tokens` produced, thinking
 * included (thinking counts toward `max_tokens` and is billed as output).
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
  const inputPerMTok = Math.max(price.inputPerMTok, price.cacheWrite5mPerMTok);
  return (inputTokens * inputPerMTok + maxOutputTokens * price.outputPerMTok) / 1e6;
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
