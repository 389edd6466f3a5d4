import { mix32 } from './shingles.js';

/** Signature length by default (bins of one-permutation hashing). A power of two. */
export const DEFAULT_BINS = 128;

const EMPTY = 0xffffffff;

/**
 * MinHash signature of a shingle set by one-permutation hashing with optimal densification
 * (Shrivastava, ICML 2017): each shingle is hashed once, its top bits pick a bin and the rest is
 * the value; each bin keeps its minimum. Empty bins (sets smaller than the signature) borrow the
 * value of a bin found by a fixed pseudo-random probe sequence, which keeps the collision
 * probability of each position equal to the Jaccard similarity.
 *
 * Why not the `minhash` package: it hashes every shingle once per permutation (128 string hashes
 * and modular products per shingle) and its products overflow double precision; bench/dedupe.ts
 * prints both figures.
 *
 * @param shingles Shingle hashes ({@link shingleSetOf}).
 * @param bins Signature length, a power of two from 2 to 65536 (default {@link DEFAULT_BINS}).
 * @returns `bins` values; all `0xffffffff` for an empty set.
 */
export function signatureOf(shingles: Uint32Array, bins: number = DEFAULT_BINS): Uint32Array {
  const shift = 32 - Math.log2(bins);
  const valueMask = shift === 32 ? 0xffffffff : (1 << shift) - 1 || 0xffffffff;
  const signature = new Uint32Array(bins).fill(EMPTY);
  for (let i = 0; i < shingles.length; i++) {
    // Re-mixing with a fixed salt decouples bin choice from the shingle hash's own low bits.
    const h = mix32((shingles[i]! ^ 0x5bd1e995) >>> 0);
    const bin = h >>> shift;
    const value = (h & valueMask) >>> 0;
    if (value < signature[bin]!) signature[bin] = value;
  }
  if (shingles.length === 0) return signature;
  const filled = signature.slice();
  for (let bin = 0; bin < bins; bin++) {
    if (filled[bin] !== EMPTY) continue;
    for (let attempt = 1; ; attempt++) {
      const probe =
        mix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) & (bins - 1);
      const value = filled[probe]!;
      if (value !== EMPTY) {
        // Mixing in the bin keeps two borrowed copies of the same value from colliding by chance
        // between sets that filled different bins.
        signature[bin] = mix32(value ^ Math.imul(bin + 1, 0xc2b2ae35));
        break;
      }
    }
  }
  return signature;
}

/**
 * Share of equal positions of two signatures: the MinHash estimate of Jaccard similarity.
 *
 * @param a Signature.
 * @param b Signature of the same length.
 */
export function estimatedJaccardOf(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return a.length === 0 ? 0 : equal / a.length;
}
