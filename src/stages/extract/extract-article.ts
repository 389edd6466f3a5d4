/**
 * One HTML page to one article: bounded parsing, metadata, hidden text, boilerplate, main
 * content, Markdown.
 */
import type { Element } from 'domhandler';
import { ExtractError } from '../../core/errors.js';
import { removeNeverContent } from './boilerplate.js';
import { Deadline } from './deadline.js';
import { MAX_DEPTH } from './dom.js';
import { removeHidden } from './hidden.js';
import { adoptImageSources, baseUrlOf } from './image-source.js';
import { findMainContent } from './main-content.js';
import { metadataOf } from './metadata.js';
import { DEFAULT_MAX_ELEMENTS, parseWithinBounds } from './parse-bounded.js';
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
export { DEFAULT_MAX_ELEMENTS } from './parse-bounded.js';
/** Deepest element nesting kept (default for `maxDepth`); deeper elements become their text. */
export const DEFAULT_MAX_DEPTH = MAX_DEPTH;

/**
 * Extracts the article of an HTML page.
 *
 * Every bound holds inside the work: the page is cut to `maxChars`, its elements are counted
 * before parsing, its nesting is capped right after (before metadata or any other walk), and the
 * time bound is checked while parsing and inside the tree walks, not only between steps.
 *
 * @param html The decoded page.
 * @param options `url` (base for relative links when the page has no canonical URL), `source`
 *   (name in error messages, default the URL), `maxChars`
 *   (default 5,000,000 characters; longer input is truncated), `maxElements` (default 100,000
 *   start tags; more fails the page), `maxDepth` (default 400 levels; deeper is flattened),
 *   `timeoutMs` (default 5,000 ms), `minTextLength` (default 100 characters).
 * @throws ExtractError "no article content found: ..." when the page holds no article; naming
 *   the bound and the numbers when the page is past the element or the time bound.
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedPage {
  const source = options.source ?? options.url ?? 'page';
  const deadline = new Deadline(source, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const checkTime = (step: string): void => deadline.check(step);
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const input = html.length > maxChars ? html.slice(0, maxChars) : html;
  try {
    const $ = parseWithinBounds(input, {
      source,
      deadline,
      maxElements: options.maxElements ?? DEFAULT_MAX_ELEMENTS,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    });
    const metadata = metadataOf($, options.url);
    checkTime('metadata');
    const document = $.root()[0]!;
    const baseUrl = baseUrlOf($, metadata.canonicalUrl, options.url);
    adoptImageSources(document, baseUrl);
    removeNeverContent(document, deadline);
    const hidden = removeHidden(document, deadline);
    checkTime('cleaning');
    const main = findMainContent(document, { articleBody: metadata.articleBody }, deadline);
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
    pruneContent(main.roots, metadata.title, deadline);
    const { markdown, text } = renderArticle(toHast(main.roots, baseUrl, deadline), deadline);
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
