import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countWords } from '../../../src/text/sentences.js';
import { dedupe } from '../../../src/stages/dedupe/index.js';
import type { CorpusIndex } from '../../../src/stages/dedupe/types.js';
import type { Article } from '../../../src/stages/extract/types.js';
import { testContext } from '../../helpers/context.js';

const body = ['heat-a.txt', 'heat-b.txt', 'heat-c.txt']
  .map((file) => readFileSync(new URL(`../../fixtures/articles/${file}`, import.meta.url), 'utf8'))
  .join('\n\n');

function article(id: string, url: string, markdown: string): Article {
  return {
    id,
    url,
    from: 'feed',
    title: id,
    author: null,
    published: null,
    canonicalUrl: url,
    lang: 'en',
    siteName: null,
    markdown,
    text: markdown,
    hidden: [],
    sha256: `${id}-hash`,
    words: countWords(markdown),
  };
}

function corpusUsing(urls: string[]): CorpusIndex {
  return {
    size: 0,
    nearest: () => null,
    closest: () => null,
    usedUrls: new Map(urls.map((url) => [url, 'pending/earlier-draft.md'])),
    usedHashes: new Map(),
  };
}

describe('dedupe: copies of covered sources', () => {
  const original = article('s4', 'https://origin.example.org/study', body);
  const copy = article(
    's2',
    'https://syndicator.example.net/study',
    `Skip to content. Home News.\n\n${body}\n\nOriginally published at origin.example.org. Republished with permission.`,
  );

  it('drops a syndicated copy of a source that an earlier draft already used, even when the copy comes first', () => {
    const out = dedupe(
      { articles: [copy, original], corpus: corpusUsing([original.url]) },
      testContext(),
    );
    expect(out.kept).toEqual([]);
    const drop = out.dropped.find((item) => item.id === 's2')!;
    expect(drop.reason).toBe('duplicate-of-source');
    expect(drop.duplicateOf).toContain(
      's4 https://origin.example.org/study (already-used: pending/earlier-draft.md)',
    );
    expect(drop.similarity).toBeGreaterThanOrEqual(drop.threshold);
  });

  it('keeps the copy when its original is not covered (one of the pair survives)', () => {
    const out = dedupe({ articles: [copy, original], corpus: corpusUsing([]) }, testContext());
    expect(out.kept).toHaveLength(1);
    expect(out.dropped).toHaveLength(1);
  });
});
