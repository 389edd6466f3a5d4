import { describe, expect, it } from 'vitest';
import { includeFilterOf, newestFirst, unique } from '../../../src/stages/fetch/item-filters.js';

const item = (url: string, published: string | null = null) => ({
  url,
  title: null,
  published,
  author: null,
  from: 'f',
});

describe('includeFilterOf', () => {
  it('reads /regex/flags and substrings, and refuses a bad regex', () => {
    expect(includeFilterOf('/BLOG/i')('https://x/blog/1')).toBe(true);
    expect(includeFilterOf('/blog/')('https://x/docs/1')).toBe(false);
    expect(includeFilterOf('docs')('https://x/docs/1')).toBe(true);
    expect(() => includeFilterOf('/(/')).toThrow(/not a valid regular expression/);
  });
});

describe('unique and newestFirst', () => {
  it('keeps the first item of a URL', () => {
    expect(
      unique([item('a', '2024-01-01T00:00:00Z'), item('a'), item('b')]).map((i) => [
        i.url,
        i.published,
      ]),
    ).toEqual([
      ['a', '2024-01-01T00:00:00Z'],
      ['b', null],
    ]);
  });
  it('puts dated items newest first and undated ones after, in document order', () => {
    const items = [
      item('u1'),
      item('old', '2020-01-01T00:00:00Z'),
      item('u2'),
      item('new', '2024-01-01T00:00:00Z'),
    ];
    expect(newestFirst(items).map((i) => i.url)).toEqual(['new', 'old', 'u1', 'u2']);
  });
});
