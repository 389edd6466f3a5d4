import type { MemoryCorpusIndex } from './corpus-index.js';
import { fingerprintOf, type Fingerprint } from './signature/fingerprint.js';
import { similarityOf, verdictOf, type Thresholds, type Verdict } from './signature/similarity.js';

/** A candidate text (a line of the CLI's candidates file). */
export interface Candidate {
  id: string;
  text: string;
}

/** The verdict on one candidate, as the CLI prints it. */
export interface CandidateResult {
  id: string;
  duplicate: boolean;
  /** The corpus file (relative to the content folder) or the id of an earlier candidate; null when not a duplicate. */
  of: string | null;
  /** The deciding measure's value for `of`; for a non-duplicate, of its closest corpus post or candidate (0 when none). */
  similarity: number;
  /** `jaccard` or `containment` (null when nothing was close at all). */
  measure: string | null;
  /** The threshold the similarity was compared with (null with `measure`). */
  threshold: number | null;
}

/**
 * Checks candidates in order against the corpus, then against the earlier candidates that were
 * not duplicates (both directions of containment: either may be the truncated copy).
 *
 * @param index The corpus index.
 * @param candidates Candidates in order.
 * @param thresholds Threshold overrides (default: the index's).
 */
export function checkCandidates(
  index: MemoryCorpusIndex,
  candidates: readonly Candidate[],
  thresholds: Partial<Thresholds> = {},
): CandidateResult[] {
  const limits: Thresholds = { ...index.thresholds, ...thresholds };
  const kept: Array<{ id: string; fingerprint: Fingerprint }> = [];
  const results: CandidateResult[] = [];
  for (const candidate of candidates) {
    const fingerprint = fingerprintOf(candidate.text, index.fingerprint);
    const closest = index.matchesOf(fingerprint, limits, 1)[0];
    let best: { of: string; verdict: Verdict } | null = closest
      ? {
          of: closest.id,
          verdict: {
            measure: closest.measure as Verdict['measure'],
            similarity: closest.similarity,
            threshold: closest.threshold,
            duplicate: closest.score >= 1,
            score: closest.score,
          },
        }
      : null;
    if (!best?.verdict.duplicate) {
      for (const other of kept) {
        const verdict = [
          verdictOf(similarityOf(other.fingerprint.shingles, fingerprint.shingles), limits),
          verdictOf(similarityOf(fingerprint.shingles, other.fingerprint.shingles), limits),
        ].sort((a, b) => b.score - a.score)[0]!;
        if (!best || verdict.score > best.verdict.score) best = { of: other.id, verdict };
      }
    }
    const duplicate = best?.verdict.duplicate ?? false;
    if (!duplicate) kept.push({ id: candidate.id, fingerprint });
    results.push({
      id: candidate.id,
      duplicate,
      of: duplicate ? best!.of : null,
      similarity: round(best?.verdict.similarity ?? 0),
      measure: best?.verdict.measure ?? null,
      threshold: best?.verdict.threshold ?? null,
    });
  }
  return results;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
