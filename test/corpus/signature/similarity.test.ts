import { describe, expect, it } from 'vitest';
import { MemoryCorpusIndex } from '../../../src/corpus/corpus-index.js';
import { fingerprintOf } from '../../../src/corpus/signature/fingerprint.js';
import { estimatedJaccardOf, signatureOf } from '../../../src/corpus/signature/minhash.js';
import { shingleSetOf, shingleWordsOf } from '../../../src/corpus/signature/shingles.js';
import {
  DEFAULT_CONTAINMENT,
  DEFAULT_JACCARD,
  similarityOf,
  verdictOf,
} from '../../../src/corpus/signature/similarity.js';

// A deterministic text of n distinct-ish words.
function textOf(n: number, seed: number): string {
  const words: string[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    words.push(`w${x % 5000}`);
  }
  return words.join(' ');
}

function shinglesOf(text: string): Uint32Array {
  return shingleSetOf(shingleWordsOf(text), 3);
}

describe('signatures', () => {
  it('estimate Jaccard within 0.1 for overlapping sets, near 0 for disjoint ones', () => {
    const a = shinglesOf(textOf(600, 1));
    const b = shinglesOf(textOf(600, 1).split(' ').slice(0, 300).join(' '));
    const exact = similarityOf(a, b).jaccard;
    expect(exact).toBeGreaterThan(0.4);
    expect(Math.abs(estimatedJaccardOf(signatureOf(a), signatureOf(b)) - exact)).toBeLessThan(0.1);
    expect(
      estimatedJaccardOf(signatureOf(a), signatureOf(shinglesOf(textOf(600, 2)))),
    ).toBeLessThan(0.05);
  });

  it('are dense for sets smaller than the signature and empty-safe', () => {
    const small = signatureOf(shinglesOf('only four words here'));
    expect(small.length).toBe(128);
    expect([...small].every((v) => v !== 0xffffffff)).toBe(true);
    expect(signatureOf(new Uint32Array(0)).every((v) => v === 0xffffffff)).toBe(true);
  });
});

describe('verdicts on both sides of the thresholds', () => {
  it('Jaccard decides at and just under its threshold', () => {
    const at = verdictOf(
      { jaccard: DEFAULT_JACCARD, containment: 0.5 },
      { jaccard: DEFAULT_JACCARD, containment: DEFAULT_CONTAINMENT },
    );
    const under = verdictOf(
      { jaccard: DEFAULT_JACCARD - 0.01, containment: 0.5 },
      { jaccard: DEFAULT_JACCARD, containment: DEFAULT_CONTAINMENT },
    );
    expect(at).toMatchObject({ measure: 'jaccard', duplicate: true, threshold: DEFAULT_JACCARD });
    expect(under.duplicate).toBe(false);
  });

  it('containment catches a truncated copy that Jaccard misses', () => {
    const post = textOf(1000, 7);
    const truncated = post.split(' ').slice(0, 400).join(' ');
    const s = similarityOf(shinglesOf(post), shinglesOf(truncated));
    expect(s.jaccard).toBeLessThan(DEFAULT_JACCARD);
    expect(s.containment).toBe(1);
    expect(
      verdictOf(s, { jaccard: DEFAULT_JACCARD, containment: DEFAULT_CONTAINMENT }),
    ).toMatchObject({ measure: 'containment', duplicate: true });
    // The same excerpt with most of it rewritten falls under the containment threshold.
    const rewritten = `${truncated.split(' ').slice(0, 150).join(' ')} ${textOf(250, 99)}`;
    expect(
      verdictOf(similarityOf(shinglesOf(post), shinglesOf(rewritten)), {
        jaccard: DEFAULT_JACCARD,
        containment: DEFAULT_CONTAINMENT,
      }).duplicate,
    ).toBe(false);
  });
});

describe('MemoryCorpusIndex', () => {
  const posts = Array.from({ length: 200 }, (_, i) => ({
    path: `p${i}.md`,
    ...fingerprintOf(textOf(500, i + 1)),
  }));
  const index = new MemoryCorpusIndex(posts);

  it('finds a lightly edited copy and says which measure decided', () => {
    const words = textOf(500, 43).split(' ');
    for (let i = 0; i < words.length; i += 20) words[i] = 'changed';
    const match = index.nearest(words.join(' '));
    expect(match).toMatchObject({ id: 'p42.md', measure: 'jaccard', threshold: DEFAULT_JACCARD });
    expect(match!.similarity).toBeGreaterThanOrEqual(DEFAULT_JACCARD);
  });

  it('returns null for an unrelated text, while closest still reports the best post', () => {
    const unrelated = textOf(500, 100_000);
    expect(index.nearest(unrelated)).toBeNull();
    const half = `${textOf(500, 11).split(' ').slice(0, 120).join(' ')} ${textOf(380, 5555)}`;
    expect(index.nearest(half)).toBeNull();
    const closest = index.closest(half);
    expect(closest?.id).toBe('p10.md');
    expect(closest!.similarity).toBeLessThan(closest!.threshold);
  });

  it('applies threshold overrides', () => {
    const half = `${textOf(500, 11).split(' ').slice(0, 250).join(' ')} ${textOf(250, 5556)}`;
    expect(index.nearest(half)).toBeNull();
    expect(index.nearest(half, { jaccard: 0.2 })?.id).toBe('p10.md');
  });
});
