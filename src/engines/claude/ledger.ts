import type Anthropic from '@anthropic-ai/sdk';
import type { PipelineStage } from '../../core/stage.js';
import type { ModelCall } from '../../core/usage.js';
import { usageOf, usdOf, type BilledTokens, type ModelPrice } from './prices.js';

/**
 * Splits the API's usage into billed token counts. `input_tokens` excludes cached tokens; the
 * `cache_creation` breakdown (when present) tells 5-minute from 1-hour writes.
 *
 * @param usage The `usage` object of a Messages API response.
 */
export function billedTokensOf(usage: Anthropic.Usage): BilledTokens {
  const written = usage.cache_creation_input_tokens ?? 0;
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheWrite5mTokens: Math.max(0, written - oneHour),
    cacheWrite1hTokens: oneHour,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
  };
}

/**
 * One ledger entry.
 *
 * @param stage Stage that made the call (`draft`, or `critique` for a revision or the critic).
 * @param step What the call was for (`draft`, `revise`, `critic`, `batch`).
 * @param model Model id.
 * @param requestId The API's `request-id`, when given.
 * @param usage The response's usage.
 * @param price The model's price.
 * @param elapsedMs Wall time of the call, retries included, in milliseconds.
 */
export function modelCallOf(
  stage: PipelineStage,
  step: string,
  model: string,
  requestId: string | null,
  usage: Anthropic.Usage,
  price: ModelPrice,
  elapsedMs: number,
): ModelCall {
  const tokens = billedTokensOf(usage);
  return {
    stage,
    step,
    model,
    requestId,
    usage: usageOf(tokens, usdOf(tokens, price)),
    elapsedMs,
  };
}
