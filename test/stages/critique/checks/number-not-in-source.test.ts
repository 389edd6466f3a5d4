import { describe, expect, it } from 'vitest';
import { checkNumberNotInSource } from '../../../../src/stages/critique/checks/number-not-in-source.js';
import type { SourceText } from '../../../../src/stages/critique/types.js';
import { contextOf } from '../helpers.js';

describe('checkNumberNotInSource', () => {
  it('accepts figures of the cited source written another way', () => {
    const findings = checkNumberNotInSource(
      contextOf(
        'PG&E was set to cut power to some 375,000 people in 18 counties.[^s1] An earlier outage affected nearly 2,500,000 people.[^s1] The campaign cost about $449,000.[^s2]',
      ),
    );
    expect(findings).toEqual([]);
  });

  it('reports a changed figure as an error, with the figure and the source', () => {
    const findings = checkNumberNotInSource(
      contextOf(
        'In 2016, 3.8 percent of young people reported using meth, against a national average of 3.5 percent.[^s2]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'number-not-in-source',
      severity: 'error',
      source: 's2',
    });
    expect(findings[0]!.detail).toContain('"3.5"');
    expect(findings[0]!.detail).not.toContain('"3.8"');
  });

  it('checks the cited source only, and a missing number word is a warning', () => {
    const wrongSource = checkNumberNotInSource(contextOf('The campaign cost about $449,000.[^s1]'));
    expect(wrongSource).toEqual([expect.objectContaining({ severity: 'error', source: 's1' })]);
    const word = checkNumberNotInSource(
      contextOf('Noem tweeted seventeen times about the campaign.[^s2]'),
    );
    expect(word).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});

describe('figures bound to another subject', () => {
  it('reports a figure the source gives for something else, naming what it is attached to there', () => {
    const findings = checkNumberNotInSource(
      contextOf(
        'PG&E was set to cut power to some 55 people in Northern California counties.[^s1]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'number-not-in-source',
      severity: 'error',
      source: 's1',
    });
    expect(findings[0]!.detail).toContain(
      'figure "55" is in s1 but attached to something else there',
    );
    expect(findings[0]!.detail).toContain('winds gusting at times to 55 mph');
    expect(findings[0]!.evidence!.passage).toContain('55 mph');
  });

  it('accepts the figure with its own subject, and a year or a small count by value only', () => {
    expect(
      checkNumberNotInSource(
        contextOf(
          'Winds were forecast to gust at times to 55 mph.[^s1] PG&E was set to cut power to some 375,000 people.[^s1] The first time since 1905 that a Napa County station saw no rain this late.[^s1]',
        ),
      ),
    ).toEqual([]);
  });
});

describe('figures bound to another subject: appositives', () => {
  const source = (text: string): SourceText[] => [
    { id: 's1', url: 'https://example.org/s1', title: '', text },
  ];
  const of = (body: string, text: string) =>
    checkNumberNotInSource(contextOf(body, { ids: ['s1'], sources: source(text) }));
  const ASSANGE =
    'Assange, 48, faces 18 charges in the United States. He could face up to 175 years in prison if convicted.';

  it('reads an age by the name it follows', () => {
    expect(of('Assange, 175, faces 18 charges in the United States.[^s1]', ASSANGE)).toEqual([
      expect.objectContaining({ kind: 'number-not-in-source', severity: 'error' }),
    ]);
    expect(of('Assange, 48, faces 18 charges in the United States.[^s1]', ASSANGE)).toEqual([]);
  });

  it('accepts an age given in another sentence about the same person', () => {
    expect(
      of(
        'Webb, 51, confessed to the kidnapping in a three-hour recorded interview.[^s1]',
        'A federal jury deliberated for 10 minutes before convicting Webb, 51, of kidnapping the girl. In a three-hour recorded interview, Webb confessed to the kidnapping.',
      ),
    ).toEqual([]);
  });
});

describe('figures bound to another subject: the issue 18 example', () => {
  it('reports guidance figures taken from other quantities of the source', () => {
    const sources: SourceText[] = [
      {
        id: 's1',
        url: 'https://example.org/s1',
        title: 'Retailer cuts its outlook',
        text: 'The retailer now expects sales growth of 3 percent this year, down from previous guidance of 3.5 percent. Inflation was 2.8 percent in October, and unemployment held at 4 percent.',
      },
    ];
    const of = (body: string) => checkNumberNotInSource(contextOf(body, { ids: ['s1'], sources }));
    const findings = of(
      'The retailer now expects sales growth of 3 percent, down from previous guidance of 2.8 percent and 4 percent.[^s1]',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.detail).toContain(
      'figure "2.8" is in s1 but attached to something else there: "Inflation was 2.8 percent',
    );
    expect(
      of(
        'The retailer now expects sales growth of 3 percent, down from previous guidance of 3.5 percent.[^s1]',
      ),
    ).toEqual([]);
  });
});
