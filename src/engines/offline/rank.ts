import type { Candidate } from './sentence-candidates.js';
import { tokensOf } from './sentence-candidates.js';

/** A sparse TF-IDF vector, L2-normalised. */
export type Vector = Map<string, number>;

/** A candidate with its scores. */
export interface Ranked extends Candidate {
  vector: Vector;
  /** Cosine similarity to the topic's title and description, 0 to 1. */
  relevance: number;
  /** Mean similarity to the sentences of the other sources, 0 to 1. */
  centrality: number;
  /** The combined score the drafter sorts by. */
  score: number;
}

/**
 * Scores candidates by relevance to the topic and by centrality (how much the other sources say
 * the same thing: the LexRank idea without the power iteration), with a small lead bias since
 * articles state their main facts early.
 *
 * @param candidates Candidate sentences of all sources.
 * @param topicText The topic's title and description.
 */
export function rankCandidates(candidates: Candidate[], topicText: string): Ranked[] {
  const idf = idfOf(candidates.map((candidate) => candidate.tokens));
  const vectors = candidates.map((candidate) => vectorOf(candidate.tokens, idf));
  const topic = vectorOf(tokensOf(topicText), idf);
  const sources = new Set(candidates.map((candidate) => candidate.sourceId));
  return candidates.map((candidate, i) => {
    const vector = vectors[i]!;
    let sum = 0;
    let others = 0;
    for (let j = 0; j < candidates.length; j++) {
      if (candidates[j]!.sourceId === candidate.sourceId) continue;
      sum += cosine(vector, vectors[j]!);
      others++;
    }
    // With a single source there is no cross-source agreement to measure; relevance decides.
    const centrality = sources.size > 1 && others > 0 ? sum / others : 0;
    const relevance = cosine(vector, topic);
    const lead = 1 - candidate.relativePosition;
    const score = 0.45 * relevance + 0.4 * Math.min(1, centrality * 4) + 0.15 * lead;
    return { ...candidate, vector, relevance, centrality, score };
  });
}

/** Cosine similarity of two normalised sparse vectors. */
export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return dot;
}

function idfOf(documents: string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const tokens of documents) {
    for (const term of new Set(tokens)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [term, count] of df) idf.set(term, Math.log(1 + documents.length / count));
  return idf;
}

function vectorOf(tokens: string[], idf: Map<string, number>): Vector {
  const vector: Vector = new Map();
  for (const token of tokens) vector.set(token, (vector.get(token) ?? 0) + 1);
  let norm = 0;
  for (const [term, tf] of vector) {
    const weight = tf * (idf.get(term) ?? Math.log(2));
    vector.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [term, weight] of vector) vector.set(term, weight / norm);
  return vector;
}
