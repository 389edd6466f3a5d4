import { corpusTextOf } from '../text/corpus-text.js';
import { fastTextOf } from '../text/fast-text.js';
import { DEFAULT_BINS, signatureOf } from './minhash.js';
import { DEFAULT_SHINGLE_WORDS, shingleSetOf, wordHashesOf } from './shingles.js';

/** Which reader turns Markdown into text: the fast scanner (default) or unified + remark. */
export type TextReader = 'fast' | 'remark';

/** How texts are fingerprinted; an index is only valid for the options it was built with. */
export interface FingerprintOptions {
  /** Words per shingle (default 3). */
  shingleWords: number;
  /** Signature length (default 128). */
  bins: number;
  /** Text reader (default `fast`). */
  reader: TextReader;
}

/** Defaults of {@link FingerprintOptions}. */
export const DEFAULT_FINGERPRINT: FingerprintOptions = {
  shingleWords: DEFAULT_SHINGLE_WORDS,
  bins: DEFAULT_BINS,
  reader: 'fast',
};

/** A text's shingle set and MinHash signature. */
export interface Fingerprint {
  /** Sorted unique shingle hashes. */
  shingles: Uint32Array;
  signature: Uint32Array;
}

/**
 * Fingerprints a Markdown text (frontmatter allowed).
 *
 * @param markdown Text to fingerprint.
 * @param options Options (default {@link DEFAULT_FINGERPRINT}).
 */
export function fingerprintOf(
  markdown: string,
  options: FingerprintOptions = DEFAULT_FINGERPRINT,
): Fingerprint {
  const text = options.reader === 'remark' ? corpusTextOf(markdown) : fastTextOf(markdown);
  const shingles = shingleSetOf(wordHashesOf(text), options.shingleWords);
  return { shingles, signature: signatureOf(shingles, options.bins) };
}
