import { describe, expect, it } from 'vitest';
import {
  checkUnsupportedCitation,
  NOVEL_MIN_SHARE,
  WINDOW_MAX_OVERLAP,
} from '../../../../src/stages/critique/checks/unsupported-citation.js';
import type { SourceText } from '../../../../src/stages/critique/types.js';
import { contextOf } from '../helpers.js';

describe('checkUnsupportedCitation', () => {
  it('accepts faithful paraphrases of the cited source', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        [
          'A virtually rainless fall has left brush bone-dry, and forecasts called for low humidity and strong winds.[^s1]',
          "One Napa County station has not seen a measurable drop of rain since mid-September, said Scott Strenfel, PG&E's principal meteorologist.[^s1]",
          'Noem cited the backlash as proof that the effort to raise awareness was working.[^s2]',
        ].join(' '),
      ),
    );
    expect(findings).toEqual([]);
  });

  it('reports names that appear in no cited source, as an error', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        'The campaign was designed by Daniel Levy, a consultant from Minneapolis, the governor said.[^s2]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'unsupported-citation',
      severity: 'error',
      source: 's2',
    });
    expect(findings[0]!.detail).toContain('"daniel", "levy"');
  });

  it(`reports a clause whose words are absent (>= ${NOVEL_MIN_SHARE}) and uncovered (<= ${WINDOW_MAX_OVERLAP})`, () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        "Twitter temporarily suspended the governor's account, and Noem later tweeted that the meth epidemic needs to be a dinner table conversation.[^s2]",
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.detail).toContain("Twitter temporarily suspended the governor's account");
  });

  it('checks against the cited source, not another one', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        'Pacific Gas & Electric Co. was set to begin shutting off power to people in Northern California counties.[^s2]',
      ),
    );
    expect(findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('takes one unknown name in an otherwise supported sentence as info only', () => {
    const findings = checkUnsupportedCitation(
      contextOf(
        'The planned blackouts will affect counties north of Sacramento, Oregon and the wine country.[^s1]',
      ),
    );
    expect(findings.map((f) => [f.severity, f.detail.includes('"oregon"')])).toEqual([
      ['info', true],
    ]);
  });
});

describe('checkUnsupportedCitation: opposite polarity', () => {
  // Trimmed from the Los Angeles Times story of ../shared/eval/critique/cases/p19 (s1).
  const source: SourceText = {
    id: 's1',
    url: 'https://example.org/s1',
    title: 'Disney+ glitches',
    text: [
      'Disney struggled to contend with the more than 10 million users who activated their accounts on launch day.',
      'An undisclosed number of customers signed up for the free weeklong trial, although it is not clear how many have converted to paid subscribers.',
      'Mayer hinted that the company was pleased with Disney+ retention so far.',
      'The board did not approve the streaming budget for the coming season.',
      'Subscriber numbers rose sharply in the weeks after the launch.',
      'The company raised the monthly price for new subscribers in Europe.',
      'The grant does not lead to any new top charities by that time.',
    ].join(' '),
  };
  const findingsOf = (body: string) =>
    checkUnsupportedCitation(contextOf(body, { ids: ['s1'], sources: [source] }));

  it('reports a claim the source leaves open ("it is not clear how many") as the opposite', () => {
    const findings = findingsOf(
      'Most customers who signed up for the free weeklong trial have already converted to paid subscriptions.[^s1]',
    );
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'unsupported-citation', severity: 'error', source: 's1' }),
    ]);
    expect(findings[0]!.detail).toMatch(/the source says the opposite: "An undisclosed number/);
  });

  it('reports a negation on one side only, and a swapped direction word', () => {
    const added = findingsOf('The board approved the streaming budget for the coming season.[^s1]');
    expect(added.map((f) => f.severity)).toEqual(['error']);
    expect(added[0]!.detail).toContain('the source says the opposite');
    const dropped = findingsOf(
      'The company has not raised the monthly price for new subscribers in Europe.[^s1]',
    );
    expect(dropped.map((f) => f.severity)).toEqual(['error']);
    const swapped = findingsOf(
      'Subscriber numbers fell sharply in the weeks after the launch.[^s1]',
    );
    expect(swapped[0]!.detail).toContain('the draft says "fell" where the source says "rose"');
    const lowered = findingsOf(
      'The company lowered the monthly price for new subscribers in Europe.[^s1]',
    );
    expect(lowered.map((f) => f.kind)).toEqual(['unsupported-citation']);
  });

  it('accepts a claim that another sentence of the source states with the same polarity', () => {
    const repeated: SourceText = {
      ...source,
      text: [
        'Prosecutors alleged that the officers slept when they should have been conducting inmate checks for two hours.',
        'The officers were charged on Tuesday.',
        'The jail was understaffed, officials said.',
        'The union declined to comment on the charges.',
        'No inmate checks were conducted for at least eight hours.',
      ].join(' '),
    };
    expect(
      checkUnsupportedCitation(
        contextOf('No inmate checks were conducted for at least eight hours.[^s1]', {
          ids: ['s1'],
          sources: [repeated],
        }),
      ),
    ).toEqual([]);
  });

  it('knows the common direction pairs beyond rose/fell (grew/shrank, gained/lost, allowed/banned)', () => {
    const pairs: SourceText = {
      ...source,
      text: 'The streaming audience grew quickly across Europe during the first winter. The regulator allowed the merger of the two largest studios in March.',
    };
    const of = (body: string) =>
      checkUnsupportedCitation(contextOf(body, { ids: ['s1'], sources: [pairs] }));
    expect(
      of('The streaming audience shrank quickly across Europe during the first winter.[^s1]')[0]!
        .detail,
    ).toContain('the draft says "shrank" where the source says "grew"');
    expect(
      of('The regulator banned the merger of the two largest studios in March.[^s1]')[0]!.detail,
    ).toContain('the draft says "banned" where the source says "allowed"');
    const modal: SourceText = {
      ...source,
      text: 'The regulator may approve the merger of the two largest studios in March.',
    };
    const ofModal = (body: string) =>
      checkUnsupportedCitation(contextOf(body, { ids: ['s1'], sources: [modal] }));
    // Certainty raised is more than the source says; certainty lowered is caution.
    expect(
      ofModal('The regulator will approve the merger of the two largest studios in March.[^s1]')[0]!
        .detail,
    ).toContain('the draft says "will" where the source says "may"');
    expect(
      ofModal('The regulator might approve the merger of the two largest studios in March.[^s1]'),
    ).toEqual([]);
    expect(
      of('The regulator allowed the merger of the two largest studios in March.[^s1]'),
    ).toEqual([]);
  });

  it('accepts the same polarity, and a weak alignment', () => {
    expect(
      findingsOf(
        'It is not clear how many customers who signed up for the free weeklong trial have converted to paid subscribers.[^s1]',
      ),
    ).toEqual([]);
    expect(findingsOf('The board did not approve the budget for the coming season.[^s1]')).toEqual(
      [],
    );
    expect(findingsOf('Subscriber numbers rose sharply after the launch.[^s1]')).toEqual([]);
    // The negation sits on another word ("no" for "not ... any"): the same claim.
    expect(findingsOf('The grant leads to no new top charities by that time.[^s1]')).toEqual([]);
  });
});
