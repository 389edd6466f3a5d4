/**
 * Hostile pages for `bench:extract` (issue 17): deep nesting and huge element counts must fail or
 * succeed within the per-page time bound. Each page is timed next to a baseline measured in the
 * same run: an ordinary page of the same size (the same text as paragraphs, not nested).
 */
import { DEFAULT_TIMEOUT_MS, extractArticle } from '../src/stages/extract/index.js';

/** One hostile page's figures. */
export interface HostileResult {
  name: string;
  megabytes: number;
  ms: number;
  baselineMs: number;
  outcome: string;
}

/** How late past the time bound a stopped page may end before the bench calls it unbounded. */
const STOP_GRACE_MS = 100;

const PROSE =
  'A sentence of real article text, with commas, clauses, and enough words to count as prose. ';

/** `depth` nested `<div>`s around a paragraph (100,000 of them are 1.1 MB). */
export function nestedDivsOf(depth: number): string {
  return `<html><head><title>Nested</title></head><body>${'<div>'.repeat(depth)}<p>${PROSE.repeat(4)}</p>${'</div>'.repeat(depth)}</body></html>`;
}

/** `count` sibling `<p>`s of short text: many elements, shallow. */
export function flatParagraphsOf(count: number): string {
  return `<html><head><title>Flat</title></head><body><article>${'<p>Short text, with a comma in it.</p>'.repeat(count)}</article></body></html>`;
}

/** An ordinary page of about `chars` characters: paragraphs of prose in an article. */
export function ordinaryPageOf(chars: number): string {
  const paragraph = `<p>${PROSE.repeat(8)}</p>`;
  const count = Math.max(1, Math.round(chars / paragraph.length));
  return `<html><head><title>Ordinary</title></head><body><article>${paragraph.repeat(count)}</article></body></html>`;
}

/**
 * Extracts each hostile page once, after an ordinary page of the same size (the baseline).
 *
 * @param pages Name and HTML of each hostile page.
 */
export function runHostilePages(pages: { name: string; html: string }[]): HostileResult[] {
  // Warm the extractor up so that neither figure pays JIT start-up.
  extractArticle(ordinaryPageOf(100_000), { url: 'https://bench.example/warm' });
  return pages.map(({ name, html }) => {
    const baseline = timed(ordinaryPageOf(html.length));
    const hostile = timed(html);
    return {
      name,
      megabytes: html.length / 1e6,
      ms: hostile.ms,
      baselineMs: baseline.ms,
      outcome: hostile.outcome,
    };
  });
}

function timed(html: string): { ms: number; outcome: string } {
  const start = performance.now();
  let outcome: string;
  try {
    const page = extractArticle(html, { url: 'https://bench.example/page' });
    outcome = `extracted, ${page.text.length} characters`;
  } catch (error) {
    outcome = `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { ms: performance.now() - start, outcome };
}

/**
 * Prints the hostile pages' figures and whether each stayed within the time bound.
 *
 * @param results What {@link runHostilePages} measured.
 */
export function printHostile(results: HostileResult[]): void {
  console.log('');
  console.log(`hostile pages (time bound ${DEFAULT_TIMEOUT_MS} ms a page):`);
  for (const result of results) {
    // The time bound is checked between parsing chunks and every 1,024 nodes, so a page stopped
    // by it ends a few milliseconds past 5 s; anything later is a bound not enforced.
    const verdict =
      result.ms <= DEFAULT_TIMEOUT_MS
        ? 'within the bound'
        : result.ms <= DEFAULT_TIMEOUT_MS + STOP_GRACE_MS &&
            result.outcome.includes('past the time bound')
          ? `stopped by the time bound, ${(result.ms - DEFAULT_TIMEOUT_MS).toFixed(0)} ms late`
          : 'OVER the bound';
    console.log(
      `  ${result.name.padEnd(24)} ${result.megabytes.toFixed(1).padStart(4)} MB ${result.ms.toFixed(0).padStart(6)} ms (${verdict}; ordinary page of the same size ${result.baselineMs.toFixed(0)} ms)  ${result.outcome}`,
    );
  }
}
