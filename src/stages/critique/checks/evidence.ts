import { bestWindowOf, WINDOW_SENTENCES, type SourceIndex } from '../parse/source-index.js';
import { contentStemsOf } from '../../../text/words.js';
import type { Evidence } from '../types.js';

/**
 * The evidence of a comparison: the source's best window for the stems (as the checks align, see
 * `bestWindowOf`), narrowed to the shortest run of its sentences that holds as many of the stems
 * as the whole window (the earliest such run), with the share of the stems the passage holds.
 * Undefined when the source holds none of the stems (nothing was compared).
 *
 * @param stems Distinct content stems of the draft sentence, clause or quote.
 * @param source The prepared source.
 */
export function evidenceOf(stems: readonly string[], source: SourceIndex): Evidence | undefined {
  if (stems.length === 0) return undefined;
  const { start } = bestWindowOf(stems, source);
  if (start < 0) return undefined;
  const end = Math.min(start + WINDOW_SENTENCES, source.sentences.length);
  const held = (from: number, to: number) =>
    stems.filter((stem) => source.postings.get(stem)?.some((index) => index >= from && index < to))
      .length;
  const most = held(start, end);
  for (let length = 1; length <= end - start; length++) {
    for (let from = start; from + length <= end; from++) {
      if (held(from, from + length) === most)
        return spanEvidenceOf(source, from, from + length, stems);
    }
  }
  return spanEvidenceOf(source, start, end, stems);
}

/**
 * The evidence of a draft text against the best-aligned of several sources (the one whose window
 * holds the most of the text's stems; ties to the first).
 *
 * @param text A draft sentence or clause (quotations may be left in).
 * @param sources Candidate sources, in citation order.
 */
export function bestEvidenceOf(
  text: string,
  sources: readonly SourceIndex[],
): Evidence | undefined {
  const stems = [...new Set(contentStemsOf(text))];
  let best: Evidence | undefined;
  for (const source of sources) {
    const evidence = evidenceOf(stems, source);
    if (evidence && (!best || (evidence.score ?? 0) > (best.score ?? 0))) best = evidence;
  }
  return best;
}

/**
 * The evidence of a span of source sentences `[first, onePastLast)`, scored against `stems` when
 * given.
 *
 * @param source The prepared source.
 * @param first Index of the first sentence in `source.sentences`.
 * @param onePastLast One past the last sentence.
 * @param stems Content stems of the draft text compared, for the score (optional).
 */
export function spanEvidenceOf(
  source: SourceIndex,
  first: number,
  onePastLast: number,
  stems?: readonly string[],
): Evidence {
  const passage = source.sentences.slice(first, onePastLast).join(' ');
  const evidence: Evidence = { source: source.id, passage, sentences: [first, onePastLast] };
  if (stems && stems.length > 0) {
    const own = new Set(contentStemsOf(passage));
    evidence.score = roundOf(stems.filter((stem) => own.has(stem)).length / stems.length);
  }
  return evidence;
}

function roundOf(share: number): number {
  return Math.round(share * 1000) / 1000;
}
