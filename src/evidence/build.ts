import { splitFrontmatterLenient } from '../core/frontmatter.js';
import { withoutCredentials } from '../core/redact.js';
import type { RunDetails } from '../core/run-record.js';
import type { Usage } from '../core/usage.js';
import { normaliseSentence } from '../text/normalise.js';
import { contentStemsOf } from '../text/words.js';
import { parseDraft } from '../stages/critique/parse/parse-draft.js';
import {
  WINDOW_SENTENCES,
  bestWindowOf,
  indexSource,
  type SourceIndex,
} from '../stages/critique/parse/source-index.js';
import type { ParsedSentence, SourceText } from '../stages/critique/types.js';
import type {
  Evidence,
  EvidenceDocument,
  EvidenceDrop,
  EvidenceStrength,
  Finding,
  FindingEvidence,
  SentenceEvidence,
} from './types.js';

/**
 * Score bounds of the strength classes. The score of a passage is the share of the draft
 * sentence's content stems found in it (the critique's window alignment). `unsupported-citation`
 * flags a clause whose best passage covers at most 0.5 of it, so a sentence is **strong** at 0.6
 * or more (clearly above that line), **weak** from 0.3 (some of its words are there, read the
 * passage), and **none** below 0.3 or when it cites nothing the run has a text for. An `error`
 * finding about the sentence caps it at weak: the critique saw something the words do not show.
 */
export const EVIDENCE_THRESHOLDS = { strong: 0.6, weak: 0.3 } as const;

/** What {@link buildEvidence} reads. */
export interface EvidenceInput {
  /** The whole draft file (frontmatter and body), as written. */
  draft: string;
  /** The draft's path relative to the project root (as the run record names it). */
  draftPath: string;
  /** The run's extracted sources (`sources/<id>.md`); empty when the run folder is gone. */
  sources: SourceText[];
  /**
   * The critique's findings (with their `evidence` when the check recorded it). Default: the
   * draft frontmatter's `review` list.
   */
  findings?: readonly Finding[];
  /** The sources dedupe dropped (the run record's `details.drops`). */
  drops?: RunDetails['drops'];
  /** Cost of the draft. Default: the draft frontmatter's `cost`. */
  cost?: Usage;
  /** Run id. Default: the draft frontmatter's `run`. */
  runId?: string;
}

/**
 * The evidence of a draft: for every sentence the reader sees, the passage of each cited source
 * that best supports it (the window of {@link WINDOW_SENTENCES} source sentences holding most of
 * its content stems, trimmed of edge sentences holding none) with its position and score, and
 * its strength class; every finding with the passage it compared (the check's own `evidence`
 * when it has one, else the best passage of the finding's source for its sentence).
 *
 * A cited source with no matching word still gets a passage, its opening sentences with score
 * 0, so that the reviewer sees what the source is about.
 *
 * @param input The draft, its sources and what the run recorded.
 */
export function buildEvidence(input: EvidenceInput): EvidenceDocument {
  const draft = parseDraft(input.draft);
  const { data } = splitFrontmatterLenient(input.draft);
  const indexes = new Map<string, SourceIndex>();
  for (const source of input.sources) indexes.set(source.id, indexSource(source));
  const findings = (input.findings ?? reviewFindingsOf(data.review)).map((finding) =>
    locateFinding(finding, draft.sentences, indexes),
  );
  const sentences = draft.sentences.map((sentence, index) =>
    sentenceEvidenceOf(sentence, index, indexes, findings),
  );
  const summary: Record<EvidenceStrength, number> = { strong: 0, weak: 0, none: 0 };
  for (const sentence of sentences) summary[sentence.strength]++;
  const citedBy = new Map<string, number>();
  for (const sentence of sentences)
    for (const id of sentence.cites) citedBy.set(id, (citedBy.get(id) ?? 0) + 1);
  const byId = new Map(input.sources.map((source) => [source.id, source]));
  const listed = draft.sources.length > 0 ? draft.sources : input.sources;
  return {
    version: 1,
    runId: input.runId ?? (typeof data.run === 'string' ? data.run : null),
    draft: input.draftPath,
    title: typeof data.title === 'string' ? data.title : '',
    thresholds: { ...EVIDENCE_THRESHOLDS },
    summary,
    sentences,
    findings,
    sources: listed.map((source) => ({
      id: source.id,
      url: withoutCredentials(source.url || (byId.get(source.id)?.url ?? '')),
      title: source.title || (byId.get(source.id)?.title ?? source.id),
      citedBy: citedBy.get(source.id) ?? 0,
      hasText: indexes.has(source.id),
      sentenceCount: indexes.get(source.id)?.sentences.length ?? 0,
    })),
    dropped: (input.drops ?? []).map((drop): EvidenceDrop => ({
      id: drop.id,
      url: withoutCredentials(drop.url),
      reason: drop.reason,
      duplicateOf: drop.duplicateOf,
      measure: drop.measure,
      similarity: drop.similarity,
      threshold: drop.threshold,
    })),
    cost: input.cost ?? costOf(data.cost),
  };
}

