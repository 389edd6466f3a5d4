import Anthropic from '@anthropic-ai/sdk';
import type { StageContext } from '../../core/context.js';
import type { Logger } from '../../core/logger.js';
import { UsageError } from '../../core/errors.js';
import { usageOfCalls, zeroUsage } from '../../core/usage.js';
import type { DraftOutput } from '../../stages/draft/types.js';
import type { DraftEngine, DraftRequest, ReviseRequest } from '../types.js';
import { runAgentLoop, type LoopSettings, type LoopTask } from './agent-loop.js';
import { createClaudeCritic } from './critic.js';
import { requireModel } from './estimate.js';
import { DRAFT_ANSWER_TOKENS, maxTokensOf } from './max-tokens.js';
import { DEFAULT_MODEL } from './prices.js';
import { thinkingParamsOf, type ThinkingChoice } from './thinking.js';
import { briefOf, DRAFT_ASK, researchAskOf, reviseAskOf } from './prompt.js';
import { sourceDocOf } from './source-text.js';

export {
  loadBatchState,
  submitDraftBatch,
  type BatchItem,
  type BatchOptions,
  type BatchState,
} from './batch.js';
export { pollBatch, type BatchDraftResult } from './batch-poll.js';
export {
  createClaudeCritic,
  CRITIC_SYSTEM_PROMPT,
  FINDINGS_TOOL,
  type ClaudeCriticOptions,
} from './critic.js';
export { estimateDraftCost, type DraftCostEstimate } from './estimate.js';
export { DEFAULT_MODEL, PRICES, PRICES_DATE, priceOf } from './prices.js';
export { MODELS, MODELS_DATE, modelSpecOf, type ModelSpec } from './models.js';
export { STAGE_THINKING, type ThinkingChoice } from './thinking.js';

/** Options of {@link createClaudeEngine}. */
export interface ClaudeEngineOptions {
  /** The API key (from `ANTHROPIC_API_KEY`); never logged. */
  apiKey: string;
  /** API base URL (default: the SDK's, which honours `ANTHROPIC_BASE_URL`). */
  baseURL?: string;
  /** Model id (default {@link DEFAULT_MODEL}); must have a price in `prices.ts`. */
  model?: string;
  /** Most model calls per draft or revision (default 12). */
  maxTurns?: number;
  /** Invalid `submit_draft` calls sent back for correction before the engine gives up (default 3). */
  maxSubmitErrors?: number;
  /** Retries of 408/409/429/5xx/529 and connection errors, with the SDK's backoff and `retry-after` (default 3). */
  maxRetries?: number;
  /** Timeout of one HTTP attempt in milliseconds (default 300000). */
  timeoutMs?: number;
  /**
   * `max_tokens` of every drafting and revision call, thinking included (default: 8192 for the
   * answer plus the thinking allowance of the stage's effort, within the model's maximum).
   */
  maxOutputTokens?: number;
  /** Answers cut at `max_tokens` asked again, shorter, before the engine gives up (default 2). */
  maxTruncations?: number;
  /** Thinking of every call instead of the per-stage defaults (`STAGE_THINKING`), e.g. from a topic. */
  thinking?: Partial<ThinkingChoice>;
  /** Where the SDK's own warnings go (default: the SDK's, on the console). */
  logger?: Logger;
  /** Why this engine was chosen, for the report (default: `claude:<model>: ANTHROPIC_API_KEY is set`). */
  reason?: string;
}

/**
 * The Claude drafting engine: a tool-using agent that reads a compact source index, pulls passages
 * through read-only tools and finishes with `submit_draft`. Every call is on the ledger
 * (`DraftOutput.calls`), and the topic's budget is checked before each call.
 *
 * `draft()` and `revise()` throw a `BudgetExceededError` on a budget stop and an `EngineError` on
 * any other failure; both carry the calls made so far (`error.calls`). A draft's calls and errors
 * name the `draft` stage, a revision's the `critique` stage that asked for it. `critic` is the
 * model critic of the review loop ({@link createClaudeCritic}), on the same client.
 *
 * @param options See {@link ClaudeEngineOptions}.
 * @throws UsageError for an empty key or a model without a price.
 */
export function createClaudeEngine(options: ClaudeEngineOptions): DraftEngine {
  if (!options.apiKey) throw new UsageError('claude engine: no API key (set ANTHROPIC_API_KEY)');
  const model = options.model ?? DEFAULT_MODEL;
  const spec = requireModel(model);
  const price = spec.price;
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    maxRetries,
    timeout: timeoutMs,
    // The SDK's own logs go to the operator's logger (stderr), never to stdout; only the message
    // is passed on, not the objects after it.
    ...(options.logger ? { logger: sdkLoggerOf(options.logger) } : {}),
  });
  const thinking = {
    draft: thinkingParamsOf(spec, 'draft', options.thinking),
    revise: thinkingParamsOf(spec, 'revise', options.thinking),
  };
  const sized = (step: 'draft' | 'revise') =>
    options.maxOutputTokens ??
    maxTokensOf(DRAFT_ANSWER_TOKENS, thinking[step].thinkingTokens, spec.maxOutputTokens);
  const settings: LoopSettings = {
    client,
    model,
    price,
    spec,
    thinking,
    maxTruncations: options.maxTruncations ?? 2,
    maxTurns: options.maxTurns ?? 12,
    maxSubmitErrors: options.maxSubmitErrors ?? 3,
    maxOutputTokens: { draft: sized('draft'), revise: sized('revise') },
    maxRetries,
    timeoutMs,
    apiKey: options.apiKey,
  };
  const id = `claude:${model}`;

  const run = async (
    step: LoopTask['step'],
    stage: LoopTask['stage'],
    request: DraftRequest,
    ask: string,
    ctx: StageContext,
  ): Promise<DraftOutput> => {
    if (request.articles.length === 0) {
      return {
        content: null,
        engine: id,
        usage: zeroUsage(),
        calls: [],
        notes: [`${step}: no sources to draft from; no model call made`],
      };
    }
    const docs = request.articles.map(sourceDocOf);
    const task: LoopTask = {
      step,
      stage,
      brief: briefOf(ctx.topic, request.sections, docs),
      ask: request.research ? `${ask}\n\n${researchAskOf(request.research, step)}` : ask,
      docs,
      sections: request.sections,
      ...(request.research ? { research: request.research } : {}),
    };
    const result = await runAgentLoop(task, settings, ctx);
    return {
      content: result.content,
      engine: id,
      usage: usageOfCalls(result.calls),
      calls: result.calls,
      notes: result.notes,
    };
  };

  return {
    id,
    reason: options.reason ?? `${id}: ANTHROPIC_API_KEY is set`,
    draft: (request, ctx) => run('draft', 'draft', request, DRAFT_ASK, ctx),
    revise: (request: ReviseRequest, ctx) =>
      run('revise', 'critique', request, reviseAskOf(request.previous, request.findings), ctx),
    // Same model, key and client as the drafts: one price table, one retry policy.
    critic: createClaudeCritic({
      apiKey: options.apiKey,
      model,
      maxRetries,
      timeoutMs,
      client,
      ...(options.thinking ? { thinking: options.thinking } : {}),
    }),
  };
}

function sdkLoggerOf(logger: Logger) {
  return {
    error: (message: string) => logger.error(`anthropic sdk: ${message}`),
    warn: (message: string) => logger.warn(`anthropic sdk: ${message}`),
    info: (message: string) => logger.info(`anthropic sdk: ${message}`),
    debug: (message: string) => logger.debug(`anthropic sdk: ${message}`),
  };
}
