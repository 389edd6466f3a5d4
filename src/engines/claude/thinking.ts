import type Anthropic from '@anthropic-ai/sdk';
import { EFFORT_LEVELS, type Effort, type ModelSpec } from './models.js';

/** What a call is for: each sets its own thinking. */
export type ThinkingStage = 'draft' | 'revise' | 'critic';

/** The thinking a stage asks for, before the model's table bends it. */
export interface ThinkingChoice {
  /** `adaptive` (the model decides how much to think) or `lowest` (the least the model allows). */
  mode: 'adaptive' | 'lowest';
  effort: Effort;
}

/**
 * Thinking per stage. Set explicitly because the 5.x models think when a request says nothing
 * (issue 16): drafting weighs sources and structure (medium), a revision fixes listed findings
 * (medium), the critic compares a sentence with its passage (low).
 */
export const STAGE_THINKING: Readonly<Record<ThinkingStage, ThinkingChoice>> = {
  draft: { mode: 'adaptive', effort: 'medium' },
  revise: { mode: 'adaptive', effort: 'medium' },
  critic: { mode: 'adaptive', effort: 'low' },
};

/**
 * Tokens of `max_tokens` set aside for thinking at each effort, on top of the answer. ASSUMED:
 * Anthropic publishes no per-effort thinking sizes; these are our allowance, and the budget's
 * worst case counts them in full.
 */
export const THINKING_TOKENS: Readonly<Record<Effort, number>> = {
  low: 2048,
  medium: 8192,
  high: 16_384,
  xhigh: 24_576,
  max: 32_768,
};

/** The request fields of a call's thinking, and the tokens it may use. */
export interface ThinkingParams {
  thinking: Anthropic.ThinkingConfigParam;
  output_config: { effort: Effort };
  /** Tokens of `max_tokens` set aside for thinking. */
  thinkingTokens: number;
}

/**
 * The `thinking` and `output_config.effort` of a call, from the stage's choice (or an override)
 * and what the model accepts: an effort the model does not list falls back to its default, and
 * `lowest` becomes the model's lowest mode (`between_tools` on Sonnet 5.5, `adaptive` on Opus 5.5,
 * which cannot turn thinking off).
 *
 * @param spec The model's row.
 * @param stage What the call is for.
 * @param override A topic or command-line choice (optional).
 */
export function thinkingParamsOf(
  spec: ModelSpec,
  stage: ThinkingStage,
  override?: Partial<ThinkingChoice>,
): ThinkingParams {
  const choice = { ...STAGE_THINKING[stage], ...override };
  const effort = spec.effortLevels.includes(choice.effort) ? choice.effort : spec.effortDefault;
  const mode = choice.mode === 'lowest' ? spec.thinkingLowest : 'adaptive';
  // With thinking off (Haiku 5.5's `disabled`) nothing is set aside; `between_tools` still writes
  // short notes between tool calls, so it keeps the low allowance.
  const thinkingTokens =
    mode === 'disabled' ? 0 : THINKING_TOKENS[mode === 'adaptive' ? effort : 'low'];
  return { thinking: { type: mode }, output_config: { effort }, thinkingTokens };
}

/** True for an effort level name. */
export function isEffort(value: string): value is Effort {
  return (EFFORT_LEVELS as readonly string[]).includes(value);
}
