import { describe, expect, it } from 'vitest';
import {
  checkSingleSourceConsensus,
  consensusPhraseOf,
} from '../../../../src/stages/critique/checks/single-source-consensus.js';
import { contextOf } from '../helpers.js';

describe('consensusPhraseOf', () => {
  it('finds consensus wording, not agreement to do something', () => {
    expect(
      consensusPhraseOf('Public health experts widely agree that occasional use is harmless.'),
    ).toBe('experts widely agree');
    expect(
      consensusPhraseOf('It is well established that hibernation gives radiation protection.'),
    ).toBe('it is well established');
    expect(
      consensusPhraseOf('Around the league, the consensus is that the veteran always scores.'),
    ).toBe('the consensus is');
    expect(consensusPhraseOf('Most economists believe the rate cut came too late.')).toBe(
      'most economists believe',
    );
    expect(consensusPhraseOf('There is little doubt that the outages saved lives.')).toBe(
      'there is little doubt that',
    );
    expect(consensusPhraseOf('Officials agreed to meet again on Friday.')).toBeNull();
    expect(consensusPhraseOf('The theater wants to make Korean culture widely known.')).toBeNull();
    expect(consensusPhraseOf('The two sides failed to reach a deal.')).toBeNull();
  });
});

describe('checkSingleSourceConsensus', () => {
  it('reports consensus wording backed by one source, as an error', () => {
    const findings = checkSingleSourceConsensus(
      contextOf(
        'Experts widely agree that the shutoffs were necessary to prevent catastrophic fires.[^s1]',
      ),
    );
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'single-source-consensus', severity: 'error', source: 's1' }),
    ]);
  });

  it('accepts consensus wording backed by two sources, and plain attribution', () => {
    const findings = checkSingleSourceConsensus(
      contextOf(
        'Experts widely agree that the dry fall raised the danger.[^s1][^s2] PG&E officials said the winds might fling branches into power lines.[^s1]',
      ),
    );
    expect(findings).toEqual([]);
  });
});
