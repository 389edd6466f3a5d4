import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryCorpusIndex } from '../src/corpus/corpus-index.js';
import {
  DEFAULT_FINGERPRINT,
  fingerprintOf,
  type Fingerprint,
} from '../src/corpus/signature/fingerprint.js';
import { similarityOf, verdictOf } from '../src/corpus/signature/similarity.js';

/** One labelled pair of ../shared/eval/dedupe/pairs.jsonl (only the fields a stage may read). */
export interface LabelledPair {
  id: string;
  /** Corpus post, relative to the corpus folder. */
  a: string;
  /** Candidate text. */
  b: string;
  label: 'dup' | 'distinct';
  kind: string;
}

/** Per-kind outcome of a pair set. */
export interface KindScore {
  kind: string;
  label: 'dup' | 'distinct';
  pairs: number;
  /** Pairs where `a` was among the matches (a hit for `dup`, a false positive for `distinct`). */
  matched: number;
}

/** Scores of a pair set through the index. */
export interface PairScores {
  kinds: KindScore[];
  precision: number;
  recall: number;
  /** Lowest score (similarity / threshold) of a dup pair and highest of a distinct pair, exact. */
  lowestDupScore: number;
  highestDistinctScore: number;
}

/**
 * Reads a pair file, keeping only `id`, `a`, `b`, `label` and `kind` (the reference similarity
 * fields must not be read by an implementation under test).
 *
 * @param file Path of `pairs.jsonl`.
 */
export function readPairs(file: string): LabelledPair[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { id, a, b, label, kind } = JSON.parse(line) as LabelledPair;
      return { id, a, b, label, kind };
    });
}

/**
 * Scores a matcher on a pair set: the corpus is the pairs' `a` posts, each `b` is queried, and
 * a pair counts as predicted duplicate when `a` is among the matches at or over threshold.
 *
 * @param pairs Labelled pairs.
 * @param corpusDir Folder the `a` paths are relative to.
 * @param matchesOf Returns the corpus paths a candidate duplicates, with its exact score against
 *   `a` (default: a {@link MemoryCorpusIndex} over the `a` posts).
 */
export function scorePairs(
  pairs: readonly LabelledPair[],
  corpusDir: string,
  matchesOf?: (b: string, a: string) => { matches: string[]; scoreToA: number },
): PairScores {
  const match = matchesOf ?? defaultMatcher(pairs, corpusDir);
  const kinds = new Map<string, KindScore>();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let lowestDupScore = Number.POSITIVE_INFINITY;
  let highestDistinctScore = 0;
  for (const pair of pairs) {
    const { matches, scoreToA } = match(pair.b, pair.a);
    const hit = matches.includes(pair.a);
    const entry = kinds.get(pair.kind) ?? {
      kind: pair.kind,
      label: pair.label,
      pairs: 0,
      matched: 0,
    };
    entry.pairs++;
    if (hit) entry.matched++;
    kinds.set(pair.kind, entry);
    if (pair.label === 'dup') {
      if (hit) tp++;
      else fn++;
      lowestDupScore = Math.min(lowestDupScore, scoreToA);
    } else {
      if (hit) fp++;
      highestDistinctScore = Math.max(highestDistinctScore, scoreToA);
    }
  }
  return {
    kinds: [...kinds.values()],
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    lowestDupScore,
    highestDistinctScore,
  };
}

function defaultMatcher(pairs: readonly LabelledPair[], corpusDir: string) {
  const fingerprints = new Map<string, Fingerprint>();
  for (const pair of pairs) {
    if (!fingerprints.has(pair.a))
      fingerprints.set(
        pair.a,
        fingerprintOf(readFileSync(join(corpusDir, pair.a), 'utf8'), DEFAULT_FINGERPRINT),
      );
  }
  const index = new MemoryCorpusIndex([...fingerprints].map(([path, f]) => ({ path, ...f })));
  return (b: string, a: string) => {
    const candidate = fingerprintOf(b, index.fingerprint);
    // The production path (LSH with two band collisions, then exact checks) decides the match;
    // the exact score against `a` is computed directly, for the margins.
    const matches = index
      .matchesOf(candidate)
      .filter((m) => m.score >= 1)
      .map((m) => m.id);
    const post = fingerprints.get(a)!;
    const scoreToA = verdictOf(
      similarityOf(post.shingles, candidate.shingles),
      index.thresholds,
    ).score;
    return { matches, scoreToA };
  };
}

/**
 * The per-kind table as text.
 *
 * @param scores Scores from {@link scorePairs}.
 */
export function pairTableOf(scores: PairScores): string {
  const lines = ['kind                     label     pairs  matched  rate'];
  for (const k of scores.kinds) {
    const rate = k.matched / k.pairs;
    lines.push(
      `${k.kind.padEnd(24)} ${k.label.padEnd(8)} ${String(k.pairs).padStart(6)} ${String(k.matched).padStart(8)}  ${(k.label === 'dup' ? 'recall ' : 'fp rate ') + rate.toFixed(3)}`,
    );
  }
  lines.push(
    `precision ${scores.precision.toFixed(3)}  recall ${scores.recall.toFixed(3)}  lowest dup score ${scores.lowestDupScore.toFixed(3)}  highest distinct score ${scores.highestDistinctScore.toFixed(3)} (1 = at threshold)`,
  );
  return lines.join('\n');
}
