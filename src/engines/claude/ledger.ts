import type Anthropic from '@anthropic-ai/sdk';
import { BudgetExceededError, EngineError } from '../../core/errors.js';
import { addUsage, zeroUsage, type Usage } from '../../core/usage.js';
import type { ModelCall } from '../../stages/draft/types.js';
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
 * @param stage Stage that made the call (`draft` or `revise`).
 * @param model Model id.
 * @param requestId The API's `request-id`, when given.
 * @param usage The response's usage.
 * @param price The model's price.
 * @param elapsedMs Wall time of the call, retries included, in milliseconds.
 */
export function modelCallOf(
  stage: string,
  model: string,
  requestId: string | null,
  usage: Anthropic.Usage,
  price: ModelPrice,
  elapsedMs: number,
): ModelCall {
  const tokens = billedTokensOf(usage);
  return { stage, model, requestId, usage: usageOf(tokens, usdOf(tokens, price)), elapsedMs };
}

/** Sums the usage of calls. */
export function totalOf(calls: ModelCall[]): Usage {
  return calls.length === 0 ? zeroUsage() : addUsage(...calls.map((call) => call.usage));
}

/** The calls made (and paid for) before an error: read it with {@link ledgerOf}. */
export interface PartialLedger {
  calls: ModelCall[];
  usage: Usage;
}

/**
 * A budget stop inside the Claude engine. Still a {@link BudgetExceededError} (the pipeline turns
 * it into a clean "budget stop", exit 0), plus the calls already made and paid for, so the run
 * report and the draft's cost stay complete.
 */
export class ClaudeBudgetExceededError extends BudgetExceededError implements PartialLedger {
  readonly calls: ModelCall[];
  readonly usage: Usage;

  /**
   * @param original The budget's own error (kept as `cause`).
   * @param calls Calls made before the stop.
   */
  constructor(original: BudgetExceededError, calls: ModelCall[]) {
    super(original.stage, original.spentUsd, original.neededUsd, original.budgetUsd);
    this.cause = original;
    this.calls = [...calls];
    this.usage = totalOf(calls);
  }
}

/** An engine failure that carries the calls already made and paid for. */
export class ClaudeEngineError extends EngineError implements PartialLedger {
  readonly calls: ModelCall[];
  readonly usage: Usage;

  /**
   * @param original The engine error.
   * @param calls Calls made before the failure.
   */
  constructor(original: EngineError, calls: ModelCall[]) {
    super(original.stage, original.message.replace(/^[a-z]+: /, ''), {
      requestID: original.requestID,
      code: original.code,
      cause: original.cause,
    });
    this.calls = [...calls];
    this.usage = totalOf(calls);
  }
}

/**
 * The calls an engine made before it threw, for the run report; undefined when the error carries
 * none (an error from elsewhere).
 *
 * @param error Anything thrown by `draft()`/`revise()`.
 */
export function ledgerOf(error: unknown): PartialLedger | undefined {
  return error instanceof ClaudeBudgetExceededError || error instanceof ClaudeEngineError
    ? { calls: error.calls, usage: error.usage }
    : undefined;
}
