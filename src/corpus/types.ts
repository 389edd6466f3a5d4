/** The closest corpus post to a text, with the measure that matched. */
export interface CorpusMatch {
  /** Corpus file, relative to the content folder (or a candidate id). */
  id: string;
  /** The measure that decided (`jaccard`, `containment`, ...). */
  measure: string;
  /** Its value, 0 to 1. */
  similarity: number;
  /** The threshold it was compared with. */
  threshold: number;
}

/** The corpus as the dedupe stage and the critique see it: an index of existing posts. */
export interface CorpusIndex {
  /** Number of posts indexed. */
  readonly size: number;
  /**
   * The nearest post whose similarity to `text` reaches the duplicate threshold, or null.
   *
   * @param text Markdown or plain text of a candidate.
   * @param thresholds Overrides of the index's thresholds (a topic's `dedupe` settings), optional.
   */
  nearest(
    text: string,
    thresholds?: { jaccard?: number; containment?: number },
  ): CorpusMatch | null;
  /** The highest similarity of `text` to any post (for `too-close-to-corpus`), or null when empty. */
  closest(text: string): CorpusMatch | null;
  /** Sources cited by published, pending or rejected drafts: URL -> draft file. */
  readonly usedUrls: ReadonlyMap<string, string>;
  /** The same, by the cited text's sha256 -> draft file. */
  readonly usedHashes: ReadonlyMap<string, string>;
}
