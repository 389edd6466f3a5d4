import { describe, expect, it } from 'vitest';
import { relativeTimeSpansOf, withoutRelativeTimes } from '../../src/text/relative-time.js';

describe('relativeTimeSpansOf', () => {
  it('gives each expression its place in the text, quotations left out', () => {
    const text = '"Now," she said, this week the council met.';
    const [span, ...rest] = relativeTimeSpansOf(text);
    expect(rest).toEqual([]);
    expect(span).toMatchObject({ expression: 'this week', scale: 'month' });
    expect(text.slice(span!.start, span!.end)).toBe('this week');
  });
});

describe('withoutRelativeTimes', () => {
  it.each([
    [
      'An adverbial before a preposition goes',
      'The study was published this week in the Journal of Urban Microclimate.',
      'The study was published in the Journal of Urban Microclimate.',
    ],
    [
      'An opening adverbial goes, and the next word opens the sentence',
      'Today, the city announced a plan to plant trees.',
      'The city announced a plan to plant trees.',
    ],
    [
      'without its comma too',
      'This week the council voted 5-2 on the plan.',
      'The council voted 5-2 on the plan.',
    ],
    [
      'an adverb goes anywhere',
      'The council now has 12 members in total.',
      'The council has 12 members in total.',
    ],
    [
      'before a conjunction and at the end',
      'Sales rose 5% last year and fell 2% this year.',
      'Sales rose 5% and fell 2%.',
    ],
    [
      'a quotation keeps its own time',
      '"We are ready now," she said on Tuesday.',
      '"We are ready now," she said on Tuesday.',
    ],
  ])('%s', (_, text, expected) => {
    expect(withoutRelativeTimes(text)).toBe(expected);
  });

  it.each([
    ['a possessive', "This year's budget rose 4% over the last."],
    ['the object of a preposition', 'Prices have fallen steadily since last month.'],
    ['a subject', 'Today is the deadline for the tree permits.'],
    ['a participle between commas', 'The study, released this week, found a large effect.'],
    ['too little left', 'It happened yesterday.'],
  ])('needs a date, not a cut: %s (null)', (_, text) => {
    expect(withoutRelativeTimes(text)).toBeNull();
  });
});
