import { STOPWORDS } from '../../text/stopwords.js';

/**
 * Okapi BM25 over passages, for the agent's `search_sources` tool. Small and exact: a topic has a
 * few dozen sources at most, so an in-memory inverted index built per draft is enough.
 */

/** A passage: one paragraph of one source. */
export interface Passage {
  source: string;
  /** 1-based paragraph number inside the source. */
  paragraph: number;
  text: string;
}

/** A passage and its score. */
export interface Hit extends Passage {
  score: number;
}

/** Lower-cased word tokens without stopwords. */
export function termsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((term) => !STOPWORDS.has(term));
}

/** BM25 index of passages. */
export class Bm25Index {
  private readonly passages: Passage[];
  private readonly lengths: number[];
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly averageLength: number;

  /**
   * @param passages Passages to index.
   * @param k1 Term-frequency saturation (default 1.2).
   * @param b Length normalisation (default 0.75).
   */
  constructor(
    passages: Passage[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.passages = passages;
    this.lengths = passages.map((passage, doc) => {
      const counts = new Map<string, number>();
      const terms = termsOf(passage.text);
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, tf });
        this.postings.set(term, list);
      }
      return terms.length;
    });
    const total = this.lengths.reduce((sum, length) => sum + length, 0);
    this.averageLength = passages.length > 0 ? total / passages.length : 0;
  }

  /**
   * Ranks passages for a query.
   *
   * @param query Free text.
   * @param limit Most hits returned (default 5).
   * @param sources Only search these source ids (default all).
   * @returns Hits with a positive score, best first.
   */
  search(query: string, limit = 5, sources?: ReadonlySet<string>): Hit[] {
    const scores = new Map<number, number>();
    const n = this.passages.length;
    for (const term of new Set(termsOf(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const length = this.lengths[doc] ?? 0;
        const norm = tf + this.k1 * (1 - this.b + (this.b * length) / (this.averageLength || 1));
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / norm);
      }
    }
    const hits: Hit[] = [];
    for (const [doc, score] of scores) {
      const passage = this.passages[doc];
      if (passage && (!sources || sources.has(passage.source))) hits.push({ ...passage, score });
    }
    return hits.sort((x, y) => y.score - x.score || x.paragraph - y.paragraph).slice(0, limit);
  }
}
