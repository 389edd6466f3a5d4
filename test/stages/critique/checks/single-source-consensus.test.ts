import { describe, expect, it } from 'vitest';
import {
  checkSingleSourceConsensus,
  consensusPhraseOf,
} from '../../../../src/stages/critique/checks/single-source-consensus.js';
import { consensusStructureOf } from '../../../../src/stages/critique/checks/consensus-structure.js';
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

describe('consensus by structure', () => {
  it('finds a plural subject with a view verb and a cue of breadth, and the passive with a degree adverb', () => {
    expect(
      consensusStructureOf('Reviewers widely agree that the film is the best of the year.'),
    ).toBe('reviewers widely agree');
    expect(consensusStructureOf('Doctors across the country say the vaccine is safe.')).toBe(
      'doctors across the country say',
    );
    expect(consensusStructureOf('It is broadly accepted that the policy failed.')).toBe(
      'it is broadly accepted',
    );
    expect(consensusStructureOf('Critics have long argued that the deal was a giveaway.')).toBe(
      'critics have long argued',
    );
    expect(consensusStructureOf('The majority of analysts expected a cut.')).toBe(
      'the majority of analysts expected',
    );
    expect(consensusStructureOf('The scientific community agrees that the drug is safe.')).toBe(
      'community agrees',
    );
    expect(
      consensusStructureOf('There is broad agreement among economists that rates will fall.'),
    ).toBe('broad agreement among');
  });

  it('leaves plain attribution, agreeing to act, a singular subject and quotations alone', () => {
    for (const text of [
      'Officials said the road would reopen on Monday.',
      'Officials agreed to meet again on Friday.',
      'The analysts quickly said the deal was off.',
      'Scientists have found that the ice is melting.',
      'The governor has long argued for lower taxes.',
      'She wrote that "critics have long argued the deal was a giveaway."',
    ])
      expect(consensusStructureOf(text)).toBeNull();
  });

  it('reports it on one source, not when the cited source makes the same kind of claim', () => {
    const one = checkSingleSourceConsensus(
      contextOf('Meteorologists across the state say the dry fall raised the fire danger.[^s1]'),
    );
    expect(one).toEqual([
      expect.objectContaining({ kind: 'single-source-consensus', source: 's1' }),
    ]);
    expect(one[0]!.detail).toContain('"meteorologists across the state say"');
    const repeated = checkSingleSourceConsensus(
      contextOf('Critics have long argued that the meth campaign was a joke.[^s2]', {
        sources: [
          {
            id: 's2',
            url: 'https://example.org/s2',
            title: 'Meth campaign',
            text: 'Critics have long argued that the meth campaign was a joke. Noem disagreed.',
          },
        ],
      }),
    );
    expect(repeated).toEqual([]);
  });
});
