import Anthropic from '@anthropic-ai/sdk';
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
import { requireModel } from './estimate.js';
import { modelCallOf } from './ledger.js';
import { maxTokensOf } from './max-tokens.js';
import type { ModelSpec } from './models.js';
import { DEFAULT_MODEL, worstCaseUsdOf, type ModelPrice } from './prices.js';
import { EPHEMERAL } from './request.js';
import { thinkingParamsOf, type ThinkingChoice, type ThinkingParams } from './thinking.js';
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
  /** Thinking instead of the critic's default (`STAGE_THINKING.critic`). */
  thinking?: Partial<ThinkingChoice>;
}

/**
 * The Claude model critic: one `messages.create` call per critique with an adversarial prompt,
 * the draft sentences with their cited passages and the deterministic findings, answering
 * through {@link FINDINGS_TOOL} (strict schema, `tool_choice: auto`). Never a forced tool choice:
 * the 5.x models refuse it with a 400, and it does not go with thinking anyway. A text-only,
 * empty or truncated answer gives no findings and a note. The worst case is reserved on
 * `ctx.budget` (stage `critique`) before the call and the real cost charged after.
 *
 * @param options See {@link ClaudeCriticOptions}.
 * @throws UsageError for an empty key or a model without a price. The critic itself throws a
 *   `BudgetExceededError` before a call it cannot afford and an `EngineError` for an API failure.
 */
export function createClaudeCritic(options: ClaudeCriticOptions): Critic {
  if (!options.apiKey) throw new UsageError('claude critic: no API key (set ANTHROPIC_API_KEY)');
  const model = options.model ?? DEFAULT_MODEL;
  const spec = requireModel(model);
  const price = spec.price;
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
  const thinking = thinkingParamsOf(spec, 'critic', options.thinking);
  const settings: CriticSettings = {
    client,
    model,
    price,
    spec,
    thinking,
    maxTokens: maxTokensOf(CRITIC_MAX_OUTPUT_TOKENS, thinking.thinkingTokens, spec.maxOutputTokens),
    maxRetries,
    timeoutMs,
    apiKey: options.apiKey,
  };
  return (request, ctx) => critiqueOnce(request, ctx, settings);
}

interface CriticSettings {
  client: Anthropic;
  model: string;
  price: ModelPrice;
  spec: ModelSpec;
  thinking: ThinkingParams;
  /** `max_tokens`: the findings plus the thinking allowance. */
  maxTokens: number;
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
  const message = await callOnce(request, ctx, settings, calls);
  const use = message.content.find(
    (block): block is Anthropic.ToolUseBlock =>
      block.type === 'tool_use' && block.name === FINDINGS_TOOL,
  );
  if (
    message.stop_reason === 'max_tokens' ||
    message.stop_reason === 'model_context_window_exceeded'
  ) {
    // A findings list cut off is incomplete: none of it is used.
    notes.push(
      `model critic: the answer was cut at ${message.stop_reason === 'max_tokens' ? `max_tokens (${settings.maxTokens})` : 'the context window'}: no model findings`,
    );
    return { findings: [], usage: usageOfCalls(calls), calls, notes };
  }
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
  calls: ModelCall[],
): Promise<Anthropic.Message> {
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model: settings.model,
    max_tokens: settings.maxTokens,
    thinking: settings.thinking.thinking,
    output_config: settings.thinking.output_config,
    // The breakpoint caches the tool and the system prompt, the same for every critique.
    system: [{ type: 'text', text: CRITIC_SYSTEM_PROMPT, cache_control: EPHEMERAL }],
    tools: [FINDINGS_TOOL_DEF],
    tool_choice: { type: 'auto' },
    messages: [{ role: 'user', content: [{ type: 'text', text: criticPromptOf(request) }] }],
  };
  const inputTokens = estimateTokens(JSON.stringify(params), settings.spec.charsPerToken);
  ctx.budget.reserve('critique', worstCaseUsdOf(inputTokens, settings.maxTokens, settings.price));
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
    const mapped = engineErrorOf(error, {
      stage: 'critique',
      step: 'critic',
      topic: ctx.topic.name,
      model: settings.model,
      turn: 1,
      maxRetries: settings.maxRetries,
      timeoutMs: settings.timeoutMs,
      apiKey: settings.apiKey,
    });
    throw mapped.addEarlierCalls(calls);
  }
}
