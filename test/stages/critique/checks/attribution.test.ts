import { describe, expect, it } from 'vitest';
import { attributionsOf } from '../../../../src/stages/critique/checks/attribution.js';
import { checkUnsupportedCitation } from '../../../../src/stages/critique/checks/unsupported-citation.js';
import type { SourceText } from '../../../../src/stages/critique/types.js';
import { contextOf } from '../helpers.js';

const QUINLAN =
  'The weather should ease by Thursday morning, allowing PG&E to begin restoring power';

function unsupported(body: string) {
  return checkUnsupportedCitation(contextOf(body));
}

describe('attributionsOf', () => {
  it('finds the subject of a reporting verb, the speaker after a quotation, and "according to"', () => {
    expect(
      attributionsOf('A lawyer for the woman said she would not contest the decision.'),
    ).toEqual([
      {
        speaker: 'A lawyer for the woman',
        names: [],
        head: 'lawyer',
        speech: 'she would not contest the decision.',
      },
    ]);
    expect(
      attributionsOf('"We worked on it," said Robin Biesbroek of the facility.')[0],
    ).toMatchObject({ speaker: 'Robin Biesbroek of the facility', names: ['robin', 'biesbroek'] });
    expect(
      attributionsOf('It could make travel easier, according to the European Space Agency.')[0],
    ).toMatchObject({ speaker: 'the European Space Agency', head: null });
  });

  it('leaves pronoun speakers out and gives each coordinated clause its own speech', () => {
    expect(attributionsOf('She said the idea was not so crazy.')).toEqual([]);
    // A capitalised "States" inside a sentence is a name, not a reporting verb.
    expect(attributionsOf('But another one, in the United States, has barely begun.')).toEqual([]);
    const two = attributionsOf('Shotwell said missions could begin, and SNC said it would follow.');
    expect(two.map((a) => [a.speaker, a.speech])).toEqual([
      ['Shotwell', 'missions could begin'],
      ['SNC', 'it would follow.'],
    ]);
  });
});

describe('misattributed speech (unsupported-citation)', () => {
  it('reports a named speaker the source does not give for that speech, with the passage', () => {
    const findings = unsupported(
      `${QUINLAN}, said Scott Strenfel, PG&E's principal meteorologist.[^s1]`,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', source: 's1' });
    expect(findings[0]!.detail).toContain('misattributed: the draft gives "Scott Strenfel"');
    expect(findings[0]!.evidence!.passage).toMatch(/said Mark Quinlan/);
  });

  it('reports a described speaker the cited source never mentions', () => {
    const findings = unsupported(
      'A lawyer for the governor said the backlash was proof that the effort to raise awareness was working.[^s2]',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.detail).toContain('names no "lawyer"');
  });

  it('accepts the speaker the source gives, by name, initials or "according to"', () => {
    expect(unsupported(`${QUINLAN}, said Mark Quinlan, PG&E's senior director.[^s1]`)).toEqual([]);
    expect(unsupported(`According to Mark Quinlan, ${QUINLAN.toLowerCase()}.[^s1]`)).toEqual([]);
    expect(
      unsupported(
        'Noem said the backlash was proof that the effort to raise awareness was working.[^s2]',
      ),
    ).toEqual([]);
  });
});

describe('described speakers on short speech', () => {
  it('reports "a lawyer for the woman said she would not contest the decision" when the source names no lawyer', () => {
    const sources: SourceText[] = [
      {
        id: 's1',
        url: 'https://example.org/s1',
        title: 'Court ruling',
        text: 'The court ruled against the landlord on Friday. The woman said she would not contest the decision. Her family welcomed the ruling.',
      },
    ];
    const findings = checkUnsupportedCitation(
      contextOf('A lawyer for the woman said she would not contest the decision.[^s1]', {
        ids: ['s1'],
        sources,
      }),
    );
    expect(findings.map((f) => f.detail)).toEqual([
      expect.stringContaining('names no "lawyer"') as string,
    ]);
    expect(findings[0]!.evidence!.passage).toBe(
      'The woman said she would not contest the decision.',
    );
    expect(
      checkUnsupportedCitation(
        contextOf('The woman said she would not contest the decision.[^s1]', {
          ids: ['s1'],
          sources,
        }),
      ),
    ).toEqual([]);
  });

  it('does not read "11 states" or "the claims" as reporting verbs', () => {
    expect(attributionsOf('Recreational marijuana has been legalized in 11 states.')).toEqual([]);
    expect(attributionsOf('The company rejected the claims of the former workers.')).toEqual([]);
  });
});

describe('the publication as the speaker', () => {
  const sources: SourceText[] = [
    {
      id: 's1',
      url: 'https://www.latimes.com/business/story/disney-plus',
      title: 'Disney+ glitches',
      text: 'Disney struggled on launch day. Many users could not log in for hours. The company said it was working on the problem. More than 10 million users activated their accounts on the first day.',
    },
  ];
  const of = (body: string) => checkUnsupportedCitation(contextOf(body, { ids: ['s1'], sources }));

  it('accepts the cited source named by its publication, not another outlet', () => {
    expect(
      of(
        'According to the Los Angeles Times, more than 10 million users activated their accounts on the first day.[^s1]',
      ),
    ).toEqual([]);
    expect(
      of(
        'According to Reuters, more than 10 million users activated their accounts on the first day.[^s1]',
      )[0]!.detail,
    ).toContain('misattributed: the draft gives "Reuters"');
  });
});