/**
 * The best passage of a source for a text: the window of {@link WINDOW_SENTENCES} sentences
 * holding most of its content stems, trimmed of edge sentences holding none; the source's opening
 * window with score 0 when no stem is in it (or the text has no content word to look for).
 *
 * @param text A draft sentence (or any claim).
 * @param source The prepared source.
 */
export function passageOf(text: string, source: SourceIndex): Evidence {
  const stems = [...new Set(contentStemsOf(text))];
  const match = bestWindowOf(stems, source);
  const count = source.sentences.length;
  let from = Math.max(match.start, 0);
  let to = Math.min(from + WINDOW_SENTENCES, count);
  if (match.start >= 0 && stems.length > 0) {
    const holding = new Set(stems.flatMap((stem) => source.postings.get(stem) ?? []));
    while (from < to - 1 && !holding.has(from)) from++;
    while (to - 1 > from && !holding.has(to - 1)) to--;
  }
  return {
    source: source.id,
    passage: source.sentences.slice(from, to).join(' '),
    sentences: [from, to],
    // No content word (`It rose.`): nothing to measure, so nothing is claimed either.
    score: match.start < 0 || stems.length === 0 ? 0 : round(match.overlap),
  };
}

/**
 * The strength class of a sentence: from the best score of its passages, capped at weak when an
 * `error` finding is about it (see {@link EVIDENCE_THRESHOLDS}).
 *
 * @param evidence The sentence's passages.
 * @param hasError Whether an `error` finding is about the sentence.
 */
export function strengthOf(evidence: readonly Evidence[], hasError: boolean): EvidenceStrength {
  const best = Math.max(0, ...evidence.map((item) => item.score ?? 0));
  if (best < EVIDENCE_THRESHOLDS.weak) return 'none';
  if (best < EVIDENCE_THRESHOLDS.strong || hasError) return 'weak';
  return 'strong';
}

function sentenceEvidenceOf(
  sentence: ParsedSentence,
  index: number,
  indexes: ReadonlyMap<string, SourceIndex>,
  findings: readonly FindingEvidence[],
): SentenceEvidence {
  const evidence: Evidence[] = [];
  const missing: string[] = [];
  for (const id of sentence.cites) {
    const source = indexes.get(id);
    if (source) evidence.push(passageOf(sentence.text, source));
    else missing.push(id);
  }
  const about = findings.flatMap((finding, at) => (finding.sentenceIndex === index ? [at] : []));
  const hasError = about.some((at) => findings[at]!.severity === 'error');
  return {
    index,
    section: sentence.section,
    paragraph: sentence.paragraph,
    text: sentence.text,
    cites: sentence.cites,
    evidence,
    missing,
    strength: strengthOf(evidence, hasError),
    findings: about,
  };
}

/**
 * A finding placed on its draft sentence (the same text once normalised, or the sentence a
 * quote-spanning finding starts with), with the passage it compared: the check's own when it
 * recorded one, else the best passage of its source.
 */
function locateFinding(
  finding: Finding,
  sentences: readonly ParsedSentence[],
  indexes: ReadonlyMap<string, SourceIndex>,
): FindingEvidence {
  const wanted = normaliseSentence(finding.sentence);
  let at = wanted ? sentences.findIndex((s) => normaliseSentence(s.text) === wanted) : -1;
  if (at < 0 && wanted.length > 0)
    at = sentences.findIndex((s) => {
      const text = normaliseSentence(s.text);
      return text.length > 20 && wanted.includes(text);
    });
  const located: FindingEvidence = { ...finding, sentenceIndex: at < 0 ? null : at };
  const source = finding.source ? indexes.get(finding.source) : undefined;
  if (!located.evidence && source && at >= 0)
    located.evidence = passageOf(sentences[at]!.text, source);
  return located;
}

function reviewFindingsOf(value: unknown): Finding[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): Finding[] => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    const severity = record.severity;
    return [
      {
        kind: typeof record.kind === 'string' ? record.kind : 'unknown',
        severity:
          severity === 'error' || severity === 'warning' || severity === 'info' ? severity : 'info',
        sentence: typeof record.sentence === 'string' ? record.sentence : '',
        source:
          typeof record.source === 'string' || typeof record.source === 'number'
            ? String(record.source)
            : null,
        detail: typeof record.detail === 'string' ? record.detail : '',
      },
    ];
  });
}

function costOf(value: unknown): Usage | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const number = (key: string) => (typeof record[key] === 'number' ? record[key] : 0);
  return {
    inputTokens: number('inputTokens'),
    outputTokens: number('outputTokens'),
    cacheReadTokens: number('cacheReadTokens'),
    cacheWriteTokens: number('cacheWriteTokens'),
    usd: number('usd'),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
