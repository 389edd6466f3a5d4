import type { CorpusIndex, CorpusMatch } from './types.js';
import {
  DEFAULT_FINGERPRINT,
  fingerprintOf,
  type Fingerprint,
  type FingerprintOptions,
} from './signature/fingerprint.js';
import { LshTable, type LshArrays } from './signature/lsh.js';
import {
  DEFAULT_CONTAINMENT,
  DEFAULT_JACCARD,
  similarityOf,
  verdictOf,
  type Thresholds,
} from './signature/similarity.js';

/** One indexed post. */
export interface IndexedPost {
  /** Path relative to the content folder, `/`-separated. */
  path: string;
  shingles: Uint32Array;
  signature: Uint32Array;
}

/** A candidate's verified match, with both measures. */
export interface VerifiedMatch extends CorpusMatch {
  /** Exact Jaccard of the shingle sets. */
  jaccard: number;
  /** Exact share of the candidate's shingles found in the post. */
  containment: number;
  /** similarity / threshold of the deciding measure. */
  score: number;
}

/**
 * An in-memory corpus index: LSH over MinHash signatures to find candidates, then exact
 * Jaccard and containment on the shingle sets, so a band collision alone never makes a duplicate.
 */
export class MemoryCorpusIndex implements CorpusIndex {
  readonly size: number;
  readonly usedUrls: ReadonlyMap<string, string>;
  readonly usedHashes: ReadonlyMap<string, string>;
  private readonly used: { urls: Map<string, string>; hashes: Map<string, string> };
  /** Default thresholds of {@link nearest}. */
  readonly thresholds: Thresholds;
  /** How texts are fingerprinted. */
  readonly fingerprint: FingerprintOptions;
  private readonly posts: readonly IndexedPost[];
  private readonly lsh: LshTable;

  /**
   * @param posts Indexed posts (signatures of `fingerprint.bins` values).
   * @param options Used-source maps, thresholds and fingerprint options (defaults: empty maps,
   *   Jaccard 0.42, containment 0.9, 3-word shingles, 128 bins, fast reader).
   */
  constructor(
    posts: readonly IndexedPost[],
    options: {
      usedUrls?: ReadonlyMap<string, string>;
      usedHashes?: ReadonlyMap<string, string>;
      thresholds?: Partial<Thresholds>;
      fingerprint?: FingerprintOptions;
      /**
       * A stored LSH table (skips the build): either built over the same posts in the same
       * order, or over `slots` posts where `slots[s]` is the post at slot `s` (-1: a forgotten
       * post). Posts no slot names go into a small second table built here.
       */
      lsh?: LshArrays | { arrays: LshArrays; slots: Int32Array };
    } = {},
  ) {
    this.posts = posts;
    this.size = posts.length;
    this.used = { urls: new Map(options.usedUrls), hashes: new Map(options.usedHashes) };
    this.usedUrls = this.used.urls;
    this.usedHashes = this.used.hashes;
    this.thresholds = {
      jaccard: options.thresholds?.jaccard ?? DEFAULT_JACCARD,
      containment: options.thresholds?.containment ?? DEFAULT_CONTAINMENT,
    };
    this.fingerprint = options.fingerprint ?? DEFAULT_FINGERPRINT;
    const bins = this.fingerprint.bins;
    const stored = options.lsh && 'arrays' in options.lsh ? options.lsh : undefined;
    const built = stored ? stored.arrays : (options.lsh as LshArrays | undefined);
    this.slots = stored?.slots;
    const covered = new Uint8Array(posts.length);
    if (this.slots) {
      for (const id of this.slots) if (id >= 0) covered[id] = 1;
    } else if (built) covered.fill(1);
    const rest: number[] = [];
    covered.forEach((c, i) => {
      if (c === 0) rest.push(i);
    });
    // With a stored table only the posts outside it need their signatures (read from disk).
    this.lsh = built
      ? new LshTable(new Uint32Array(0), this.slots?.length ?? posts.length, bins, undefined, built)
      : new LshTable(signaturesOf(posts, rest, bins), posts.length, bins);
    this.restIds = built ? Int32Array.from(rest) : new Int32Array(0);
    this.rest =
      built && rest.length > 0
        ? new LshTable(signaturesOf(posts, rest, bins), rest.length, bins)
        : undefined;
  }

