import { describe, expect, it } from 'vitest';
import {
  figureValuesOf,
  figuresOf,
  hasFigure,
} from '../../../../src/stages/critique/parse/figures.js';

const values = (text: string) => figuresOf(text).map((f) => f.value);

describe('figuresOf', () => {
  it('reads integers with thousands separators, decimals, percentages and money', () => {
    expect(values('some 375,000 people in 18 counties')).toEqual([375000, 18]);
    expect(values('rose from 0.90 percent to 1.23 percent')).toEqual([0.9, 1.23]);
    expect(values('cost the state roughly $449,000')).toEqual([449000]);
    expect(values('a 9% funding increase')).toEqual([9]);
  });

  it('applies scale words and suffixes: 2.1bn, $5.1 million, £15m, 2.5 million', () => {
    expect(values('a $2.1bn loss')).toEqual([2.1e9]);
    expect(values('a $5.1 million grant')).toEqual([5.1e6]);
    expect(values('worth £15m a year')).toEqual([15e6]);
    expect(figuresOf('nearly 2.5 million people')[0]).toMatchObject({
      value: 2.5e6,
      mantissa: 2.5,
    });
  });

  it('reads years, clock times and number words, but not "one" or digits glued to letters', () => {
    expect(values('since 1905')).toEqual([1905]);
    expect(values('ran the mile in 2:55')).toEqual([175]);
    expect(figuresOf('twelve people')).toEqual([
      { raw: 'twelve', value: 12, mantissa: 12, word: true },
    ]);
    expect(values('one of the biggest buyers of the Airbus A380')).toEqual([]);
    expect(values('winds gusting at 55 mph')).toEqual([55]);
  });

  it('ignores footnote markers', () => {
    expect(values('the Wild beat the Sabres 4-1.[^s1]')).toEqual([4, 1]);
  });
});

describe('hasFigure', () => {
  it('matches equal amounts written differently, and not a transposed figure', () => {
    const source = figureValuesOf(
      'Emirates has 123 A380s and ordered jets worth $16 billion; 1,200 staff.',
    );
    const [a, b, c, d] = figuresOf('123 superjumbos, $16bn, 1,200 staff, 132 aircraft');
    expect(hasFigure(a!, source)).toBe(true);
    expect(hasFigure(b!, source)).toBe(true);
    expect(hasFigure(c!, source)).toBe(true);
    expect(hasFigure(d!, source)).toBe(false);
  });
});
