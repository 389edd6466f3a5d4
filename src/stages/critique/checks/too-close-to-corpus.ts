import type { Check } from './check-context.js';
import type { Finding } from '../types.js';

/** Share of the dedupe threshold from which a near miss is reported as `info`. */
export const NEAR_MISS_SHARE = 0.8;

/**
 * `too-close-to-corpus`: asks the corpus index (the dedupe stage's, so the same measure and
 * threshold decide) for the existing post closest to the draft's body. At or above the index's
 * threshold it is an `error` (the draft would re-propose published, pending or rejected
 * material); from {@link NEAR_MISS_SHARE} of the threshold it is `info` for the reviewer.
 */
export const checkTooCloseToCorpus: Check = (ctx) => {
  if (!ctx.corpus || ctx.corpus.size === 0) return [];
  // The prose alone: citation markers and footnote definitions are not what a reader compares.
  const match = ctx.corpus.closest(ctx.draft.sentences.map((sentence) => sentence.text).join(' '));
  if (!match || match.similarity < match.threshold * NEAR_MISS_SHARE) return [];
  const finding: Finding = {
    kind: 'too-close-to-corpus',
    severity: match.similarity >= match.threshold ? 'error' : 'info',
    sentence: ctx.draft.sentences[0]?.text ?? '',
    source: match.id,
    detail: `draft body vs corpus post ${match.id}: ${match.measure} ${match.similarity.toFixed(3)} (threshold ${match.threshold.toFixed(3)})`,
  };
  return [finding];
};
