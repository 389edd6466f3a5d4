import { citedSourcesOf, idsOf } from './check-context.js';
import type { CheckContext, Check } from './check-context.js';
import { bestEvidenceOf, evidenceOf, spanEvidenceOf } from './evidence.js';
import { misattributionOf, publicationNamesOf } from './attribution.js';
import { contradictionOf } from './polarity.js';
import { bestWindowOf, type SourceIndex } from '../parse/source-index.js';
import { contentStemsOf, namesOf, wordsOf } from '../../../text/words.js';
import type { Evidence, Finding, ParsedSentence } from '../types.js';

/**
 * A clause is unsupported when at least this share of its content words appear nowhere in the
 * cited sources ("novel" words: the claim brings in something the source does not have)...
 */
export const NOVEL_MIN_SHARE = 0.3;

/** ...and the best window of the cited sources covers at most this share of it. */
export const WINDOW_MAX_OVERLAP = 0.5;

/** Clauses with fewer content words than this are not measured (too little to judge). */
export const CLAUSE_MIN_WORDS = 4;

// Clause boundaries: coordination and subordination that usually join two separate claims.
const CLAUSE_BREAK =
  /,? (?:and|but|while|whereas|although|after|before|because|since|as) |; |, (?:which|who|where) /;

// Stands in for `: "quotation"` so that the clause framing a quote can be recognised.
const COLON_QUOTE = ' \u0000 ';

// A name word is present as written, possessive dropped, or in the singular (`Dreamliners`).
function hasWord(source: SourceIndex, word: string): boolean {
  if (source.bare.includes(` ${word} `)) return true;
  const singular = word.replace(/(?:es|s)$/, '');
  return (
    singular !== word &&
    singular.length > 2 &&
    (source.bare.includes(` ${singular} `) || source.bare.includes(` ${word.slice(0, -1)} `))
  );
}

// A sentence with its quotations left out (quotes have their own check); a quote introduced by a
// colon leaves a mark, so that its framing clause is known.
function unquotedOf(text: string): string {
  return text.replace(/:\s*["“][^"”]*["”]?/g, COLON_QUOTE).replace(/["“][^"”]*["”]/g, ' ');
}

/** How well a sentence is supported by its cited sources. */
export interface Support {
  /** Names of the sentence found in none of the cited sources. */
  absentNames: string[];
  /** The weakest measured clause, when one is unsupported. */
  clause: {
    text: string;
    novel: string[];
    words: number;
    overlap: number;
    source: string | null;
  } | null;
}

/**
 * Aligns a sentence with its cited sources. Each clause (a quotation's own words left out: quotes
 * have their own check) is compared with every window of three consecutive source
 * sentences; a clause that introduces a quotation with a colon (`X said:`) only frames the quote
 * and is not measured. Names count as present when a cited source contains the word (possessives ignored).
 *
 * @param sentence A draft sentence.
 * @param sources The sources it cites.
 */
export function supportOf(sentence: ParsedSentence, sources: SourceIndex[]): Support {
  const publication = publicationNamesOf(sentence.text, sources);
  const absentNames = namesOf(sentence.text).filter(
    (name) =>
      !publication.has(name) &&
      !wordsOf(name).every((word) => sources.some((source) => hasWord(source, word))),
  );
  let clause: Support['clause'] = null;
  const unquoted = unquotedOf(sentence.text);
  // The whole sentence is measured too: a claim can be spread over clauses that each look fine.
  const clauses = unquoted.split(CLAUSE_BREAK);
  for (const text of clauses.length > 1 ? [...clauses, unquoted] : clauses) {
    if (text.includes(COLON_QUOTE)) continue;
    const stems = [...new Set(contentStemsOf(text))];
    if (stems.length < CLAUSE_MIN_WORDS) continue;
    const novel = stems.filter((stem) => !sources.some((source) => source.stems.has(stem)));
    if (novel.length / stems.length < NOVEL_MIN_SHARE) continue;
    let overlap = 0;
    let best: string | null = null;
    for (const source of sources) {
      const match = bestWindowOf(stems, source);
      if (match.overlap > overlap) {
        overlap = match.overlap;
        best = source.id;
      }
    }
    if (overlap <= WINDOW_MAX_OVERLAP && (!clause || overlap < clause.overlap)) {
      clause = { text: text.trim(), novel, words: stems.length, overlap, source: best };
    }
  }
  return { absentNames, clause };
}

