import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { StageContext } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { usageOfCalls, type ModelCall } from '../../core/usage.js';
import type { CriticRequest, CriticResult } from '../../stages/critique/types.js';
import type { Critic } from '../types.js';
import { engineErrorOf } from './api-errors.js';
import {
  CRITIC_MAX_OUTPUT_TOKENS,
  CRITIC_SYSTEM_PROMPT,
  criticPromptOf,
  FINDINGS_TOOL,
  FINDINGS_TOOL_DEF,
  normaliseFindings,
} from './critic-prompt.js';
import { requirePrice } from './estimate.js';
import { modelCallOf } from './ledger.js';
import { DEFAULT_MODEL, worstCaseUsdOf, type ModelPrice } from './prices.js';
import { estimateTokens } from './tokens.js';

export {
  CRITIC_MAX_OUTPUT_TOKENS,
  CRITIC_SYSTEM_PROMPT,
  criticPromptOf,
  FINDINGS_TOOL,
  MODEL_FINDING_KINDS,
  normaliseFindings,
} from './critic-prompt.js';

/** Options of {@link createClaudeCritic}: those of the engine it belongs to. */
export interface ClaudeCriticOptions {
  /** The API key; never logged. */
  apiKey: string;
  /** API base URL (default: the SDK's). */
  baseURL?: string;
  /** Model id (default {@link DEFAULT_MODEL}); must have a price. */
  model?: string;
  /** Retries of 408/409/429/5xx/529 and connection errors (default 3). */
  maxRetries?: number;
  /** Timeout of one HTTP attempt in milliseconds (default 300000). */
  timeoutMs?: number;
  /** A client to share with the engine (default: a new one from the options above). */
  client?: Anthropic;
}

/**
 * The Claude model critic: one `messages.create` call per critique with an adversarial prompt,
 * the draft sentences with their cited passages and the deterministic findings, answering only
 * through {@link FINDINGS_TOOL} (forced). A 400 that refuses the forced `tool_choice` is retried
 * once with `tool_choice: auto`; a text-only answer gives no findings and a note. The worst case
 * is reserved on `ctx.budget` (stage `critique`) before each call and the real cost charged after.
 *
 * @param options See {@link ClaudeCriticOptions}.
 * @throws UsageError for an empty key or a model without a price. The critic itself throws a
 *   `BudgetExceededError` before a call it cannot afford and an `EngineError` for an API failure.
 */
export function createClaudeCritic(options: ClaudeCriticOptions): Critic {
  if (!options.apiKey) throw new UsageError('claude critic: no API key (set ANTHROPIC_API_KEY)');
  const model = options.model ?? DEFAULT_MODEL;
  const price = requirePrice(model);
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const client =
    options.client ??
    new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
      maxRetries,
      timeout: timeoutMs,
    });
  const settings = { client, model, price, maxRetries, timeoutMs, apiKey: options.apiKey };
  return (request, ctx) => critiqueOnce(request, ctx, settings);
}

interface CriticSettings {
  client: Anthropic;
  model: string;
  price: ModelPrice;
  maxRetries: number;
  timeoutMs: number;
  apiKey: string;
}

async function critiqueOnce(
  request: CriticRequest,
  ctx: StageContext,
  settings: CriticSettings,
): Promise<CriticResult> {
  const calls: ModelCall[] = [];
  const notes: string[] = [];
  const forced: Anthropic.ToolChoice = { type: 'tool', name: FINDINGS_TOOL };
  let message: Anthropic.Message;
  try {
    message = await callOnce(request, ctx, settings, forced, calls, 1);
  } catch (error) {
    // Some models refuse a forced tool choice (e.g. with extended thinking): ask once more, freely.
    if (!refusesToolChoice(error)) throw error;
    notes.push('model critic: the forced tool_choice was refused (400); asked again with auto');
    message = await callOnce(request, ctx, settings, { type: 'auto' }, calls, 2);
  }
  const use = message.content.find(
    (block): block is Anthropic.ToolUseBlock =>
      block.type === 'tool_use' && block.name === FINDINGS_TOOL,
  );
  if (!use) {
    notes.push(
      `model critic answered without ${FINDINGS_TOOL} (stop reason ${message.stop_reason ?? 'none'}): no model findings`,
    );
    return { findings: [], usage: usageOfCalls(calls), calls, notes };
  }
  const ids = new Set(
    request.sentences.flatMap((s) => [...s.cites, ...s.passages.map((p) => p.source)]),
  );
  const findings = normaliseFindings(use.input, ids, notes);
  return { findings, usage: usageOfCalls(calls), calls, notes };
}

async function callOnce(
  request: CriticRequest,
  ctx: StageContext,
  settings: CriticSettings,
  toolChoice: Anthropic.ToolChoice,
  calls: ModelCall[],
  attempt: number,
): Promise<Anthropic.Message> {
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model: settings.model,
    max_tokens: CRITIC_MAX_OUTPUT_TOKENS,
    system: [{ type: 'text', text: CRITIC_SYSTEM_PROMPT }],
    tools: [FINDINGS_TOOL_DEF],
    tool_choice: toolChoice,
    messages: [{ role: 'user', content: [{ type: 'text', text: criticPromptOf(request) }] }],
  };
  const inputTokens = estimateTokens(JSON.stringify(params));
  ctx.budget.reserve(
    'critique',
    worstCaseUsdOf(inputTokens, CRITIC_MAX_OUTPUT_TOKENS, settings.price),
  );
  const started = performance.now();
  try {
    const options = ctx.signal ? { signal: ctx.signal } : {};
    const answer = await settings.client.messages.create(params, options).withResponse();
    const call = modelCallOf(
      'critique',
      'critic',
      settings.model,
      answer.request_id ?? null,
      answer.data.usage,
      settings.price,
      Math.round(performance.now() - started),
    );
    calls.push(call);
    ctx.budget.charge(call.usage.usd);
    return answer.data;
  } catch (error) {
    if (toolChoice.type === 'tool' && refusesToolChoice(error)) throw error;
    const mapped = engineErrorOf(error, {
      stage: 'critique',
      step: 'critic',
      topic: ctx.topic.name,
      model: settings.model,
      turn: attempt,
      maxRetries: settings.maxRetries,
      timeoutMs: settings.timeoutMs,
      apiKey: settings.apiKey,
    });
    // The calls made before this one (a refused forced tool choice) were paid for.
    throw mapped.addEarlierCalls(calls);
  }
}

/** True for a 400 whose message names `tool_choice`: the model will not be forced. */
function refusesToolChoice(error: unknown): boolean {
  if (!(error instanceof APIError) || error.status !== 400) return false;
  return /tool_choice/i.test(`${error.apiMessage ?? ''} ${error.message}`);
}
