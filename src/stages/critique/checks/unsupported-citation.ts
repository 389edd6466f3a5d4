import { citedSourcesOf, idsOf } from '../check-context.js';
import type { CheckContext, Check } from '../check-context.js';
import type { SourceIndex } from '../source-index.js';
import { contentStemsOf, namesOf, wordsOf } from '../text.js';
import type { Finding, ParsedSentence } from '../types.js';

/**
 * Minimum share of a sentence's content words found in the best-matching window of its cited
 * sources. Calibrated on the critique evaluation set (see README): faithful paraphrases
 * sit well above it, sentences whose claim is absent from the source below.
 */
export const SUPPORT_MIN_OVERLAP = 0.5;

/** Sentences with fewer content words than this are not aligned (too little to measure). */
export const SUPPORT_MIN_WORDS = 4;

/** How well a sentence is supported by its cited sources. */
export interface Support {
  /** Best share of the sentence's content stems found in one window of a cited source. */
  overlap: number;
  /** Id of the source holding that window. */
  source: string | null;
  /** Names of the sentence found in none of the cited sources. */
  absentNames: string[];
  /** Number of content stems measured. */
  words: number;
}

/**
 * Aligns a sentence with its cited sources: the best window by content-word overlap, and the
 * names that appear nowhere in them.
 *
 * @param sentence A draft sentence.
 * @param sources The sources it cites.
 */
export function supportOf(sentence: ParsedSentence, sources: SourceIndex[]): Support {
  const stems = [...new Set(contentStemsOf(sentence.text))];
  let overlap = 0;
  let best: string | null = null;
  for (const source of sources) {
    for (const window of source.windows) {
      let hits = 0;
      for (const stem of stems) if (window.has(stem)) hits++;
      const share = stems.length === 0 ? 1 : hits / stems.length;
      if (share > overlap) {
        overlap = share;
        best = source.id;
      }
    }
  }
  // A name is present when each of its words is a word of some cited source (any case).
  const absentNames = namesOf(sentence.text).filter(
    (name) => !wordsOf(name).every((word) => sources.some((source) => source.words.has(word))),
  );
  return { overlap, source: best, absentNames, words: stems.length };
}

/**
 * `unsupported-citation`: the cited sources hold no passage that supports the sentence. Two
 * signals, both lexical: names in the sentence that no cited source contains (the strong one:
 * an invented person, place or organisation), and a best-window overlap of content words below
 * {@link SUPPORT_MIN_OVERLAP}. Figures are left to `number-not-in-source`. A claim that reuses the
 * source's words but contradicts them is beyond a lexical check: that is the model critic's job.
 */
export const checkUnsupportedCitation: Check = (ctx: CheckContext) => {
  const findings: Finding[] = [];
  for (const sentence of ctx.draft.sentences) {
    const sources = citedSourcesOf(sentence, ctx);
    if (sources.length === 0) continue;
    const support = supportOf(sentence, sources);
    const weak = support.words >= SUPPORT_MIN_WORDS && support.overlap < SUPPORT_MIN_OVERLAP;
    if (support.absentNames.length === 0 && !weak) continue;
    const reasons: string[] = [];
    if (support.absentNames.length > 0) reasons.push(`name(s) ${support.absentNames.map((n) => `"${n}"`).join(', ')} appear in none of them`);
    reasons.push(`best window overlap ${(support.overlap * 100).toFixed(0)}% of ${support.words} content words${support.source ? ` (in ${support.source})` : ''}, threshold ${(SUPPORT_MIN_OVERLAP * 100).toFixed(0)}%`);
    findings.push({
      kind: 'unsupported-citation',
      severity: 'error',
      sentence: sentence.text,
      source: sources.length === 1 ? sources[0]!.id : null,
      detail: `checked against ${idsOf(sources)}: ${reasons.join('; ')}`,
    });
  }
  return findings;
};
