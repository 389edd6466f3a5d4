import { describe, expect, it } from 'vitest';
import { checkDefinitionOfDone } from '../../../../src/stages/critique/checks/definition-of-done.js';
import type { DoneSpec } from '../../../../src/core/topic.js';
import { contextOf } from '../helpers.js';

const BODY = `Pacific Gas & Electric Co. was set to begin shutting off power Wednesday to some 375,000 people.[^s1]

## Background

A virtually rainless fall has left brush bone-dry.[^s1] The campaign cost the state roughly $449,000.[^s2]

## What changed

The utility decreased the number of people who could be affected from about 660,000.[^s1]`;

const WORDS = 45; // words of the four sentences above, markers and headings left out

const done = (over: Partial<DoneSpec>): DoneSpec => ({
  minWords: 0,
  sections: [],
  minSources: 1,
  citationCoverage: 0.9,
  ...over,
});

describe('checkDefinitionOfDone', () => {
  it('passes a draft that meets every requirement exactly', () => {
    const findings = checkDefinitionOfDone(
      contextOf(BODY, {
        done: done({
          minWords: WORDS,
          maxWords: WORDS,
          sections: ['Background', 'what changed:'],
          minSources: 2,
          citationCoverage: 1,
        }),
      }),
    );
    expect(findings).toEqual([]);
  });

  it('reports each unmet requirement by name, with numbers', () => {
    const findings = checkDefinitionOfDone(
      contextOf(BODY, {
        done: done({
          minWords: WORDS + 1,
          sections: ['Background', 'What it means'],
          minSources: 3,
        }),
      }),
    );
    expect(findings.map((f) => [f.sentence, f.severity])).toEqual([
      ['minWords', 'error'],
      ['What it means', 'error'],
      ['minSources', 'error'],
    ]);
    expect(findings[0]!.detail).toBe(
      `draft is too short: ${WORDS} words, minWords is ${WORDS + 1}`,
    );
    expect(findings[2]!.detail).toContain('cites 2 distinct source(s) (s1, s2), minSources is 3');
  });

  it('reports maxWords and citation coverage below the share', () => {
    const uncited = `${BODY}\n\nThe outages drew complaints from businesses and residents across Northern California.`;
    const findings = checkDefinitionOfDone(
      contextOf(uncited, { done: done({ maxWords: WORDS - 1, citationCoverage: 0.9 }) }),
    );
    expect(findings.map((f) => f.sentence)).toEqual(['maxWords', 'citationCoverage']);
    expect(findings[1]!.detail).toContain('4 of 5 factual sentences');
  });

  it('does nothing without a definition of done', () => {
    expect(checkDefinitionOfDone(contextOf(BODY))).toEqual([]);
  });
});
