import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/stages/extract/extract-article.js';
import { markdownDefectsOf, totalDefectsOf } from '../../../src/stages/extract/markdown-defects.js';
import { readerTextOf } from '../../../src/stages/extract/reader-text.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
// The eval set lives beside the project (../shared/eval/extract, relative to the project root).
const EVAL_DIR = resolve(ROOT, '..', 'shared', 'eval', 'extract');
const SCORER = join(EVAL_DIR, 'score.mjs');
const HAS_EVAL = existsSync(join(EVAL_DIR, 'gold.jsonl'));
/** The second page set (Debian documentation, gold checked by hand), kept in the repository. */
const SECOND_DIR = join(ROOT, 'bench', 'extract-second');
/**
 * Floor under the measured F1 (0.981 on the 121 pages when this was written; Readability.js +
 * jsdom scores 0.954): the target, two bootstrap standard deviations under the measure.
 */
const F1_FLOOR = 0.97;
/**
 * Floor on the second set: the issue's goal on unseen pages. Main before issue 22's changes scores 0.975,
 * 0.998 after the general fixes it showed (`<li>` closing `<p>`, loose lists, a list item widened).
 */
const SECOND_F1_FLOOR = 0.98;
/** Largest gap between the Markdown-fidelity F1 and the text F1 (issue 22's acceptance). */
const MAX_FIDELITY_GAP = 0.005;

if (!HAS_EVAL) console.warn(`skipping extract eval test: ${EVAL_DIR}/gold.jsonl not found`);

interface Score {
  n: number;
  f1: number;
  precision: number;
  recall: number;
  missing: number;
}

interface SetRun {
  pages: number;
  failures: string[];
  text: Score;
  markdown: Score;
  /** Pages whose Markdown, as a reader sees it, has other words than the `text` field. */
  wordMismatches: string[];
  defects: ReturnType<typeof totalDefectsOf>;
}

const words = (text: string): string => (text.match(/[\p{L}\p{N}_]+/gu) ?? []).join(' ');

/** Extracts every page of a set and scores the text and the Markdown's reader text. */
function runSet(dir: string): SetRun {
  const goldPath = join(dir, 'gold.jsonl');
  const gold = readFileSync(goldPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; url: string });
  const failures: string[] = [];
  const texts: { id: string; text: string }[] = [];
  const readers: { id: string; text: string }[] = [];
  const wordMismatches: string[] = [];
  const defects = gold.map(({ id, url }) => {
    try {
      const page = extractArticle(readFileSync(join(dir, 'pages', `${id}.html`), 'utf8'), { url });
      const reader = readerTextOf(page.markdown);
      texts.push({ id, text: page.text });
      readers.push({ id, text: reader });
      if (words(reader) !== words(page.text)) wordMismatches.push(id);
      return markdownDefectsOf(page.markdown);
    } catch (error) {
      failures.push(`${id}: ${(error as Error).message}`);
      return markdownDefectsOf('');
    }
  });
  const scratch = mkdtempSync(join(tmpdir(), 'extract-eval-'));
  try {
    const score = (name: string, rows: { id: string; text: string }[]): Score => {
      const path = join(scratch, `${name}.jsonl`);
      writeFileSync(path, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
      const out = execFileSync(process.execPath, [SCORER, goldPath, path, '--json'], {
        encoding: 'utf8',
      });
      return JSON.parse(out.trim()) as Score;
    };
    return {
      pages: gold.length,
      failures,
      text: score('text', texts),
      markdown: score('markdown', readers),
      wordMismatches,
      defects: totalDefectsOf(defects),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const NO_DEFECTS = { emptyUrls: 0, emptyLinkTexts: 0, oneColumnTables: 0, textAfterTableRows: 0 };

describe.skipIf(!HAS_EVAL)('extraction on the eval pages (../shared/eval/extract)', () => {
  const run = HAS_EVAL ? runSet(EVAL_DIR) : null;

  it(`scores F1 >= ${F1_FLOOR} with the eval set's own scorer, and fails no page`, () => {
    expect(run!.failures).toEqual([]);
    expect(run!.text.n).toBe(121);
    expect(run!.text.missing).toBe(0);
    expect(run!.text.f1).toBeGreaterThanOrEqual(F1_FLOOR);
  });

  it('writes Markdown with no structural defect on any page (issue 22)', () => {
    expect(run!.defects).toEqual(NO_DEFECTS);
  });

  it(`writes Markdown that says what the text says: the same words on every page, F1 within ${MAX_FIDELITY_GAP} (issue 22)`, () => {
    expect(run!.wordMismatches).toEqual([]);
    expect(Math.abs(run!.markdown.f1 - run!.text.f1)).toBeLessThanOrEqual(MAX_FIDELITY_GAP);
  });
});

describe.skipIf(!HAS_EVAL)('extraction on the second page set (bench/extract-second)', () => {
  const run = HAS_EVAL ? runSet(SECOND_DIR) : null;

  it(`scores F1 >= ${SECOND_F1_FLOOR}, fails no page and writes Markdown with the same words and no structural defect`, () => {
    expect(run!.failures).toEqual([]);
    expect(run!.pages).toBe(26);
    expect(run!.text.f1).toBeGreaterThanOrEqual(SECOND_F1_FLOOR);
    expect(run!.wordMismatches).toEqual([]);
    expect(Math.abs(run!.markdown.f1 - run!.text.f1)).toBeLessThanOrEqual(MAX_FIDELITY_GAP);
    expect(run!.defects).toEqual(NO_DEFECTS);
  });
});
