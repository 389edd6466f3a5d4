import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  corpusArticles,
  CORPUS_DIR,
  FAULTS,
  generateCases,
  pageArticles,
  PAGES_DIR,
  writeCases,
} from '../../bench/critique-cases.js';
import { scoreCases } from '../../bench/critique-score.js';

const present = existsSync(PAGES_DIR) && existsSync(CORPUS_DIR);

describe.skipIf(!present)('grown critique evaluation set (issue 18)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'critique-cases-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'plants every fault class over real pages and holds the floors: each kind recall >= 0.8, overall >= 0.9, precision >= 0.9',
    { timeout: 120_000 },
    () => {
      const articles = [...pageArticles(), ...corpusArticles(CORPUS_DIR, 20)];
      const cases = generateCases(articles, { seed: 5, perClass: 3, clean: 12 });
      // Deterministic: the same seed gives the same drafts.
      expect(generateCases(articles, { seed: 5, perClass: 3, clean: 12 })).toEqual(cases);
      writeCases(cases, dir);
      const ids = readdirSync(dir).sort();
      expect(ids).toHaveLength(cases.length);
      const first = JSON.parse(readFileSync(join(dir, ids[0]!, 'expected.json'), 'utf8')) as {
        faults: unknown[];
      };
      expect(first.faults).toHaveLength(1);
      expect(existsSync(join(dir, ids[0]!, 'sources', 's1.md'))).toBe(true);

      const scores = scoreCases(dir);
      // Every kind a fault class maps to is planted at least once.
      expect(Object.keys(scores.kinds).sort()).toEqual([...new Set(Object.values(FAULTS))].sort());
      expect(scores.clean).toBe(12);
      const short = Object.entries(scores.kinds)
        .filter(([, k]) => k.detected / k.planted < 0.8)
        .map(([kind, k]) => `${kind} ${k.detected}/${k.planted}`);
      expect(short).toEqual([]);
      expect(scores.detected / scores.planted).toBeGreaterThanOrEqual(0.9);
      expect(scores.pointing / scores.findings).toBeGreaterThanOrEqual(0.9);
    },
  );
});

describe.runIf(!present)('grown critique evaluation set', () => {
  it('is skipped: ../shared/eval/extract/pages or ../shared/eval/corpus is absent', () => {
    expect(present).toBe(false);
  });
});
