import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/stages/extract/types.js';
import { MemoryCorpusIndex } from '../../../src/corpus/corpus-index.js';
import { fingerprintOf } from '../../../src/corpus/signature/fingerprint.js';
import { dedupe } from '../../../src/stages/dedupe/index.js';
import { DEFAULT_CONTAINMENT, DEFAULT_JACCARD } from '../../../src/corpus/signature/similarity.js';
import { testContext, testTopic } from '../../helpers/context.js';

const ux = readFileSync(
  new URL('../../fixtures/corpus/posts/news/ux-summit-2023.md', import.meta.url),
  'utf8',
);
const briefing = readFileSync(
  new URL('../../fixtures/corpus/posts/news/data-briefing-2016.md', import.meta.url),
  'utf8',
);
const body = (text: string) => text.replace(/^---[\s\S]*?\n---\n/, '');

// A text about something else entirely, long enough to have its own shingles.
const OTHER = Array.from(
  { length: 60 },
  (_, i) => `Harbour seals number ${i} rest on the northern sandbank at low tide.`,
).join(' ');

const USED_A = 'A short note on river otters and the mussels they crack open with stones.';
const USED_B = 'Kestrels hover over motorway verges because voles are easy to see in short grass.';

function articleOf(id: string, markdown: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    url: `https://example.net/${id}`,
    from: 'test',
    sha256: `hash-${id}`,
    words: 100,
    markdown,
    text: markdown,
    title: id,
    author: null,
    published: null,
    canonicalUrl: null,
    lang: 'en',
    siteName: null,
    hidden: [],
    ...extra,
  };
}

const corpus = new MemoryCorpusIndex(
  [{ path: 'posts/news/ux-summit-2023.md', ...fingerprintOf(ux) }],
  {
    usedUrls: new Map([['https://example.org/used', 'pending/draft.md']]),
    usedHashes: new Map([['cafe01', '.rejected/old.md']]),
  },
);

describe('dedupe', () => {
  it('a source fetched with credentials is the same source as the credential-free URL a draft cites', () => {
    const articles = [
      articleOf('s1', USED_A, { url: 'https://reader:token@example.org/used' }),
      articleOf('s2', OTHER),
    ];
    const { kept, dropped } = dedupe({ articles, corpus }, testContext());
    expect(kept.map((a) => a.id)).toEqual(['s2']);
    expect(dropped[0]).toMatchObject({ id: 's1', reason: 'already-used', measure: 'url' });
  });

  it('drops used URLs and hashes first, then corpus copies, then copies of kept sources', () => {
    // A quarter of the post: Jaccard about 0.27, under its threshold; containment 1 decides.
    const truncated = body(briefing).split(' ').slice(0, 380).join(' ');
    const articles = [
      // s1 and s2 are different texts from s6: a copy of a used source would be dropped too.
      articleOf('s1', USED_A, { url: 'https://example.org/used#top' }),
      articleOf('s2', USED_B, { sha256: 'CAFE01' }),
      articleOf('s3', `Skip to content\n\n${body(ux)}\n\nShare this page. Copyright.`),
      articleOf('s4', body(briefing)),
      articleOf('s5', truncated),
      articleOf('s6', OTHER),
    ];
    const { kept, dropped } = dedupe({ articles, corpus }, testContext());
    expect(kept.map((a) => a.id)).toEqual(['s4', 's6']);
    expect(dropped[0]).toEqual({
      id: 's1',
      url: 'https://example.org/used#top',
      reason: 'already-used',
      duplicateOf: 'pending/draft.md',
      measure: 'url',
      similarity: 1,
      threshold: 1,
    });
    expect(dropped[1]).toMatchObject({
      id: 's2',
      reason: 'already-used',
      duplicateOf: '.rejected/old.md',
      measure: 'sha256',
    });
    expect(dropped[2]).toMatchObject({
      id: 's3',
      reason: 'duplicate-of-corpus',
      duplicateOf: 'posts/news/ux-summit-2023.md',
      measure: 'jaccard',
      threshold: DEFAULT_JACCARD,
    });
    expect(dropped[2]!.similarity).toBeGreaterThan(0.8);
    expect(dropped[3]).toMatchObject({
      id: 's5',
      reason: 'duplicate-of-source',
      duplicateOf: 's4 https://example.net/s4',
      measure: 'containment',
      similarity: 1,
      threshold: DEFAULT_CONTAINMENT,
    });
  });

  it('keeps the earliest-published copy, swapping when the later source was first', () => {
    const articles = [
      articleOf('s1', `Republished from elsewhere.\n\n${body(briefing)}`, {
        published: '2024-05-02T00:00:00Z',
      }),
      articleOf('s2', body(briefing), { published: '2024-05-01T00:00:00Z' }),
    ];
    const { kept, dropped } = dedupe({ articles, corpus }, testContext());
    expect(kept.map((a) => a.id)).toEqual(['s2']);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({
      id: 's1',
      reason: 'duplicate-of-source',
      duplicateOf: 's2 https://example.net/s2',
    });
  });

  it('keeps the first copy when neither date is known', () => {
    const articles = [
      articleOf('s1', body(briefing)),
      articleOf('s2', `${body(briefing)}\n\nTags: data.`),
    ];
    expect(dedupe({ articles, corpus }, testContext()).kept.map((a) => a.id)).toEqual(['s1']);
  });

  it("applies the topic's thresholds on both sides", () => {
    // Half of the corpus post with new text: under the default thresholds, over a lowered one.
    const words = body(ux).split(/\s+/);
    const half = `${words.slice(0, Math.floor(words.length / 2)).join(' ')}\n\n${OTHER}`;
    expect(dedupe({ articles: [articleOf('s1', half)], corpus }, testContext()).dropped).toEqual(
      [],
    );
    const lowered = testContext(testTopic('dedupe:\n  threshold: 0.15\n  containment: 0.3\n'));
    const { dropped } = dedupe({ articles: [articleOf('s1', half)], corpus }, lowered);
    expect(dropped[0]).toMatchObject({
      reason: 'duplicate-of-corpus',
      duplicateOf: 'posts/news/ux-summit-2023.md',
    });
    expect(dropped[0]!.threshold === 0.15 || dropped[0]!.threshold === 0.3).toBe(true);
  });
});
