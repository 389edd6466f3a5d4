import { describe, expect, it } from 'vitest';
import {
  checkTooCloseToCorpus,
  NEAR_MISS_SHARE,
} from '../../../../src/stages/critique/checks/too-close-to-corpus.js';
import type { CorpusIndex, CorpusMatch } from '../../../../src/corpus/types.js';
import { contextOf } from '../helpers.js';

// A corpus index that answers with a fixed match and records what it was asked.
function corpusAnswering(match: CorpusMatch | null, asked: string[] = []): CorpusIndex {
  return {
    size: 1,
    nearest: () => null,
    closest: (text) => {
      asked.push(text);
      return match;
    },
    usedUrls: new Map(),
    usedHashes: new Map(),
  };
}

const BODY = 'A virtually rainless fall has left brush bone-dry.[^s1]';

describe('checkTooCloseToCorpus', () => {
  it('reports similarity at the threshold as an error naming the post and the figures', () => {
    const asked: string[] = [];
    const ctx = contextOf(BODY);
    ctx.corpus = corpusAnswering(
      { id: 'posts/pge.md', measure: 'jaccard', similarity: 0.8, threshold: 0.8 },
      asked,
    );
    const findings = checkTooCloseToCorpus(ctx);
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'too-close-to-corpus',
        severity: 'error',
        source: 'posts/pge.md',
      }),
    ]);
    expect(findings[0]!.detail).toContain('jaccard 0.800 (threshold 0.800)');
    expect(asked[0]).toContain('rainless fall');
  });

  it(`reports a near miss (from ${NEAR_MISS_SHARE} of the threshold) as info, and nothing below`, () => {
    const near = contextOf(BODY);
    near.corpus = corpusAnswering({
      id: 'p.md',
      measure: 'jaccard',
      similarity: 0.79,
      threshold: 0.8,
    });
    expect(checkTooCloseToCorpus(near).map((f) => f.severity)).toEqual(['info']);
    const far = contextOf(BODY);
    far.corpus = corpusAnswering({
      id: 'p.md',
      measure: 'jaccard',
      similarity: 0.63,
      threshold: 0.8,
    });
    expect(checkTooCloseToCorpus(far)).toEqual([]);
  });

  it('does nothing without a corpus', () => {
    expect(checkTooCloseToCorpus(contextOf(BODY))).toEqual([]);
  });
});
