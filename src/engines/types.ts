import type { StageContext } from '../core/context.js';
import type { Article } from '../stages/extract/types.js';
import type { DraftContent, DraftOutput } from '../stages/draft/types.js';
import type { Finding } from '../stages/critique/types.js';
import type { CriticRequest, CriticResult } from '../stages/critique/model-critic.js';

/** What an engine is asked to draft. */
export interface DraftRequest {
  /** Sources that survived dedupe, ids `s1`... */
  articles: Article[];
  /** Section headings the draft must have, in order. */
  sections: string[];
}

/** A revision request: the previous draft and the findings to fix. */
export interface ReviseRequest extends DraftRequest {
  previous: DraftContent;
  findings: Finding[];
}

/** What an engine's model critic answers: the hook's result plus what the report should say. */
export interface EngineCriticResult extends CriticResult {
  /** E.g. a text-only answer (no findings) or a fallback from a forced tool choice. */
  notes?: string[];
}

/**
 * An engine's model critic. Unlike the critique stage's `ModelCritic` it takes the stage context,
 * whose budget it reserves before its call; the review loop binds the context to get a
 * `ModelCritic`. Throws a `BudgetExceededError` before a call the budget cannot pay for.
 */
export type EngineCritic = (
  request: CriticRequest,
  ctx: StageContext,
) => Promise<EngineCriticResult>;

/**
 * A drafting engine: the one place where offline and Claude differ (chosen in `cli.ts`), like
 * undici's dispatchers behind one interface.
 */
export interface DraftEngine {
  /** `offline` or `claude:<model id>`. */
  readonly id: string;
  /** Why this engine was chosen, e.g. `offline: no ANTHROPIC_API_KEY`. */
  readonly reason: string;
  /** Writes a draft from the sources. */
  draft(request: DraftRequest, ctx: StageContext): Promise<DraftOutput>;
  /** Revises a draft against error findings. */
  revise(request: ReviseRequest, ctx: StageContext): Promise<DraftOutput>;
  /** The model critic run after the deterministic checks; absent for the offline engine. */
  readonly critic?: EngineCritic;
}
