import { describe, expect, it } from 'vitest';
import { critique, checkContextOf } from '../../../../src/stages/critique/checks/index.js';
import { evidenceOf } from '../../../../src/stages/critique/checks/evidence.js';
import type { Evidence, Finding } from '../../../../src/stages/critique/types.js';
import { contentStemsOf } from '../../../../src/text/words.js';
import { draftOf, fixtureSources } from '../helpers.js';

function findingsOf(body: string): Finding[] {
  return critique({ draft: draftOf(body), sources: fixtureSources() }).findings;
}

// The evidence must be exactly the source's sentences over its span (issue 19 reads it so).
function expectSpanHolds(evidence: Evidence | undefined): Evidence {
  expect(evidence).toBeDefined();
  const ctx = checkContextOf({ draft: draftOf('x'), sources: fixtureSources() });
  const source = ctx.sources.get(evidence!.source)!;
  const [first, end] = evidence!.sentences;
  expect(end).toBeGreaterThan(first);
  expect(evidence!.passage).toBe(source.sentences.slice(first, end).join(' '));
  return evidence!;
}

describe('evidence on findings', () => {
  it('gives the best aligned passage, trimmed to sentences that hold the stems, with its score', () => {
    const ctx = checkContextOf({ draft: draftOf('x'), sources: fixtureSources() });
    const s1 = ctx.sources.get('s1')!;
    const stems = [...new Set(contentStemsOf('Napa County station measurable drop of rain'))];
    const evidence = evidenceOf(stems, s1)!;
    expect(evidence.passage).toMatch(/^One Napa County reporting station hasn’t seen/);
    expect(evidence.sentences[1] - evidence.sentences[0]).toBe(1);
    expect(evidence.score).toBeGreaterThan(0.8);
    expect(evidenceOf(['zzzunknown'], s1)).toBeUndefined();
  });

  it('carries the compared passage on number, quote, unsupported and consensus findings', () => {
    const findings = findingsOf(
      [
        'PG&E was set to shut off power to some 475,000 people in 18 counties.[^s1]',
        'Strenfel said "this lack of rain keeps the threat of fire very real in every area."[^s1]',
        'The campaign was designed by Daniel Levy, a consultant from Minneapolis, the governor said.[^s2]',
        'Experts widely agree that the meth campaign was working.[^s2]',
      ].join(' '),
    );
    const byKind = new Map(findings.map((f) => [f.kind, f]));
    const number = expectSpanHolds(byKind.get('number-not-in-source')?.evidence);
    expect(number).toMatchObject({ source: 's1' });
    expect(number.passage).toContain('375,000');
    const quote = expectSpanHolds(byKind.get('quote-not-in-source')?.evidence);
    expect(quote.passage).toContain('This lack of rain is keeping the threat of fire very real');
    expect(expectSpanHolds(byKind.get('unsupported-citation')?.evidence).source).toBe('s2');
    expect(expectSpanHolds(byKind.get('single-source-consensus')?.evidence).passage).toMatch(
      /working/,
    );
  });

  it('points a contradiction at the one source sentence that says the opposite', () => {
    const findings = findingsOf(
      'The tagline drew no criticism or ridicule across Twitter on Monday.[^s2]',
    ).filter((f) => f.kind === 'unsupported-citation');
    expect(findings).toHaveLength(1);
    const evidence = expectSpanHolds(findings[0]!.evidence);
    expect(evidence.sentences[1] - evidence.sentences[0]).toBe(1);
    expect(evidence.passage).toMatch(/^The tagline drew a mix of criticism and ridicule/);
  });

  it('marks an injected passage by an empty span where it sat, and leaves findings without a passage bare', () => {
    const findings = findingsOf('This sentence has no citation at all but names Sacramento.');
    const injection = findings.find((f) => f.kind === 'prompt-injection')!;
    const ctx = checkContextOf({ draft: draftOf('x'), sources: fixtureSources() });
    const s1 = ctx.sources.get('s1')!;
    const [at, end] = injection.evidence!.sentences;
    expect(end).toBe(at);
    expect(injection.evidence!.passage).toBe(injection.sentence);
    expect(s1.sentences[at - 1]).toMatch(/^The planned blackouts will affect counties/);
    expect(s1.sentences[at]).toMatch(/^The weather should ease by Thursday morning/);
    const missing = findings.find((f) => f.kind === 'missing-citation')!;
    expect(missing.evidence).toBeUndefined();
  });
});
