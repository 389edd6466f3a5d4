import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';
import { markdownDefectsOf, totalDefectsOf } from '../../../src/stages/extract/markdown-defects.js';

// The eval set lives beside the project (../shared/eval/extract, relative to the project root).
const EVAL_DIR = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'eval', 'extract');
const HAS_EVAL = existsSync(join(EVAL_DIR, 'gold.jsonl'));
/**
 * Floor under the measured F1 (0.981 on the 121 pages when this was written; Readability.js +
 * jsdom scores 0.954): the target, two bootstrap standard deviations under the measure.
 */
const F1_FLOOR = 0.97;

if (!HAS_EVAL) console.warn(`skipping extract eval test: ${EVAL_DIR}/gold.jsonl not found`);

describe.skipIf(!HAS_EVAL)('extraction on the eval pages (../shared/eval/extract)', () => {
  it(`scores F1 >= ${F1_FLOOR} with the eval set's own scorer, and fails no page`, () => {
    const gold = readFileSync(join(EVAL_DIR, 'gold.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { id: string; url: string });
    const failures: string[] = [];
    const predictions = gold.map(({ id, url }) => {
      try {
        return {
          id,
          text: extractArticle(readFileSync(join(EVAL_DIR, 'pages', `${id}.html`), 'utf8'), { url })
            .text,
        };
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message}`);
        return { id, text: '' };
      }
    });
    const dir = mkdtempSync(join(tmpdir(), 'extract-eval-'));
    try {
      const path = join(dir, 'pred.jsonl');
      writeFileSync(path, predictions.map((row) => JSON.stringify(row)).join('\n') + '\n');
      const out = execFileSync(
        process.execPath,
        [join(EVAL_DIR, 'score.mjs'), join(EVAL_DIR, 'gold.jsonl'), path, '--json'],
        { encoding: 'utf8' },
      );
      const score = JSON.parse(out.trim()) as {
        n: number;
        f1: number;
        precision: number;
        recall: number;
        missing: number;
      };
      expect(failures).toEqual([]);
      expect(score.n).toBe(gold.length);
      expect(score.missing).toBe(0);
      expect(score.f1).toBeGreaterThanOrEqual(F1_FLOOR);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes Markdown with no structural defect on any page (issue 22)', () => {
    const gold = readFileSync(join(EVAL_DIR, 'gold.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { id: string; url: string });
    const perPage = gold.map(({ id, url }) => {
      const { markdown } = extractArticle(
        readFileSync(join(EVAL_DIR, 'pages', `${id}.html`), 'utf8'),
        { url },
      );
      return markdownDefectsOf(markdown);
    });
    expect(perPage).toHaveLength(121);
    expect(totalDefectsOf(perPage)).toEqual({
      emptyUrls: 0,
      emptyLinkTexts: 0,
      oneColumnTables: 0,
      textAfterTableRows: 0,
    });
  });
});
