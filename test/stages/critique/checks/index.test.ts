import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopic } from '../../../../src/core/topic.js';
import { critique } from '../../../../src/stages/critique/checks/index.js';
import { loadSourcesDir } from '../../../../src/stages/critique/parse/load-sources.js';
import type { Finding } from '../../../../src/stages/critique/types.js';
import { draftOf, fixtureSources } from '../helpers.js';

describe('critique', () => {
  it('runs every check and lists errors first', () => {
    const draft = draftOf(
      [
        'PG&E was set to cut power to some 375,000 people in 18 counties.[^s1]',
        'The shutoffs were ordered by state regulators rather than by the utility itself.[^s1]',
        'The campaign cost the state roughly $494,000.[^s2] Residents complained the outages were overly broad and thoughtless everywhere.',
      ].join(' '),
    );
    const { findings } = critique({
      draft,
      sources: fixtureSources(),
      done: { minWords: 10, sections: ['Background'], minSources: 2, citationCoverage: 0.9 },
    });
    const kinds = findings.map((f) => `${f.severity} ${f.kind}`);
    expect(kinds).toEqual([
      'error definition-of-done',
      'error definition-of-done',
      'error missing-citation',
      'error number-not-in-source',
      // The injected claim has no support once the injected passage is set aside.
      'error unsupported-citation',
      'error prompt-injection',
      'warning prompt-injection',
    ]);
    expect(findings[0]!.sentence).toBe('Background');
    expect(findings[1]!.sentence).toBe('citationCoverage');
  });

  it('gives the same findings for the same input (pure)', () => {
    const input = {
      draft: draftOf('The campaign cost the state roughly $494,000.[^s2]'),
      sources: fixtureSources(),
    };
    expect(critique(input)).toEqual(critique(input));
  });
});

// The evaluation set: the same scorer rules as ../shared/eval/critique/score.mjs, in-process.
const CASES = '../shared/eval/critique/cases';

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\[\^[^\]\s]*\]/g, ' ')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

interface Fault {
  kind: string;
  sentence: string;
  source?: string;
  match?: string[];
}

function detects(finding: Finding, fault: Fault): boolean {
  if (finding.kind !== fault.kind) return false;
  if (fault.kind === 'prompt-injection' && fault.source && finding.source === fault.source)
    return true;
  const texts = (
    fault.kind === 'prompt-injection' || fault.kind === 'definition-of-done'
      ? [finding.sentence, finding.detail, finding.source ?? '']
      : [finding.sentence]
  ).map(norm);
  const needles = [fault.sentence, ...(fault.match ?? [])].map(norm);
  return needles.some((n) => texts.some((t) => t.includes(n) || (t.length >= 8 && n.includes(t))));
}

describe.skipIf(!existsSync(CASES))(`critique on the evaluation set (${CASES})`, () => {
  it('reaches recall >= 0.9 overall, every kind >= 0.75 (unsupported-citation >= 0.5), precision >= 0.85', () => {
    const planted = new Map<string, [number, number]>();
    let counted = 0;
    let pointing = 0;
    for (const id of readdirSync(CASES).sort()) {
      const dir = join(CASES, id);
      if (!existsSync(join(dir, 'expected.json'))) continue;
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
        faults: Fault[];
      };
      const { findings } = critique({
        draft: readFileSync(join(dir, 'draft.md'), 'utf8'),
        sources: loadSourcesDir(join(dir, 'sources')),
        done: parseTopic(readFileSync(join(dir, 'topic.yaml'), 'utf8'), join(dir, 'topic.yaml'))
          .done,
      });
      const used = new Set<number>();
      for (const fault of expected.faults) {
        const j = findings.findIndex((f, i) => !used.has(i) && detects(f, fault));
        if (j >= 0) used.add(j);
        const [found, total] = planted.get(fault.kind) ?? [0, 0];
        planted.set(fault.kind, [found + (j >= 0 ? 1 : 0), total + 1]);
      }
      findings.forEach((f, i) => {
        if (f.severity === 'info') return;
        counted++;
        const texts = [f.sentence, f.detail].map(norm);
        const points =
          used.has(i) ||
          expected.faults.some(
            (fault) =>
              fault.kind !== 'definition-of-done' &&
              [fault.sentence, ...(fault.match ?? [])]
                .map(norm)
                .some((n) => texts.some((t) => t.includes(n))),
          );
        if (points) pointing++;
      });
    }
    const totals = [...planted.values()].reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    expect(totals[0] / totals[1]).toBeGreaterThanOrEqual(0.9);
    for (const [kind, [found, total]] of planted) {
      expect(found / total, kind).toBeGreaterThanOrEqual(
        kind === 'unsupported-citation' ? 0.5 : 0.75,
      );
    }
    expect(pointing / counted).toBeGreaterThanOrEqual(0.85);
  });
});