/**
 * `unsupported-citation`: the cited sources hold no passage that supports the sentence. Two
 * signals, both lexical: names in the sentence that no cited source contains (the strong one:
 * an invented person, place or organisation), and a clause whose content words are largely absent
 * from the sources ({@link NOVEL_MIN_SHARE}) while no passage covers it ({@link WINDOW_MAX_OVERLAP}). Figures are left to `number-not-in-source`. A third, for a clause
 * whose words are covered: its best-aligned source sentence says the opposite (`polarity.ts`).
 * Subtler contradictions are the model critic's job.
 */
export const checkUnsupportedCitation: Check = (ctx: CheckContext) => {
  const findings: Finding[] = [];
  for (const sentence of ctx.draft.sentences) {
    const sources = citedSourcesOf(sentence, ctx);
    if (sources.length === 0) continue;
    const support = supportOf(sentence, sources);
    // A clause that reuses the source's words can still reverse them: only looked for when the
    // words themselves are covered (an uncovered clause is reported as such).
    const opposite = support.clause ? null : contradictionOf(unquotedOf(sentence.text), sources);
    // Who said it is a claim too: checked where the speech itself is found in a source.
    const misattributed =
      support.clause || opposite ? null : misattributionOf(sentence.text, sources);
    if (support.absentNames.length === 0 && !support.clause && !opposite && !misattributed)
      continue;
    const reasons: string[] = [];
    if (misattributed) {
      reasons.push(
        `misattributed: the draft gives "${misattributed.attribution.speaker}" as the speaker, but ${misattributed.reason} (${misattributed.source})`,
      );
    }
    if (opposite) {
      reasons.push(
        `the source says the opposite: "${opposite.passage}" (${opposite.source}) against "${opposite.clause}": ${opposite.reason}`,
      );
    }
    if (support.absentNames.length > 0)
      reasons.push(
        `name(s) ${support.absentNames.map((n) => `"${n}"`).join(', ')} appear in none of them`,
      );
    const clause = support.clause;
    if (clause) {
      reasons.push(
        `in "${clause.text}", ${clause.novel.length} of ${clause.words} content words appear nowhere in them (${clause.novel.join(', ')}) and the best passage${clause.source ? ` (in ${clause.source})` : ''} covers ${(clause.overlap * 100).toFixed(0)}%`,
      );
    }
    // One unknown name in an otherwise covered sentence is often an elaboration the writer added
    // (a state after a city, a full name): worth a look, not proof. More is an invented claim.
    const single = !clause && !opposite && !misattributed && support.absentNames.length === 1;
    const finding: Finding = {
      kind: 'unsupported-citation',
      severity: single ? 'info' : 'error',
      sentence: sentence.text,
      source:
        sources.length === 1 ? sources[0]!.id : (opposite?.source ?? misattributed?.source ?? null),
      detail: `checked against ${idsOf(sources)}: ${reasons.join('; ')}`,
    };
    const evidence = misattributed
      ? spanEvidenceOf(
          sources.find((s) => s.id === misattributed.source)!,
          misattributed.at,
          misattributed.at + 1,
        )
      : evidenceForSupport(sentence, sources, clause, opposite);
    if (evidence) finding.evidence = evidence;
    findings.push(finding);
  }
  return findings;
};

// The passage the finding rests on: the contradicting sentence, the best window of the weakest
// clause, or the best window of the whole sentence (names only).
function evidenceForSupport(
  sentence: ParsedSentence,
  sources: SourceIndex[],
  clause: Support['clause'],
  opposite: ReturnType<typeof contradictionOf>,
): Evidence | undefined {
  if (opposite) {
    const source = sources.find((s) => s.id === opposite.source);
    const stems = [...new Set(contentStemsOf(opposite.clause))];
    if (source) return spanEvidenceOf(source, opposite.at, opposite.at + 1, stems);
  }
  if (clause?.source) {
    const source = sources.find((s) => s.id === clause.source);
    const evidence = source && evidenceOf([...new Set(contentStemsOf(clause.text))], source);
    if (evidence) return evidence;
  }
  return bestEvidenceOf(unquotedOf(sentence.text), sources);
}
