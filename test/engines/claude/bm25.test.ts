import { describe, expect, it } from 'vitest';
import { Bm25Index, termsOf } from '../../../src/engines/claude/bm25.js';

const passages = [
  {
    source: 's1',
    paragraph: 1,
    text: 'The Doobie Brothers announced a reunion tour with Michael McDonald.',
  },
  { source: 's1', paragraph: 2, text: 'Tickets go on sale Friday at the box office.' },
  {
    source: 's2',
    paragraph: 1,
    text: 'NASA picked Blue Origin, SpaceX and Dynetics to build lunar landers.',
  },
  {
    source: 's2',
    paragraph: 2,
    text: 'The lander lander lander program has a 2024 deadline for the Moon.',
  },
];

describe('Bm25Index', () => {
  it('drops stopwords and splits on non-letters', () => {
    expect(termsOf("The tour's 2020 dates, and more")).toEqual(['tour', '2020', 'dates']);
  });

  it('ranks the passage that matches more rare terms first', () => {
    const index = new Bm25Index(passages);
    const hits = index.search('McDonald reunion tour');
    expect(hits[0]).toMatchObject({ source: 's1', paragraph: 1 });
    expect(hits.every((hit) => hit.score > 0)).toBe(true);
    expect(index.search('lunar lander SpaceX')[0]).toMatchObject({ source: 's2', paragraph: 1 });
  });

  it('honours the limit and the source filter', () => {
    const index = new Bm25Index(passages);
    expect(index.search('lander tour tickets NASA', 2)).toHaveLength(2);
    expect(
      index.search('lander tour', 5, new Set(['s1'])).every((hit) => hit.source === 's1'),
    ).toBe(true);
    expect(index.search('unrelated words entirely')).toEqual([]);
  });
});
