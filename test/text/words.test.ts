import { describe, expect, it } from 'vitest';
import {
  contentStemsOf,
  namesOf,
  normaliseText,
  stemOf,
  wordsBySentenceOf,
  wordsOf,
} from '../../src/text/words.js';

describe('normaliseText', () => {
  it('unifies quotes, dashes, whitespace and case and drops footnote markers', () => {
    expect(
      normaliseText('“Lack of service is not a mere inconvenience —  it endangers lives.”[^s1]'),
    ).toBe('"lack of service is not a mere inconvenience - it endangers lives."');
  });
});

describe('wordsOf', () => {
  it('keeps inner apostrophes, drops punctuation', () => {
    expect(wordsOf('We won’t roll the dice — on public safety.')).toEqual([
      'we',
      "won't",
      'roll',
      'the',
      'dice',
      'on',
      'public',
      'safety',
    ]);
    expect(wordsBySentenceOf(['One two.', 'Three’s four.'])).toEqual([
      ['one', 'two'],
      ["three's", 'four'],
    ]);
  });
});

describe('stemOf and contentStemsOf', () => {
  it('brings inflections together and leaves function words out', () => {
    expect(stemOf('suspended')).toBe(stemOf('suspends'));
    expect(stemOf('regulators')).toBe(stemOf('regulator'));
    expect(stemOf('reducing')).toBe(stemOf('reduce'));
    expect(stemOf('stopped')).toBe(stemOf('stop'));
    expect(contentStemsOf('The shutoffs were ordered by state regulators in 2019.')).toEqual([
      'shutof',
      'order',
      'stat',
      'regula',
    ]);
  });
});

describe('namesOf', () => {
  it('finds capitalised names, not the first word, titles, months or weekdays', () => {
    expect(
      namesOf('His departure followed a breakdown with chairman Daniel Levy, the club said.'),
    ).toEqual(['daniel', 'levy']);
    expect(namesOf('On Monday, Gov. Kristi Noem said in November that "It is working."')).toEqual([
      'kristi',
      'noem',
    ]);
    expect(namesOf('Businesses and residents have complained.')).toEqual([]);
  });
});

describe('wordsOf across scripts', () => {
  it('reads accented, Greek, Cyrillic and CJK words alike', () => {
    expect(wordsOf('Dräger’s Zürich café — Αθήνα, Москва')).toEqual([
      "dräger's",
      'zürich',
      'café',
      'αθήνα',
      'москва',
    ]);
    expect(wordsOf('花前態舞 the dance')).toEqual(['花前態舞', 'the', 'dance']);
  });
});
