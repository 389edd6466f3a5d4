import type { PipelineStage } from './stage.js';

/** Tokens and dollars of model calls. All zero for the offline engine. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  usd: number;
}

/** A usage of nothing. */
export function zeroUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, usd: 0 };
}

/** Sums usages. */
export function addUsage(...usages: Usage[]): Usage {
  const total = zeroUsage();
  for (const usage of usages) {
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.cacheReadTokens += usage.cacheReadTokens;
    total.cacheWriteTokens += usage.cacheWriteTokens;
    total.usd += usage.usd;
  }
  return total;
}

/**
 * One paid model call, for the cost ledger. `stage` is the stage that made it: a revision asked
 * for by the critique is a `critique` call (its `step` says `revise`), so its cost is booked where
 * it was spent.
 */
export interface ModelCall {
  stage: PipelineStage;
  /** What the call was for inside its stage: `draft`, `revise`, `critic`, `batch`. */
  step?: string;
  model: string;
  /** The API's request id, when given. */
  requestId: string | null;
  usage: Usage;
  elapsedMs: number;
}

/** Sums the usage of calls. */
export function usageOfCalls(calls: readonly ModelCall[]): Usage {
  return addUsage(...calls.map((call) => call.usage));
}
