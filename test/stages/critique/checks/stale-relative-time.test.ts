import { describe, expect, it } from 'vitest';
import { critique } from '../../../../src/stages/critique/checks/index.js';
import { checkContextOf } from '../../../../src/stages/critique/checks/index.js';
import {
  checkStaleRelativeTime,
  STALE_AFTER_DAYS,
} from '../../../../src/stages/critique/checks/stale-relative-time.js';
import { relativeTimesOf } from '../../../../src/text/relative-time.js';
import { fixtureSources } from '../helpers.js';

/** A draft dated `date` whose sources carry the given `published` dates (omitted when null). */
function datedDraft(body: string, date: string | null, published: Record<string, string | null>) {
  const sources = Object.entries(published).map(
    ([id, day]) =>
      `  - id: ${id}\n    url: "https://example.org/${id}"\n    title: "Source ${id}"${day ? `\n    published: "${day}"` : ''}`,
  );
  return `---\ntitle: "A draft"\n${date ? `date: ${date}\n` : ''}sources:\n${sources.join('\n')}\nreview: []\n---\n\n${body}\n\n[^s1]: [Source s1](https://example.org/s1)\n[^s2]: [Source s2](https://example.org/s2)\n`;
}

function findingsOf(body: string, date: string | null, published: Record<string, string | null>) {
  return checkStaleRelativeTime(
    checkContextOf({ draft: datedDraft(body, date, published), sources: fixtureSources() }),
  );
}

const SHUTOFF = 'PG&E began cutting power to some 375,000 people in 18 counties today.[^s1]';

describe('relativeTimesOf', () => {
  it('finds day, month and year expressions, the longest first, outside quotations', () => {
    expect(relativeTimesOf('So far this year, sales rose; today they fell.')).toEqual([
      { expression: 'so far this year', scale: 'year' },
      { expression: 'today', scale: 'day' },
    ]);
    expect(relativeTimesOf('Prices are currently high after last month.')).toEqual([
      { expression: 'currently', scale: 'month' },
      { expression: 'last month', scale: 'month' },
    ]);
    expect(relativeTimesOf('"We are ready now," she said on Tuesday.')).toEqual([]);
  });
});

describe('checkStaleRelativeTime', () => {
  it('warns about a day word from a source published more than 7 days before the draft, naming both dates', () => {
    // 2019-10-09 + 8 days = 2019-10-17: one day past the limit.
    const findings = findingsOf(SHUTOFF, '2019-10-17', { s1: '2019-10-09', s2: null });
    expect(findings).toEqual([
      {
        kind: 'stale-relative-time',
        severity: 'warning',
        sentence: SHUTOFF.replace('[^s1]', ''),
        source: 's1',
        detail: expect.stringMatching(/"today".*2019-10-17.*2019-10-09, 8 days earlier/) as string,
        // The cited passage the expression was copied from.
        evidence: {
          source: 's1',
          passage: expect.stringMatching(/SAN FRANCISCO \(AP\).*375,000 people in 18/) as string,
          sentences: [0, 2], // the title (begin, power, shutoff) and the opening sentence
          score: expect.any(Number) as number,
        },
      },
    ]);
  });

  it('is quiet at the limit, with either date unknown, or without a relative expression', () => {
    expect(STALE_AFTER_DAYS.day).toBe(7);
    expect(findingsOf(SHUTOFF, '2019-10-16', { s1: '2019-10-09', s2: null })).toEqual([]);
    expect(findingsOf(SHUTOFF, null, { s1: '2019-10-09', s2: null })).toEqual([]);
    expect(findingsOf(SHUTOFF, '2019-12-01', { s1: null, s2: null })).toEqual([]);
    expect(
      findingsOf(SHUTOFF.replace(' today', ''), '2019-12-01', { s1: '2019-10-09', s2: null }),
    ).toEqual([]);
  });

  it('uses the scale of the expression and the newest cited source', () => {
    const body = 'The utility has recently cut power to some 375,000 people.[^s1][^s2]';
    // 30 days: stale for a day word, not for "recently" (45 days).
    expect(findingsOf(body, '2019-11-08', { s1: '2019-10-09', s2: '2019-10-01' })).toEqual([]);
    const late = findingsOf(body, '2019-12-01', { s1: '2019-10-09', s2: '2019-10-01' });
    expect(late.map((f) => [f.severity, f.source])).toEqual([['warning', null]]);
    expect(late[0]!.detail).toContain('newest cited source (s1) was published 2019-10-09, 53 days');
    // One cited source without a date: it may be fresh, so nothing is said.
    expect(findingsOf(body, '2019-12-01', { s1: '2019-10-09', s2: null })).toEqual([]);
  });

  it('runs as part of the critique', () => {
    const { findings } = critique({
      draft: datedDraft(SHUTOFF, '2020-01-01', { s1: '2019-10-09', s2: null }),
      sources: fixtureSources(),
    });
    expect(findings.filter((f) => f.kind === 'stale-relative-time')).toHaveLength(1);
  });
});
