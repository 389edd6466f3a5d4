import { worstCaseUsdOf, type ModelPrice } from './prices.js';

/** The smallest `max_tokens` worth a call: room for a draft of about 1,000 words as JSON. */
export const MIN_OUTPUT_TOKENS = 2048;

/** Tokens of a draft's answer (the `submit_draft` JSON) before thinking is added. */
export const DRAFT_ANSWER_TOKENS = 8192;

/** Tokens of the critic's answer (a few dozen findings) before thinking is added. */
export const CRITIC_ANSWER_TOKENS = 4096;

/**
 * `max_tokens` of a call: the answer plus the thinking allowance (thinking counts toward
 * `max_tokens`), within the model's maximum output.
 *
 * @param answerTokens Tokens of the answer itself.
 * @param thinkingTokens Tokens set aside for thinking.
 * @param modelMaxTokens The model's largest `max_tokens`.
 */
export function maxTokensOf(
  answerTokens: number,
  thinkingTokens: number,
  modelMaxTokens: number,
): number {
  return Math.min(answerTokens + thinkingTokens, modelMaxTokens);
}

/**
 * The `max_tokens` of the next call: the configured figure, lowered when the budget left cannot
 * pay for it in the worst case, but never below {@link MIN_OUTPUT_TOKENS} (or the configured figure
 * when smaller). A call that cannot afford even that is then refused by the budget check.
 */
export function affordableMaxTokens(
  inputTokens: number,
  settings: { maxOutputTokens: number; price: ModelPrice },
  remainingUsd: number,
): number {
  const inputUsd = worstCaseUsdOf(inputTokens, 0, settings.price);
  const affordable = Math.floor(((remainingUsd - inputUsd) * 1e6) / settings.price.outputPerMTok);
  const floor = Math.min(settings.maxOutputTokens, MIN_OUTPUT_TOKENS);
  return Math.max(floor, Math.min(settings.maxOutputTokens, affordable));
}
