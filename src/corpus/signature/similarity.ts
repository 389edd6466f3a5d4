import { intersectionSizeOf } from './shingles.js';

/**
 * Duplicate thresholds, calibrated on ../shared/eval/dedupe/pairs.jsonl with word 3-shingles
 * (see the README): a candidate is a duplicate of a post when either measure reaches its value.
 */
export interface Thresholds {
  /** Exact Jaccard of the shingle sets (default {@link DEFAULT_JACCARD}). */
  jaccard: number;
  /** Share of the candidate's shingles found in the post (default {@link DEFAULT_CONTAINMENT}). */
  containment: number;
}

/**
 * Jaccard threshold. On the pair set, distinct posts reach at most 0.31 and copies at least 0.52
 * (light paraphrases 0.56): 0.42 sits in the middle of the gap.
 */
export const DEFAULT_JACCARD = 0.42;
/**
 * Containment threshold. On the pair set distinct posts reach at most 0.51 and truncated copies
 * at least 0.98; over the whole evaluation corpus, event announcements built on one template
 * (different speakers and topic) reach 0.84 against each other. 0.9 keeps those apart and still
 * catches an excerpt of any length, even with a few words changed. Every duplicate kind of the
 * pair set is caught by Jaccard alone (lowest 0.52), so this threshold costs it nothing.
 */
export const DEFAULT_CONTAINMENT = 0.9;

/** Below this many shingles a candidate's containment is not trusted (a one-line text is "in" many posts). */
export const MIN_CONTAINMENT_SHINGLES = 20;

/** Exact similarity of a candidate to a post. */
export interface Similarity {
  jaccard: number;
  /** |post ∩ candidate| / |candidate|. */
  containment: number;
}

/**
 * Exact Jaccard and containment of two shingle sets.
 *
 * @param post Shingles of the indexed post (sorted unique).
 * @param candidate Shingles of the candidate (sorted unique).
 */
export function similarityOf(post: Uint32Array, candidate: Uint32Array): Similarity {
  const shared = intersectionSizeOf(post, candidate);
  const union = post.length + candidate.length - shared;
  return {
    jaccard: union === 0 ? 0 : shared / union,
    // A very short candidate falls back to Jaccard: its few shingles say little about containment.
    containment:
      candidate.length < MIN_CONTAINMENT_SHINGLES
        ? union === 0
          ? 0
          : shared / union
        : shared / candidate.length,
  };
}

/** The measure that decides, with its value and threshold. */
export interface Verdict {
  /** `url` only for two sources at the same URL (similarity 1). */
  measure: 'jaccard' | 'containment' | 'url';
  similarity: number;
  threshold: number;
  duplicate: boolean;
  /** similarity / threshold: how far over (>= 1) or under its threshold the pair is. */
  score: number;
}

/**
 * Decides whether a pair is a duplicate: Jaccard first (symmetric, the usual measure), else
 * containment (truncated copies and excerpts); when neither reaches its threshold, the measure
 * closest to its own threshold is reported.
 *
 * @param similarity Exact similarity of the pair.
 * @param thresholds Thresholds (defaults {@link DEFAULT_JACCARD}, {@link DEFAULT_CONTAINMENT}).
 */
export function verdictOf(similarity: Similarity, thresholds: Thresholds): Verdict {
  const j = similarity.jaccard / thresholds.jaccard;
  const c = similarity.containment / thresholds.containment;
  const useJaccard = similarity.jaccard >= thresholds.jaccard || j >= c;
  const measure = useJaccard ? 'jaccard' : 'containment';
  const value = useJaccard ? similarity.jaccard : similarity.containment;
  const threshold = useJaccard ? thresholds.jaccard : thresholds.containment;
  return {
    measure,
    similarity: value,
    threshold,
    duplicate: value >= threshold,
    score: Math.max(j, c),
  };
}
