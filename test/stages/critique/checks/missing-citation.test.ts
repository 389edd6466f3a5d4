import { describe, expect, it } from 'vitest';
import { checkMissingCitation } from '../../../../src/stages/critique/checks/missing-citation.js';
import { contextOf } from '../helpers.js';

describe('checkMissingCitation', () => {
  it('reports a factual sentence without a citation, as an error', () => {
    const findings = checkMissingCitation(
      contextOf(
        'A virtually rainless fall has left brush bone-dry.[^s1] The utility decreased the number of people who could be affected from about 660,000.',
      ),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'missing-citation',
        severity: 'error',
        sentence:
          'The utility decreased the number of people who could be affected from about 660,000.',
        source: null,
      }),
    ]);
  });

  it('leaves cited sentences, transitions and questions alone', () => {
    const findings = checkMissingCitation(
      contextOf(
        'Here is what changed. What comes next? The weather should ease by Thursday morning, allowing PG&E to begin restoring power.[^s1]',
      ),
    );
    expect(findings).toEqual([]);
  });
});
