import { UsageError } from '../../core/errors.js';
import type { Topic } from '../../core/topic.js';
import type { DraftRequest } from '../types.js';
import { requestOf } from './request.js';
import { toolsOf } from './tools.js';
import { MODELS, modelSpecOf, type ModelSpec } from './models.js';
import { DEFAULT_MODEL, usdOf, type ModelPrice } from './prices.js';
import { DRAFT_ANSWER_TOKENS, maxTokensOf } from './max-tokens.js';
import { thinkingParamsOf } from './thinking.js';
import { briefOf, DRAFT_ASK } from './prompt.js';
import { sourceDocOf } from './source-text.js';
import { estimateTokens } from './tokens.js';
import { READ_MAX_CHARS } from './tools.js';

/** `max_tokens` of a drafting call on the default model, thinking included. */
export const DEFAULT_MAX_OUTPUT_TOKENS = maxTokensOf(
  DRAFT_ANSWER_TOKENS,
  thinkingParamsOf(MODELS[DEFAULT_MODEL]!, 'draft').thinkingTokens,
  MODELS[DEFAULT_MODEL]!.maxOutputTokens,
);

/** What a draft is expected to cost. */
export interface DraftCostEstimate {
  model: string;
  /** Expected model calls. */
  calls: number;
  /** Tokens of the first request alone: estimated, or counted by the API. */
  firstRequestTokens: number;
  /** How the first request's tokens were counted. */
  countedBy: 'estimate' | 'api';
  /** Input tokens over all expected calls (uncached, cache writes and cache reads together). */
  inputTokens: number;
  /** Output tokens over all expected calls, thinking included. */
  outputTokens: number;
  /** The part of `outputTokens` expected to be thinking (billed as output). */
  thinkingTokens: number;
  /** Expected dollars, with prompt caching. */
  usd: number;
  /** Bytes of the first request's JSON body. */
  requestBytes: number;
  /** Bytes of the sources' full text (their Markdown). */
  sourceBytes: number;
}

// The expected run, a model and not a promise: a few reads of about half the read cap each, one
// per source up to six, then one submission. Each read turn writes ~60 output tokens (a tool call);
// the draft is its target words at ~1.35 tokens a word plus ~50% JSON overhead.
const TOOL_CALL_OUTPUT_TOKENS = 60;
const TOKENS_PER_WORD = 1.35;
const JSON_OVERHEAD = 1.5;
// Thinking is adaptive: ASSUMED, a read turn thinks about an eighth of the stage's thinking
// allowance and the submitting turn half of it (the allowance itself is THINKING_TOKENS).
const READ_TURN_THINKING_SHARE = 1 / 8;
const SUBMIT_TURN_THINKING_SHARE = 1 / 2;

/**
 * The engine's first drafting request for these sources: what the estimate measures, and what
 * the token-counting endpoint is asked about.
 *
 * @param request The sources and required sections.
 * @param topic The topic (title, description, definition of done).
 * @param model Model id.
 */
export function firstRequestOf(
  request: DraftRequest,
  topic: Topic,
  model: string,
): ReturnType<typeof requestOf> {
  const docs = request.articles.map(sourceDocOf);
  const spec = requireModel(model);
  const thinking = thinkingParamsOf(spec, 'draft');
  const maxOutputTokens = maxTokensOf(
    DRAFT_ANSWER_TOKENS,
    thinking.thinkingTokens,
    spec.maxOutputTokens,
  );
  // A topic with research offers two more tools: their definitions are in every request.
  const tools = toolsOf(topic.research !== undefined);
  return requestOf({ model, maxOutputTokens, thinking, tools }, [
    {
      role: 'user',
      content: [
        { type: 'text', text: briefOf(topic, request.sections, docs) },
        { type: 'text', text: DRAFT_ASK },
      ],
    },
  ]);
}

