import { describe, expect, it } from 'vitest';
import { buildEvidence, EVIDENCE_THRESHOLDS, strengthOf } from '../../src/evidence/index.js';
import type { SourceText } from '../../src/stages/critique/types.js';

const SOURCES: SourceText[] = [
  {
    id: 's1',
    url: 'https://user:secret@example.org/heat',
    title: 'Shaded streets run cooler',
    text: 'The council met on Monday. Researchers placed 212 sensors on lamp posts across the city. Shaded blocks were 3.1 degrees cooler on summer afternoons. The mayor did not comment.',
  },
  {
    id: 's2',
    url: 'https://example.net/budget',
    title: 'Budget news',
    text: 'The tree budget rose to 14 million dollars. Planting costs climbed again.',
  },
];

const DRAFT = `---
title: Heat and trees
run: 2026-11-26T02-00-00Z-test
sources:
  - id: s1
    url: https://user:secret@example.org/heat
    title: Shaded streets run cooler
  - id: s2
    url: https://example.net/budget
    title: Budget news
review:
  - kind: number-not-in-source
    severity: error
    sentence: The tree budget rose to 15 million dollars.
    source: s2
    detail: 15 is in no source
cost: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, usd: 0.25 }
---

Shaded blocks were cooler on summer afternoons, researchers with sensors on lamp posts found.[^s1]

## Money

The tree budget rose to 15 million dollars.[^s2] Penguins enjoy volcanic archipelagos.[^s1] An uncited sentence about nothing. A claim citing a ghost.[^s9]

[^s1]: [Shaded streets run cooler](https://example.org/heat)
[^s2]: [Budget news](https://example.net/budget)
`;

describe('buildEvidence', () => {
  const doc = buildEvidence({
    draft: DRAFT,
    draftPath: 'content/pending/heat.md',
    sources: SOURCES,
  });

  it('gives every draft sentence, in order, with its cited ids', () => {
    expect(doc.sentences.map((s) => s.text)).toEqual([
      'Shaded blocks were cooler on summer afternoons, researchers with sensors on lamp posts found.',
      'The tree budget rose to 15 million dollars.',
      'Penguins enjoy volcanic archipelagos.',
      'An uncited sentence about nothing.',
      'A claim citing a ghost.',
    ]);
    expect(doc.sentences.map((s) => s.cites)).toEqual([['s1'], ['s2'], ['s1'], [], ['s9']]);
    expect(doc.sentences[1]!.section).toBe('Money');
  });

  it('finds the passage of the cited source that holds the sentence, with its span and score', () => {
    const [first] = doc.sentences[0]!.evidence;
    expect(first!.source).toBe('s1');
    // Sentence 0 of the source is its title, then the body's sentences.
    expect(first!.sentences).toEqual([2, 4]);
    expect(first!.passage).toBe(
      'Researchers placed 212 sensors on lamp posts across the city. Shaded blocks were 3.1 degrees cooler on summer afternoons.',
    );
    expect(first!.score).toBeGreaterThanOrEqual(EVIDENCE_THRESHOLDS.strong);
    expect(doc.sentences[0]!.strength).toBe('strong');
  });

  it('classifies sentences none when nothing matches, nothing is cited or the source is unknown', () => {
    const penguins = doc.sentences[2]!;
    expect(penguins.evidence).toHaveLength(1);
    expect(penguins.evidence[0]!.score).toBe(0);
    // The source's opening is shown so that the reviewer sees what it is about.
    expect(penguins.evidence[0]!.sentences).toEqual([0, 3]);
    expect(penguins.strength).toBe('none');
    expect(doc.sentences[3]!.strength).toBe('none');
    expect(doc.sentences[4]!.missing).toEqual(['s9']);
    expect(doc.sentences[4]!.strength).toBe('none');
    expect(doc.summary).toEqual({ strong: 1, weak: 1, none: 3 });
  });

  it('places each finding on its sentence with a passage, and an error caps the sentence at weak', () => {
    expect(doc.findings).toHaveLength(1);
    const finding = doc.findings[0]!;
    expect(finding.sentenceIndex).toBe(1);
    expect(finding.evidence?.source).toBe('s2');
    expect(finding.evidence?.passage).toBe(
      'Budget news The tree budget rose to 14 million dollars.',
    );
    expect(doc.sentences[1]!.findings).toEqual([0]);
    expect(doc.sentences[1]!.evidence[0]!.score).toBeGreaterThanOrEqual(EVIDENCE_THRESHOLDS.strong);
    expect(doc.sentences[1]!.strength).toBe('weak');
  });

  it('keeps the findings evidence a check recorded, lists sources without credentials, and the cost', () => {
    const recorded = buildEvidence({
      draft: DRAFT,
      draftPath: 'x.md',
      sources: SOURCES,
      findings: [
        {
          kind: 'number-not-in-source',
          severity: 'warning',
          sentence: 'The tree budget rose to 15 million dollars.',
          source: 's2',
          detail: 'd',
          evidence: { source: 's2', passage: 'Planting costs climbed again.', sentences: [2, 3] },
        },
      ],
    });
    expect(recorded.findings[0]!.evidence?.passage).toBe('Planting costs climbed again.');
    expect(doc.sources.map((s) => [s.id, s.url, s.citedBy, s.hasText])).toEqual([
      ['s1', 'https://example.org/heat', 2, true],
      ['s2', 'https://example.net/budget', 1, true],
    ]);
    expect(doc.cost?.usd).toBe(0.25);
    expect(doc.runId).toBe('2026-11-26T02-00-00Z-test');
  });

  it('strengthOf uses both bounds', () => {
    const at = (score: number) => [
      { source: 's1', passage: 'p', sentences: [0, 1] as [number, number], score },
    ];
    expect(strengthOf(at(0.29), false)).toBe('none');
    expect(strengthOf(at(0.3), false)).toBe('weak');
    expect(strengthOf(at(0.59), false)).toBe('weak');
    expect(strengthOf(at(0.6), false)).toBe('strong');
    expect(strengthOf(at(0.6), true)).toBe('weak');
  });

  it('scores a sentence without content words 0: there is nothing to measure', () => {
    const doc = buildEvidence({
      draft: '---\ntitle: t\n---\n\nIt was 3.1.[^s1]\n',
      draftPath: 'x.md',
      sources: SOURCES,
    });
    expect(doc.sentences[0]!.evidence[0]!.score).toBe(0);
    expect(doc.sentences[0]!.strength).toBe('none');
  });
});
