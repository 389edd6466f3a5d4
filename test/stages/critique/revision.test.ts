import { describe, expect, it } from 'vitest';
import {
  isDropped,
  normaliseSentence,
  sentencesToDrop,
} from '../../../src/stages/critique/revision.js';
import type { Finding } from '../../../src/stages/critique/types.js';

const finding = (kind: string, severity: Finding['severity'], sentence: string): Finding => ({
  kind,
  severity,
  sentence,
  source: null,
  detail: '',
});

describe('sentencesToDrop', () => {
  it('returns the normalised sentences of error findings only', () => {
    const drop = sentencesToDrop([
      finding('number-not-in-source', 'error', 'The campaign cost the state roughly $494,000.'),
      finding('quote-not-in-source', 'warning', 'Officials called it “terribly disruptive.”'),
      finding('unsupported-citation', 'info', 'The blackouts affect Oregon.'),
    ]);
    expect([...drop]).toEqual(['the campaign cost the state roughly $494,000.']);
  });

  it('never drops for whole-draft findings', () => {
    const drop = sentencesToDrop([
      finding('definition-of-done', 'error', 'minWords'),
      finding('too-close-to-corpus', 'error', 'PG&E was set to cut power.'),
    ]);
    expect(drop.size).toBe(0);
  });
});

describe('isDropped', () => {
  const drop = sentencesToDrop([
    finding('missing-citation', 'error', 'Residents complained the outages were overly broad.'),
    finding(
      'quote-not-in-source',
      'error',
      '"It is working. We are on it," Noem said. She added more.',
    ),
  ]);

  it('matches the draft sentence with its markers and typography', () => {
    expect(isDropped('Residents complained the outages were  overly broad.[^s1]', drop)).toBe(true);
    expect(isDropped('Residents complained.', drop)).toBe(false);
  });

  it('matches each sentence of a multi-sentence finding', () => {
    expect(isDropped('She added more.[^s2]', drop)).toBe(true);
    expect(normaliseSentence('“Quote” — here[^s1]')).toBe('"quote" - here');
  });
});