/**
 * Expected tokens and dollars of one draft with the Claude engine, counted locally (no network)
 * unless the first request's tokens were counted by the API.
 *
 * @param request The sources and required sections.
 * @param topic The topic (title, description, definition of done).
 * @param model Model id (default {@link DEFAULT_MODEL}).
 * @param countedTokens The first request's input tokens from the token-counting endpoint.
 * @throws UsageError for a model without a price in `prices.ts`.
 */
export function estimateDraftCost(
  request: DraftRequest,
  topic: Topic,
  model: string = DEFAULT_MODEL,
  countedTokens?: number,
): DraftCostEstimate {
  const spec = requireModel(model);
  const price = spec.price;
  const first = firstRequestOf(request, topic, model);
  const body = JSON.stringify(first);
  const firstRequestTokens = countedTokens ?? estimateTokens(body, spec.charsPerToken);
  const sourceBytes = request.articles.reduce((sum, a) => sum + Buffer.byteLength(a.markdown), 0);
  const sourceChars = request.articles.reduce((sum, a) => sum + a.markdown.length, 0);
  const reads = Math.min(request.articles.length, 6);
  const readTokens = estimateTokens(
    'x'.repeat(Math.min(READ_MAX_CHARS / 2, sourceChars / Math.max(reads, 1))),
    spec.charsPerToken,
  );
  const allowance = thinkingParamsOf(spec, 'draft').thinkingTokens;
  const thinkingTokens = Math.round(
    reads * allowance * READ_TURN_THINKING_SHARE + allowance * SUBMIT_TURN_THINKING_SHARE,
  );
  const words =
    topic.done.maxWords !== undefined
      ? (topic.done.minWords + topic.done.maxWords) / 2
      : Math.max(topic.done.minWords, 800);
  const draftTokens = Math.ceil(words * TOKENS_PER_WORD * JSON_OVERHEAD);

  // Turn 1 writes the whole prompt to the cache; each later turn reads what came before and
  // writes the previous turn's tool call and result.
  let cacheWrite = firstRequestTokens;
  let cacheRead = 0;
  let prefix = firstRequestTokens;
  for (let turn = 2; turn <= reads + 1; turn++) {
    // ASSUMED: thinking blocks passed back are left out of the prefix here (with display
    // "omitted" they carry a signature and little text).
    const added = TOOL_CALL_OUTPUT_TOKENS + readTokens;
    cacheRead += prefix;
    cacheWrite += added;
    prefix += added;
  }
  const outputTokens = reads * TOOL_CALL_OUTPUT_TOKENS + draftTokens + thinkingTokens;
  const usd = usdOf(
    {
      inputTokens: 0,
      outputTokens,
      cacheWrite5mTokens: cacheWrite,
      cacheWrite1hTokens: 0,
      cacheReadTokens: cacheRead,
    },
    price,
  );
  return {
    model,
    calls: reads + 1,
    firstRequestTokens,
    countedBy: countedTokens === undefined ? 'estimate' : 'api',
    inputTokens: cacheWrite + cacheRead,
    outputTokens,
    thinkingTokens,
    usd,
    requestBytes: Buffer.byteLength(body),
    sourceBytes,
  };
}

/**
 * The price of a model, or a usage error listing the known ones: a run whose cost cannot be
 * computed is refused rather than run blind.
 *
 * @param model Model id.
 */
export function requirePrice(model: string): ModelPrice {
  return requireModel(model).price;
}

/**
 * The row of a model in the model table, or a usage error listing the known ones: a request is
 * built from what the model accepts, and a run whose cost cannot be computed is refused.
 *
 * @param model Model id.
 */
export function requireModel(model: string): ModelSpec {
  const spec = modelSpecOf(model);
  if (!spec) {
    throw new UsageError(
      `claude engine: no price for model "${model}" in src/engines/claude/models.ts (known: ${Object.keys(MODELS).join(', ')})`,
    );
  }
  return spec;
}
