import type { StageContext } from '../core/context.js';
import type { Article, DraftContent, DraftOutput } from '../stages/draft/types.js';
import type { CriticRequest, CriticResult, Finding } from '../stages/critique/types.js';

export type { ModelCall } from '../core/usage.js';

/** A web search result as the agent sees it: what a provider said about a page, never the page. */
export interface WebHit {
  url: string;
  title: string | null;
  snippet: string | null;
  published: string | null;
}

/** Which conversation asked: the draft, or a revision (corroboration). */
export type ResearchStep = 'draft' | 'revise';

/** What `search_web` answers: hits, or why there are none (a limit or the budget refused the query, or the provider failed). */
export type WebSearchAnswer =
  { ok: true; provider: string; hits: WebHit[] } | { ok: false; reason: string };

/** What `add_sources` answers: the sources that joined the run, and why each other URL did not. */
export interface AddSourcesAnswer {
  added: Article[];
  refused: Array<{ url: string; reason: string }>;
}

/**
 * Web research the pipeline offers an engine (issue 23). The engine never fetches: a query goes to
 * the configured search provider, and URLs it chose from the results go through the run's own
 * fetch (robots, address guard, caps, cache), extract and dedupe. Every query and every URL is
 * recorded by the pipeline, and the limits (`research.maxQueries`, `research.maxNewSources`, the
 * budget) are held here, not by the engine.
 */
export interface Research {
  /** The provider's name, e.g. `searxng`. */
  readonly provider: string;
  /** Queries and new sources still allowed. */
  remaining(): { queries: number; sources: number };
  /** Runs one query. */
  search(query: string, step: ResearchStep): Promise<WebSearchAnswer>;
  /** Fetches, extracts and dedupes URLs from earlier results; the added ones get new ids. */
  addSources(urls: string[], step: ResearchStep): Promise<AddSourcesAnswer>;
}

/** What an engine is asked to draft. */
export interface DraftRequest {
  /** Sources that survived dedupe, ids `s1`... */
  articles: Article[];
  /** Section headings the draft must have, in order. */
  sections: string[];
  /** Web research, when the topic enables it and a provider is configured (Claude engine only). */
  research?: Research;
}

/** A revision request (from the critique stage): the previous draft and the findings to fix. */
export interface ReviseRequest extends DraftRequest {
  previous: DraftContent;
  /** The `error` findings, and the warnings a revision fixes without losing a claim (`stale-relative-time`). */
  findings: Finding[];
  /**
   * The draft sentences those findings name, normalised (`normaliseSentence`): whole-draft
   * findings (definition of done, closeness to the corpus) name none. An engine that cannot
   * rewrite drops these.
   */
  flagged: string[];
}

/**
 * An engine's model critic, run by the critique stage after the deterministic checks. It reserves
 * the worst case on `ctx.budget` before its call and throws a `BudgetExceededError` before a call
 * the budget cannot pay for; its calls are `critique` calls.
 */
export type Critic = (request: CriticRequest, ctx: StageContext) => Promise<CriticResult>;

/**
 * A drafting engine: the one place where offline and Claude differ (chosen in `cli.ts`), like
 * undici's dispatchers behind one interface. Every model call an engine makes is a `ModelCall`
 * naming the stage that asked for it: `draft()` calls are `draft`, `revise()` and `critic` calls
 * are `critique`. A failure carries the calls already made on `PipelineError.calls`.
 */
export interface DraftEngine {
  /** `offline` or `claude:<model id>`. */
  readonly id: string;
  /** Why this engine was chosen, e.g. `offline: no ANTHROPIC_API_KEY`. */
  readonly reason: string;
  /** Writes a draft from the sources (for the draft stage). */
  draft(request: DraftRequest, ctx: StageContext): Promise<DraftOutput>;
  /** Revises a draft against error findings (for the critique stage). */
  revise(request: ReviseRequest, ctx: StageContext): Promise<DraftOutput>;
  /** The model critic run after the deterministic checks; absent for the offline engine. */
  readonly critic?: Critic;
}
