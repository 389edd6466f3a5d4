import { mix32 } from './shingles.js';

/** Rows per band by default: 2 rows in 64 bands over a 128-value signature. */
export const DEFAULT_ROWS = 2;
/**
 * Band collisions a post needs to become a candidate. Two of 64: a pair at Jaccard 0.35 gets
 * there with probability 0.997, a pair at 0.01 with 0.00002, so a 100,000-post corpus yields a
 * handful of candidates per query instead of hundreds.
 */
export const DEFAULT_MIN_COLLISIONS = 2;

/** The arrays of a built {@link LshTable}, to store and load it without rebuilding. */
export interface LshArrays {
  starts: Uint32Array;
  keys: Uint32Array;
  ids: Uint32Array;
}

/**
 * A static LSH index over MinHash signatures: per band, one open hash table in compressed form
 * (bucket starts, then keys and post numbers), built by a counting sort. No per-key objects, and
 * each band's table is small enough to stay in cache while it is built: 100,000 posts x 64 bands
 * take ~60 MB.
 */
export class LshTable {
  readonly rows: number;
  readonly bands: number;
  private readonly count: number;
  private readonly bucketBits: number;
  private readonly starts: Uint32Array;
  private readonly keys: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly seen: Uint16Array;

  /**
   * @param signatures Signatures of the posts, `posts x bins` values laid end to end.
   * @param count Number of posts.
   * @param bins Signature length.
   * @param rows Rows per band (default {@link DEFAULT_ROWS}).
   * @param built Arrays of a table built before from the same signatures ({@link arrays}); their
   *   lengths are checked, and a mismatch throws.
   */
  constructor(
    signatures: Uint32Array,
    count: number,
    bins: number,
    rows: number = DEFAULT_ROWS,
    built?: LshArrays,
  ) {
    this.rows = rows;
    this.bands = Math.floor(bins / rows);
    this.count = count;
    this.bucketBits = Math.max(4, Math.ceil(Math.log2(Math.max(1, count))));
    const buckets = 2 ** this.bucketBits;
    const shift = 32 - this.bucketBits;
    this.seen = new Uint16Array(count);
    if (built) {
      const lengths = LshTable.lengthsOf(count, bins, rows);
      if (
        built.starts.length !== lengths.starts ||
        built.keys.length !== lengths.keys ||
        built.ids.length !== lengths.keys
      ) {
        throw new Error(`stored LSH table has ${built.keys.length} keys, expected ${lengths.keys}`);
      }
      this.starts = built.starts;
      this.keys = built.keys;
      this.ids = built.ids;
      return;
    }
    this.starts = new Uint32Array(this.bands * (buckets + 1));
    this.keys = new Uint32Array(this.bands * count);
    this.ids = new Uint32Array(this.bands * count);
    // Band-major keys, computed post by post (signatures are read in order).
    const bandKeys = new Uint32Array(this.bands * count);
    for (let post = 0; post < count; post++) {
      for (let band = 0; band < this.bands; band++)
        bandKeys[band * count + post] = this.bandKeyOf(signatures, post * bins, band);
    }
    for (let band = 0; band < this.bands; band++) {
      const s = band * (buckets + 1);
      const k = band * count;
      for (let post = 0; post < count; post++)
        this.starts[s + (bandKeys[k + post]! >>> shift) + 1]!++;
      for (let b = 0; b < buckets; b++) this.starts[s + b + 1]! += this.starts[s + b]!;
      const fill = this.starts.slice(s, s + buckets);
      for (let post = 0; post < count; post++) {
        const key = bandKeys[k + post]!;
        const at = k + fill[key >>> shift]!++;
        this.keys[at] = key;
        this.ids[at] = post;
      }
    }
  }

  /** Lengths of the arrays of a table over `count` posts. */
  static lengthsOf(
    count: number,
    bins: number,
    rows: number = DEFAULT_ROWS,
  ): { starts: number; keys: number } {
    const bands = Math.floor(bins / rows);
    const buckets = 2 ** Math.max(4, Math.ceil(Math.log2(Math.max(1, count))));
    return { starts: bands * (buckets + 1), keys: bands * count };
  }

  /** The table's arrays, to store it. */
  arrays(): LshArrays {
    return { starts: this.starts, keys: this.keys, ids: this.ids };
  }

  /**
   * Posts sharing at least `minCollisions` bands with a signature, most collisions first.
   *
   * @param signature Query signature.
   * @param minCollisions Bands that must agree (default {@link DEFAULT_MIN_COLLISIONS}).
   * @returns Post numbers with their collision counts.
   */
  candidatesOf(
    signature: Uint32Array,
    minCollisions: number = DEFAULT_MIN_COLLISIONS,
  ): Array<[number, number]> {
    const touched: number[] = [];
    const buckets = 2 ** this.bucketBits;
    for (let band = 0; band < this.bands; band++) {
      const key = this.bandKeyOf(signature, 0, band);
      const s = band * (buckets + 1) + (key >>> (32 - this.bucketBits));
      const base = band * this.count;
      for (let i = base + this.starts[s]!, end = base + this.starts[s + 1]!; i < end; i++) {
        if (this.keys[i] !== key) continue;
        const id = this.ids[i]!;
        if (this.seen[id] === 0) touched.push(id);
        this.seen[id]!++;
      }
    }
    const out: Array<[number, number]> = [];
    for (const id of touched) {
      const hits = this.seen[id]!;
      this.seen[id] = 0;
      if (hits >= minCollisions) out.push([id, hits]);
    }
    return out.sort((x, y) => y[1] - x[1]);
  }

  private bandKeyOf(signatures: Uint32Array, base: number, band: number): number {
    // The band number is mixed in so equal values in different bands are different keys.
    let h = Math.imul(band + 1, 0x9e3779b1);
    for (let r = 0; r < this.rows; r++) h = mix32(h ^ signatures[base + band * this.rows + r]!);
    return h;
  }
}
