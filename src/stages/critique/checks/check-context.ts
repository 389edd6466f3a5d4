import type { DoneSpec } from '../../../core/topic.js';
import type { CorpusIndex } from '../../../corpus/types.js';
import type { SourceIndex } from '../parse/source-index.js';
import type { Finding, ParsedDraft, ParsedSentence } from '../types.js';

/** What every check reads: the parsed draft, the prepared sources and the topic's requirements. */
export interface CheckContext {
  draft: ParsedDraft;
  /** Prepared sources by id (every source given, cited or not). */
  sources: ReadonlyMap<string, SourceIndex>;
  /**
   * Ids the draft may cite: the frontmatter `sources` ids, or, for a draft without a sources
   * list, the ids of the sources given.
   */
  known: ReadonlySet<string>;
  done?: DoneSpec;
  corpus?: CorpusIndex;
}

/** A deterministic check: reads the context, returns findings (never throws on bad content). */
export type Check = (ctx: CheckContext) => Finding[];

/**
 * The prepared sources a sentence cites (known ids with a text only).
 *
 * @param sentence A draft sentence.
 * @param ctx The check context.
 */
export function citedSourcesOf(sentence: ParsedSentence, ctx: CheckContext): SourceIndex[] {
  const out: SourceIndex[] = [];
  for (const id of sentence.cites) {
    const source = ctx.sources.get(id);
    if (source && ctx.known.has(id)) out.push(source);
  }
  return out;
}

/**
 * The sources to check a sentence against: those it cites, or every source when it cites none
 * (an uncited figure or quote must still come from somewhere).
 */
export function sourcesToCheck(sentence: ParsedSentence, ctx: CheckContext): SourceIndex[] {
  return sentence.cites.length > 0 ? citedSourcesOf(sentence, ctx) : [...ctx.sources.values()];
}

/** `s1, s2` or `no source`: for details. */
export function idsOf(sources: SourceIndex[]): string {
  return sources.length > 0 ? sources.map((source) => source.id).join(', ') : 'no source';
}
