import { idsOf, sourcesToCheck } from './check-context.js';
import { wordsOf } from '../../../text/words.js';
import type { Check } from './check-context.js';
import { bestEvidenceOf } from './evidence.js';
import type { Finding } from '../types.js';

// An ellipsis marks words left out, and square brackets words the writer put in ("[the
// company]"): each side must be verbatim on its own.
const ELLIPSIS = /\s*(?:\.\s?\.\s?\.|…|\[[^\]]*\])\s*/;

/**
 * Quote parts of a quotation: the words between ellipses and bracketed insertions, normalised (case, curly quotes,
 * apostrophes and dashes; punctuation dropped), so `"inconvenience— it"` meets `inconvenience —
 * it` while a changed, added or dropped word does not.
 *
 * @param quote Quoted text without its quote marks.
 */
export function quotePartsOf(quote: string): string[][] {
  return quote
    .split(ELLIPSIS)
    .map((part) => wordsOf(part))
    .filter((words) => words.length > 0);
}

/**
 * `quote-not-in-source`: every quoted span must appear verbatim in a source the sentence cites
 * (in any source when it cites none). A missing part of three words or more is an `error`; a one-
 * or two-word scare quote that is missing is a `warning`.
 */
export const checkQuoteNotInSource: Check = (ctx) => {
  const findings: Finding[] = [];
  for (const quote of ctx.draft.quotes) {
    const sentences = quote.sentences
      .map((i) => ctx.draft.sentences[i])
      .filter((s) => s !== undefined);
    if (sentences.length === 0) continue;
    const candidates = [
      ...new Map(sentences.flatMap((s) => sourcesToCheck(s, ctx)).map((s) => [s.id, s])).values(),
    ];
    if (candidates.length === 0) continue; // nothing to check against: unknown-source says why
    const missing = quotePartsOf(quote.text).filter(
      (words) => !candidates.some((source) => source.phrase.includes(` ${words.join(' ')} `)),
    );
    if (missing.length === 0) continue;
    const longest = Math.max(...missing.map((words) => words.length));
    const finding: Finding = {
      kind: 'quote-not-in-source',
      severity: longest >= 3 ? 'error' : 'warning',
      sentence: sentences.map((s) => s.text).join(' '),
      source: candidates.length === 1 ? candidates[0]!.id : null,
      detail: `quoted words "${missing.map((words) => words.join(' ')).join(' … ')}" not found verbatim in ${idsOf(candidates)} (compared after normalising case, quote marks, dashes and whitespace)`,
    };
    // The passage closest to the quotation: where a reworded quote was most likely taken from.
    const evidence = bestEvidenceOf(quote.text, candidates);
    if (evidence) finding.evidence = evidence;
    findings.push(finding);
  }
  return findings;
};
