import { runUsdOf, searchUsdOf, type RunRecord } from '../core/run-record.js';
import { addUsage, type ModelCall } from '../core/usage.js';
import { BATCH_MULTIPLIER, priceOf } from '../engines/claude/prices.js';
import { COST_LINE_VERSION, type CostLine } from './cost-ledger.js';

/**
 * What cache reads saved: each call's cache-read tokens at the model's uncached input price minus
 * what they cost as cache reads (halved for a Message Batches call, billed at half price). A model
 * the price table does not know saved nothing we can tell.
 *
 * @param calls Paid model calls.
 */
export function cacheSavingsUsdOf(calls: readonly ModelCall[]): number {
  let saved = 0;
  for (const call of calls) {
    const price = priceOf(call.model);
    if (!price || call.usage.cacheReadTokens === 0) continue;
    const perToken = (price.inputPerMTok - price.cacheReadPerMTok) / 1e6;
    saved += call.usage.cacheReadTokens * perToken * (call.step === 'batch' ? BATCH_MULTIPLIER : 1);
  }
  return saved;
}

/**
 * Whether a finished run is a line of the cost ledger: it paid for a call, wrote a draft, was
 * stopped by a budget, or holds a reservation while its Message Batch runs. A run that cost
 * nothing and proposed nothing (nothing new, an estimate, a failure before any paid call) is no
 * line: the nightly review PR commits the ledger, and a night of such runs has nothing to review.
 *
 * @param record The run record (after the run ended).
 */
export function isCostLineWorthy(record: RunRecord): boolean {
  if (record.outcome === 'estimated') return false;
  return (
    record.details.calls.length > 0 ||
    runUsdOf(record) > 0 ||
    record.draft !== null ||
    record.outcome === 'budget-stop' ||
    record.outcome === 'batched'
  );
}

/**
 * The cost ledger line of a finished run, from its record: every paid call (booked under the stage
 * that made it; web searches under `search`), the tokens by kind, the dollars by stage, and the draft it wrote.
 *
 * @param record The run record (after the run ended).
 * @param at When the line is written.
 */
export function costLineOf(record: RunRecord, at: Date): CostLine {
  const total = addUsage(...Object.values(record.usageByStage));
  const byStage: Record<string, number> = {};
  for (const [stage, usage] of Object.entries(record.usageByStage))
    if (usage && (usage.usd > 0 || usage.inputTokens + usage.outputTokens > 0))
      byStage[stage] = usage.usd;
  // Web searches are paid calls too (issue 23): the draft's `cost.usd` holds them.
  const searchUsd = searchUsdOf(record);
  if (searchUsd > 0) byStage.search = searchUsd;
  const calls = record.details.calls;
  return {
    v: COST_LINE_VERSION,
    runId: record.runId,
    date: record.startedAt.slice(0, 10),
    at: at.toISOString(),
    topic: record.topic,
    engine: record.engine,
    model: calls[0]?.model ?? null,
    outcome: record.outcome,
    usd: runUsdOf(record),
    tokens: {
      inputTokens: total.inputTokens,
      outputTokens: total.outputTokens,
      cacheReadTokens: total.cacheReadTokens,
      cacheWriteTokens: total.cacheWriteTokens,
    },
    byStage,
    calls: calls.length,
    cacheSavingsUsd: cacheSavingsUsdOf(calls),
    draft: record.draft?.path ?? null,
    ...(record.outcome === 'batched' && record.monthlyBudget?.fits
      ? { reservedUsd: record.monthlyBudget.reservedUsd }
      : {}),
    ...(record.monthlyBudget && !record.monthlyBudget.fits
      ? {
          monthlyStop: {
            spentUsd: record.monthlyBudget.spentUsd,
            budgetUsd: record.monthlyBudget.limitUsd,
            neededUsd: record.monthlyBudget.reservedUsd,
            scope: record.monthlyBudget.scope,
          },
        }
      : {}),
  };
}
