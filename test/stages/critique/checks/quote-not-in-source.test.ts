import { describe, expect, it } from 'vitest';
import {
  checkQuoteNotInSource,
  quotePartsOf,
} from '../../../../src/stages/critique/checks/quote-not-in-source.js';
import { contextOf } from '../helpers.js';

describe('quotePartsOf', () => {
  it('splits at an ellipsis and normalises each part', () => {
    expect(quotePartsOf('This lack of rain … in many areas,')).toEqual([
      ['this', 'lack', 'of', 'rain'],
      ['in', 'many', 'areas'],
    ]);
    expect(quotePartsOf('We won’t . . . roll')).toEqual([['we', "won't"], ['roll']]);
    expect(quotePartsOf('[The utility] is taking steps')).toEqual([['is', 'taking', 'steps']]);
  });
});

describe('checkQuoteNotInSource', () => {
  it('accepts a verbatim quote despite straight quotes, case and an ellipsis', () => {
    const findings = checkQuoteNotInSource(
      contextOf(
        '"this lack of rain is keeping the threat of fire very real ... in many areas," said Scott Strenfel.[^s1] The outages have been "terribly disruptive," CEO Andy Vesey said.[^s1]',
      ),
    );
    expect(findings).toEqual([]);
  });

  it('reports a reworded quote as an error naming the missing words and the source', () => {
    const findings = checkQuoteNotInSource(
      contextOf(
        '"We will never roll the dice on public safety," company CEO Andy Vesey said.[^s1]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'quote-not-in-source',
      severity: 'error',
      source: 's1',
    });
    expect(findings[0]!.detail).toContain(
      '"we will never roll the dice on public safety" not found verbatim in s1',
    );
  });

  it('checks against the cited source only, and a short scare quote is a warning', () => {
    // The words are in s1, but the sentence cites s2.
    const findings = checkQuoteNotInSource(
      contextOf('Officials called it "terribly disruptive."[^s2]'),
    );
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', source: 's2' })]);
  });
});
