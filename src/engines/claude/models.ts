/**
 * What each Claude model accepts and costs: the one table every request, estimate and ledger
 * entry is built from. Checked on {@link MODELS_DATE}; a figure that could not be read from
 * Anthropic's own pages is listed in the row's `assumed`, with why in the comment above the row.
 */

/** `thinking.type` values a request may send. */
export type ThinkingMode = 'adaptive' | 'between_tools' | 'disabled';

/** `output_config.effort` levels, lowest first. */
export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORT_LEVELS)[number];

/** Dollars per million tokens of one model (standard API; the Batches API halves all of them). */
export interface ModelPrice {
  /** Uncached input tokens. */
  inputPerMTok: number;
  /** Output tokens, thinking included (thinking is billed as output). */
  outputPerMTok: number;
  /** Tokens written to a 5-minute cache entry. */
  cacheWrite5mPerMTok: number;
  /** Tokens written to a 1-hour cache entry. */
  cacheWrite1hPerMTok: number;
  /** Cache hits and refreshes: differs per model (0.05x input on the 5.5 models, not 0.1x). */
  cacheReadPerMTok: number;
  /** True when any figure of the price is assumed (see {@link ModelSpec.assumed}). */
  assumed: boolean;
}

/** One model's row. */
export interface ModelSpec {
  id: string;
  price: ModelPrice;
  /** Where the figures come from. */
  source: string;
  /** `thinking.type` values the model accepts; a request without `thinking` runs `thinkingDefault`. */
  thinkingModes: readonly ThinkingMode[];
  /** What the model does when the request has no `thinking` field. */
  thinkingDefault: ThinkingMode;
  /** The lowest thinking setting the model accepts (`adaptive` when thinking cannot be turned down). */
  thinkingLowest: ThinkingMode;
  /** Effort levels accepted in `output_config.effort`, and the API's default. */
  effortLevels: readonly Effort[];
  effortDefault: Effort;
  /** Whether `tool_choice` `{type: "tool"}` or `{type: "any"}` is accepted (a 400 when not). */
  forcedToolChoice: boolean;
  /** Largest `max_tokens` (thinking and answer together). */
  maxOutputTokens: number;
  /** Shortest prompt prefix the API caches, in tokens. */
  minCacheableTokens: number;
  /** Characters of English prose or JSON per token of this model's tokenizer (local estimates). */
  charsPerToken: number;
  /** Fields not read from Anthropic's own pages. */
  assumed: readonly string[];
}

/** Model used when neither the topic nor `--model` names one. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** Day the table was last checked. */
export const MODELS_DATE = '2026-11-26';

// The 5.x tokenizer (Claude 4.7 and later, Sonnet 5 and 5.5 share it) gives about 30% more tokens
// than earlier models for the same text (Haiku 5.5 model page); the engine used 3.5 characters a
// token for the earlier ones, so 3.5 / 1.3 = 2.7.
const TOKENIZER_5X_CHARS_PER_TOKEN = 2.7;
const ALL_EFFORTS = EFFORT_LEVELS;

/**
 * The table.
 *
 * - sonnet 5.5 (model page and "What's new in Claude Sonnet 5.5"): $2 / $10, 5m write $2.50, 1h
 *   write $4; adaptive thinking on by default, `between_tools` is its lowest setting (`disabled`
 *   is refused), effort default high; forced tool use returns an error; 128K output; 512-token
 *   minimum cacheable prompt. Cache read: the model page's stored copy says $0.20, while price
 *   tables quoting Anthropic's pricing page give $0.10 (0.05x) since 2026-10-07; the pricing
 *   page itself was not read, so $0.10 is ASSUMED.
 * - opus 5.5 (model page, "What's new in Claude Opus 5.5"): $4 / $20, writes $5 / $8, reads
 *   $0.20; adaptive thinking always on (`disabled` and budgets are a 400), effort default medium;
 *   forced tool use returns an error; 128K output, 512-token minimum.
 * - haiku 5.5 (model page): $0.10 / $0.50, writes $0.125 / $0.20 for prompts up to 100,000
 *   tokens (5x above; our prompts stay far below, the long tier is not modelled: ASSUMED); cache
 *   read $0.01 from a guide quoting the model page (ASSUMED); adaptive by default, `disabled`
 *   only at effort high or lower, effort default medium. Forced tool choice: not confirmed either
 *   way for Haiku 5.5, so never forced (ASSUMED false).
 * - fable 5.2: ASSUMED throughout. Only a reseller page quoting $8 / $40 was found; the rest
 *   follows Fable 5.1 (thinking always on, effort default high, no forced tool use, cache reads
 *   at 0.025x input).
 */