  /** Posts of the stored LSH table's slots (-1 forgotten), or undefined when slot = post. */
  readonly slots: Int32Array | undefined;
  /** Posts outside the main table, in its second table's order. */
  readonly restIds: Int32Array;
  private readonly rest: LshTable | undefined;

  /** The LSH table's arrays, to store them with the index. */
  lshArrays(): LshArrays {
    return this.lsh.arrays();
  }

  /**
   * The best post at or over a threshold, or null.
   *
   * @param text Markdown or plain text of a candidate.
   * @param thresholds Overrides of the index's thresholds (a topic's `dedupe` settings).
   */
  nearest(text: string, thresholds?: Partial<Thresholds>): CorpusMatch | null {
    return this.nearestOf(fingerprintOf(text, this.fingerprint), thresholds);
  }

  /** The post with the highest similarity relative to its threshold, or null when none shares a band. */
  closest(text: string): CorpusMatch | null {
    return this.matchesOf(fingerprintOf(text, this.fingerprint), {}, 1)[0] ?? null;
  }

  /**
   * {@link nearest} for an already fingerprinted text.
   *
   * @param fingerprint The candidate's fingerprint (same options as the index).
   * @param thresholds Threshold overrides.
   */
  nearestOf(fingerprint: Fingerprint, thresholds?: Partial<Thresholds>): VerifiedMatch | null {
    const best = this.matchesOf(fingerprint, thresholds ?? {}, 2)[0];
    return best && best.score >= 1 ? best : null;
  }

  /**
   * Every LSH candidate, verified exactly, best first (highest score, then path).
   *
   * @param fingerprint The candidate's fingerprint.
   * @param thresholds Threshold overrides.
   * @param minCollisions Bands a post must share to be verified (default 2; 1 for `closest`).
   */
  matchesOf(
    fingerprint: Fingerprint,
    thresholds: Partial<Thresholds> = {},
    minCollisions = 2,
  ): VerifiedMatch[] {
    const limits: Thresholds = {
      jaccard: thresholds.jaccard ?? this.thresholds.jaccard,
      containment: thresholds.containment ?? this.thresholds.containment,
    };
    const out: VerifiedMatch[] = [];
    for (const id of this.candidatesOf(fingerprint.signature, minCollisions)) {
      const post = this.posts[id]!;
      const similarity = similarityOf(post.shingles, fingerprint.shingles);
      const verdict = verdictOf(similarity, limits);
      out.push({
        id: post.path,
        measure: verdict.measure,
        similarity: verdict.similarity,
        threshold: verdict.threshold,
        jaccard: similarity.jaccard,
        containment: similarity.containment,
        score: verdict.score,
      });
    }
    return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Records a source as used by a file that the index does not read it from (a published post
   * whose sources live in the ledger). A source already used elsewhere keeps its first file.
   *
   * @param source The source's URL and/or text sha256.
   * @param file The post that used it (a path for the report).
   */
  addUsed(source: { url?: string; sha256?: string }, file: string): void {
    if (source.url !== undefined && !this.used.urls.has(source.url))
      this.used.urls.set(source.url, file);
    const hash = source.sha256?.toLowerCase();
    if (hash !== undefined && !this.used.hashes.has(hash)) this.used.hashes.set(hash, file);
  }

  // Post numbers of both tables' candidates, most band collisions first.
  private candidatesOf(signature: Uint32Array, minCollisions: number): number[] {
    const found: Array<[number, number]> = [];
    for (const [slot, hits] of this.lsh.candidatesOf(signature, minCollisions)) {
      const id = this.slots ? this.slots[slot]! : slot;
      if (id >= 0) found.push([id, hits]);
    }
    if (this.rest) {
      for (const [k, hits] of this.rest.candidatesOf(signature, minCollisions))
        found.push([this.restIds[k]!, hits]);
    }
    return found.sort((x, y) => y[1] - x[1]).map(([id]) => id);
  }
}

function signaturesOf(posts: readonly IndexedPost[], ids: number[], bins: number): Uint32Array {
  const flat = new Uint32Array(ids.length * bins);
  ids.forEach((id, i) => flat.set(posts[id]!.signature.subarray(0, bins), i * bins));
  return flat;
}
