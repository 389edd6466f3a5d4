/**
 * One HTML page to one article: metadata, hidden text, boilerplate, main content, Markdown.
 */
import type { Element } from 'domhandler';
import { ExtractError } from '../../core/errors.js';
import { removeNeverContent } from './boilerplate.js';
import { capDepth, parseHtml } from './dom.js';
import { removeHidden } from './hidden.js';
import { findMainContent } from './main-content.js';
import { metadataOf } from './metadata.js';
import { pruneContent } from './prune.js';
import type { TextStats } from './text-stats.js';
import { toHast } from './to-hast.js';
import { renderArticle } from './to-markdown.js';
import type { ExtractedPage, ExtractOptions } from './types.js';

/** Largest HTML processed, in characters (default for `maxChars`): the rest of a page is cut. */
export const DEFAULT_MAX_CHARS = 5_000_000;
/** Time allowed per page, in milliseconds (default for `timeoutMs`). */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** Fewest characters of article text accepted (default for `minTextLength`). */
export const DEFAULT_MIN_TEXT_LENGTH = 100;

/**
 * Extracts the article of an HTML page.
 *
 * @param html The decoded page.
 * @param options `url` (base for relative links when the page has no canonical URL), `source`
 *   (name in error messages, default the URL), `maxChars`
 *   (default 5,000,000 characters; longer input is truncated), `timeoutMs` (default 5,000 ms, checked
 *   between steps), `minTextLength` (default 100 characters).
 * @throws ExtractError "no article content found: ..." when the page holds no article, or when
 *   the time bound is exceeded.
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedPage {
  const source = options.source ?? options.url ?? 'page';
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const checkTime = (step: string): void => {
    const elapsed = performance.now() - started;
    if (elapsed > timeoutMs) {
      throw new ExtractError(
        source,
        `${step} took the page past the time bound: ${Math.round(elapsed)} ms > timeoutMs ${timeoutMs} ms`,
      );
    }
  };
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const input = html.length > maxChars ? html.slice(0, maxChars) : html;
  try {
    const $ = parseHtml(input);
    const metadata = metadataOf($, options.url);
    const document = $.root()[0]!;
    capDepth(document);
    removeNeverContent(document);
    const hidden = removeHidden(document);
    checkTime('parsing');
    const main = findMainContent(document, { articleBody: metadata.articleBody });
    if (!main)
      throw new ExtractError(
        source,
        'no article content found: no block of text of 25 characters or more',
      );
    checkTime('content detection');
    const density = linkDensityOfRoots(main.roots, main.stats);
    if (density > MAX_LINK_DENSITY) {
      throw new ExtractError(
        source,
        `no article content found: the best block ${describe(main.roots)} is ${Math.round(density * 100)}% link text (more than ${MAX_LINK_DENSITY * 100}%), a list of links rather than an article`,
      );
    }
    pruneContent(main.roots, metadata.title);
    const { markdown, text } = renderArticle(
      toHast(main.roots, metadata.canonicalUrl ?? options.url ?? null),
    );
    checkTime('conversion');
    const minTextLength = options.minTextLength ?? DEFAULT_MIN_TEXT_LENGTH;
    if (text.length < minTextLength) {
      throw new ExtractError(
        source,
        `no article content found: ${text.length} characters of text in ${describe(main.roots)}, fewer than minTextLength ${minTextLength}`,
      );
    }
    return {
      title: metadata.title,
      author: metadata.author,
      published: metadata.published,
      canonicalUrl: metadata.canonicalUrl,
      lang: metadata.lang,
      siteName: metadata.siteName,
      markdown,
      text,
      hidden,
    };
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    // Pathological markup (nesting deep enough to exhaust the stack) fails this page, not the run.
    throw new ExtractError(
      source,
      `extraction failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Largest share of link text in the chosen content before the page counts as a link list. */
const MAX_LINK_DENSITY = 0.6;

function linkDensityOfRoots(roots: readonly Element[], stats: Map<Element, TextStats>): number {
  let text = 0;
  let links = 0;
  for (const root of roots) {
    text += stats.get(root)?.textLength ?? 0;
    links += stats.get(root)?.linkLength ?? 0;
  }
  return text === 0 ? 0 : links / text;
}

function describe(roots: readonly Element[]): string {
  const names = roots.slice(0, 3).map((root) => {
    const id = root.attribs.id ? `#${root.attribs.id}` : '';
    return `<${root.name}${id}>`;
  });
  return names.join(', ') + (roots.length > 3 ? ` and ${roots.length - 3} more` : '');
}
