import type { CorpusIndex } from '../../corpus/types.js';
import type { Article } from '../extract/types.js';

// The next stage reads the kept articles in the same shape.
export type { Article } from '../extract/types.js';
export type { CorpusIndex } from '../../corpus/types.js';

/** Why a source was dropped, with the figures. */
export interface Drop {
  id: string;
  url: string;
  /** `duplicate-of-source`, `duplicate-of-corpus` or `already-used`. */
  reason: 'duplicate-of-source' | 'duplicate-of-corpus' | 'already-used';
  /** The corpus file (relative to `content/`), the draft file, or the other source's id and URL. */
  duplicateOf: string;
  /** `jaccard`, `containment`, `url` or `sha256`. */
  measure: string;
  similarity: number;
  threshold: number;
}

/** Input of the dedupe stage. */
export interface DedupeInput {
  articles: Article[];
  corpus: CorpusIndex;
  /**
   * Sources this run already kept (optional): a source added later (web research) that copies one
   * of them is dropped as `duplicate-of-source`, and never takes its place.
   */
  earlier?: Article[];
}

/** Output of the dedupe stage. */
export interface DedupeOutput {
  kept: Article[];
  dropped: Drop[];
}