export const MODELS: Readonly<Record<string, ModelSpec>> = {
  'claude-sonnet-5-5': {
    id: 'claude-sonnet-5-5',
    price: {
      inputPerMTok: 2,
      outputPerMTok: 10,
      cacheWrite5mPerMTok: 2.5,
      cacheWrite1hPerMTok: 4,
      cacheReadPerMTok: 0.1,
      assumed: true,
    },
    source: 'platform.claude.com models/sonnet-5-5 (overview, whats-new); pricing as quoted',
    thinkingModes: ['adaptive', 'between_tools'],
    thinkingDefault: 'adaptive',
    thinkingLowest: 'between_tools',
    effortLevels: ALL_EFFORTS,
    effortDefault: 'high',
    forcedToolChoice: false,
    maxOutputTokens: 128_000,
    minCacheableTokens: 512,
    charsPerToken: TOKENIZER_5X_CHARS_PER_TOKEN,
    assumed: ['price.cacheReadPerMTok', 'charsPerToken'],
  },
  'claude-opus-5-5': {
    id: 'claude-opus-5-5',
    price: {
      inputPerMTok: 4,
      outputPerMTok: 20,
      cacheWrite5mPerMTok: 5,
      cacheWrite1hPerMTok: 8,
      cacheReadPerMTok: 0.2,
      assumed: false,
    },
    source: 'platform.claude.com models/opus-5-5 (overview, whats-new)',
    thinkingModes: ['adaptive'],
    thinkingDefault: 'adaptive',
    thinkingLowest: 'adaptive',
    effortLevels: ALL_EFFORTS,
    effortDefault: 'medium',
    forcedToolChoice: false,
    maxOutputTokens: 128_000,
    minCacheableTokens: 512,
    charsPerToken: TOKENIZER_5X_CHARS_PER_TOKEN,
    assumed: ['charsPerToken'],
  },
  'claude-haiku-5-5': {
    id: 'claude-haiku-5-5',
    price: {
      inputPerMTok: 0.1,
      outputPerMTok: 0.5,
      cacheWrite5mPerMTok: 0.125,
      cacheWrite1hPerMTok: 0.2,
      cacheReadPerMTok: 0.01,
      assumed: true,
    },
    source: 'platform.claude.com models/haiku-5-5 (overview); cache read as quoted',
    thinkingModes: ['adaptive', 'disabled'],
    thinkingDefault: 'adaptive',
    thinkingLowest: 'disabled',
    effortLevels: ALL_EFFORTS,
    effortDefault: 'medium',
    forcedToolChoice: false,
    maxOutputTokens: 128_000,
    minCacheableTokens: 512,
    charsPerToken: TOKENIZER_5X_CHARS_PER_TOKEN,
    assumed: ['price.cacheReadPerMTok', 'price (long-prompt tier)', 'forcedToolChoice'],
  },
  'claude-fable-5-2': {
    id: 'claude-fable-5-2',
    price: {
      inputPerMTok: 8,
      outputPerMTok: 40,
      cacheWrite5mPerMTok: 10,
      cacheWrite1hPerMTok: 16,
      cacheReadPerMTok: 0.2,
      assumed: true,
    },
    source: 'ASSUMED: a reseller page ($8 / $40); Fable 5.1 rules for the rest',
    thinkingModes: ['adaptive'],
    thinkingDefault: 'adaptive',
    thinkingLowest: 'adaptive',
    effortLevels: ALL_EFFORTS,
    effortDefault: 'high',
    forcedToolChoice: false,
    maxOutputTokens: 128_000,
    minCacheableTokens: 512,
    charsPerToken: TOKENIZER_5X_CHARS_PER_TOKEN,
    assumed: ['price', 'thinkingModes', 'effortDefault', 'forcedToolChoice', 'charsPerToken'],
  },
};

/**
 * The row of a model.
 *
 * @param model Model id, e.g. `claude-sonnet-5-5`. A dated variant (`claude-sonnet-5-5-20261101`)
 *   takes the row of its base id.
 * @returns The row, or undefined for a model the table does not know.
 */
export function modelSpecOf(model: string): ModelSpec | undefined {
  return MODELS[model] ?? MODELS[model.replace(/-\d{8}$/, '')];
}
