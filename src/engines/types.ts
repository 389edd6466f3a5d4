import type { StageContext } from '../core/context.js';
import type { Article } from '../stages/extract/types.js';
import type { DraftContent, DraftOutput } from '../stages/draft/types.js';
import type { Finding } from '../stages/critique/types.js';

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
}
