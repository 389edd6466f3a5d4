/**
 * The corpus service: the posts of `content/` (published, pending, rejected) read as text,
 * fingerprinted, indexed and kept between runs. The dedupe stage, the critique's
 * `too-close-to-corpus` check and the `dedupe` command all read the corpus through this module.
 * See `README.md` for the map of the folder.
 */
export {
  loadCorpus,
  type LoadCorpusOptions,
  type LoadedCorpus,
  type LoadStats,
} from './load-corpus.js';
export { MemoryCorpusIndex, type VerifiedMatch } from './corpus-index.js';
export { CombinedCorpusIndex, loadProjectCorpus } from './corpora.js';
export { corpusTextOf } from './text/corpus-text.js';
export { fastTextOf } from './text/fast-text.js';
export { fingerprintOf, type Fingerprint } from './signature/fingerprint.js';
export {
  DEFAULT_CONTAINMENT,
  DEFAULT_JACCARD,
  similarityOf,
  verdictOf,
  type Thresholds,
  type Verdict,
} from './signature/similarity.js';
export type { CorpusIndex, CorpusMatch } from './types.js';
