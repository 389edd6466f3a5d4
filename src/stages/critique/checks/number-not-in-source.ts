import { idsOf, sourcesToCheck } from './check-context.js';
import { figuresOf, hasFigure } from '../parse/figures.js';
import type { Check } from './check-context.js';
import { bestEvidenceOf, spanEvidenceOf } from './evidence.js';
import { borrowedFigureOf, type BorrowedFigure } from './figure-context.js';
import type { SourceIndex } from '../parse/source-index.js';
import type { Finding } from '../types.js';

/**
 * `number-not-in-source`: every figure of a sentence (see `figures.ts`) must match a figure of
 * the sources it cites (of any source when it cites none), by value or by mantissa. A missing
 * figure written in digits is an `error`; one written as a word (`twelve`) is a `warning`.
 */
export const checkNumberNotInSource: Check = (ctx) => {
  const findings: Finding[] = [];
  for (const sentence of ctx.draft.sentences) {
    const figures = figuresOf(sentence.text);
    if (figures.length === 0) continue;
    const sources = sourcesToCheck(sentence, ctx);
    if (sources.length === 0) continue; // nothing to check against: unknown-source says why
    const missing = figures.filter(
      (figure) => !sources.some((source) => hasFigure(figure, source.figures)),
    );
    if (missing.length === 0) {
      const borrowed = borrowedFigureOf(sentence.text, sources);
      if (borrowed) findings.push(borrowedFindingOf(sentence.text, borrowed, sources));
      continue;
    }
    const finding: Finding = {
      kind: 'number-not-in-source',
      severity: missing.some((figure) => !figure.word) ? 'error' : 'warning',
      sentence: sentence.text,
      source: sources.length === 1 ? sources[0]!.id : null,
      detail: `figure(s) ${missing.map((figure) => `"${figure.raw}"`).join(', ')} appear in no figure of ${idsOf(sources)} (compared as values: "1,200" = "1.2 thousand", "$2.1bn" = "2.1 billion")`,
    };
    const evidence = bestEvidenceOf(sentence.text, sources);
    if (evidence) finding.evidence = evidence;
    findings.push(finding);
  }
  return findings;
};

// A figure the source holds, but attached to something else (`figure-context.ts`).
function borrowedFindingOf(
  sentence: string,
  borrowed: BorrowedFigure,
  sources: SourceIndex[],
): Finding {
  const source = sources.find((s) => s.id === borrowed.source)!;
  return {
    kind: 'number-not-in-source',
    severity: 'error',
    sentence,
    source: source.id,
    detail: `figure "${borrowed.figure.raw}" is in ${source.id} but attached to something else there: "${source.sentences[borrowed.holder]}"; what the draft attaches it to ("${borrowed.phrase}") has another figure in ${source.id}: "${source.sentences[borrowed.subject]}"`,
    evidence: spanEvidenceOf(source, borrowed.holder, borrowed.holder + 1),
  };
}
