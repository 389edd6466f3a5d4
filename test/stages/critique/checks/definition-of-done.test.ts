import { describe, expect, it } from 'vitest';
import { checkDefinitionOfDone } from '../../../../src/stages/critique/checks/definition-of-done.js';
import type { DoneSpec } from '../../../../src/core/topic.js';
import { checkContextOf } from '../../../../src/stages/critique/checks/index.js';
import { renderDraft } from '../../../../src/stages/draft/render.js';
import type { DraftContent } from '../../../../src/stages/draft/types.js';
import { contextOf, fixtureSources } from '../helpers.js';

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

  it('reports a section the engine marked notCovered as not covered, with its reason', () => {
    const sentence = { text: 'A virtually rainless fall has left brush bone-dry.', cite: ['s1'] };
    const content: DraftContent = {
      title: 'Shutoffs',
      description: 'Power shutoffs.',
      intro: [],
      sections: [
        { heading: 'Background', paragraphs: [{ sentences: [sentence] }] },
        { heading: 'What it means', paragraphs: [], notCovered: 'no source looks ahead' },
      ],
    };
    const draft = renderDraft(content, {
      topic: 't',
      slug: 'shutoffs',
      runId: 'r',
      date: '2026-11-26',
      engine: 'claude:test',
      articles: [],
      review: [],
      cost: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, usd: 0 },
    });
    // No empty section in the article: the gap is recorded in the frontmatter.
    expect(draft).not.toContain('## What it means');
    expect(draft).toContain('notCovered:');
    const findings = checkDefinitionOfDone(
      checkContextOf({
        draft,
        sources: fixtureSources(),
        done: done({ sections: ['Background', 'What it means', 'What changed'] }),
      }),
    );
    expect(findings.filter((f) => f.sentence !== 'minSources')).toEqual([
      {
        kind: 'definition-of-done',
        severity: 'warning',
        sentence: 'What it means',
        source: null,
        detail:
          'required section "## What it means" is not covered by the sources: no source looks ahead',
      },
      {
        kind: 'definition-of-done',
        severity: 'error',
        sentence: 'What changed',
        source: null,
        detail:
          'required section "## What changed" is missing; the draft\'s sections are "Background"',
      },
    ]);
  });

  it('does nothing without a definition of done', () => {
    expect(checkDefinitionOfDone(contextOf(BODY))).toEqual([]);
  });
});
