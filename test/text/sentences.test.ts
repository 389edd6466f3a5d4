import { describe, expect, it } from 'vitest';
import { countWords, splitSentences } from '../../src/text/sentences.js';

describe('splitSentences', () => {
  it('splits real article prose at full stops followed by a capital', () => {
    expect(
      splitSentences(
        'Flash flood watches were in effect for some communities east of Los Angeles. Voluntary evacuation warnings were issued for a few communities.',
      ),
    ).toEqual([
      'Flash flood watches were in effect for some communities east of Los Angeles.',
      'Voluntary evacuation warnings were issued for a few communities.',
    ]);
  });

  it('does not split after abbreviations, titles and initials', () => {
    expect(
      splitSentences(
        'South Dakota Gov. Kristi Noem spoke on Dec. 6 in the U.S. Capitol. John F. Kennedy did not.',
      ),
    ).toEqual([
      'South Dakota Gov. Kristi Noem spoke on Dec. 6 in the U.S. Capitol.',
      'John F. Kennedy did not.',
    ]);
  });

  it('keeps closing quotes and footnote citations with the sentence they follow', () => {
    expect(
      splitSentences(
        '"It is working," she said.[^s1] "We need everyone on it."[^s2][^s3] Then more.',
      ),
    ).toEqual([
      '"It is working," she said.[^s1]',
      '"We need everyone on it."[^s2][^s3]',
      'Then more.',
    ]);
  });

  it('does not split decimals or lower-case continuations, and always splits at blank lines', () => {
    expect(
      splitSentences('It rose to 1.23 percent. e.g. this stays\n\nNew paragraph without stop'),
    ).toEqual(['It rose to 1.23 percent. e.g. this stays', 'New paragraph without stop']);
  });
});

describe('countWords', () => {
  it('counts words with inner apostrophes, hyphens and number separators as one', () => {
    expect(countWords("Noem's 375,000 customers won't see bone-dry 2.5 inches.")).toBe(8);
    expect(countWords('')).toBe(0);
  });
});
