/**
 * The extract stage: fetched documents in, articles (clean Markdown, plain text, metadata) out.
 * A document that yields no article is a recorded failure, never a thrown error.
 */
import { createHash } from 'node:crypto';
import type { StageContext } from '../../core/context.js';
import { ExtractError, messageOf } from '../../core/errors.js';
import { plainTextOf } from '../../text/plain-text.js';
import type { FetchedDocument } from '../fetch/types.js';
import { documentKindOf } from './document-kind.js';
import { extractArticle } from './extract-article.js';
import { plainDocumentOf } from './plain-document.js';
import type {
  Article,
  ExtractedPage,
  ExtractInput,
  ExtractOptions,
  ExtractOutput,
} from './types.js';

export {
  extractArticle,
  DEFAULT_MAX_CHARS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  DEFAULT_MIN_TEXT_LENGTH,
  DEFAULT_TIMEOUT_MS,
} from './extract-article.js';
export { documentKindOf, type DocumentKind } from './document-kind.js';
export { plainDocumentOf } from './plain-document.js';
export { isoDateOf } from './published-date.js';
export type * from './types.js';

/**
 * Extracts an article from each fetched document: HTML through {@link extractArticle}, Markdown
 * and plain text as they are. Synchronous, no I/O.
 *
 * @param input The fetched documents.
 * @param ctx Stage context (only the logger is used).
 * @param options Per-page bounds passed to {@link extractArticle} (`url` is set per document).
 * @returns Articles in document order, and a failure (with its reason) for each document that gave none.
 */
export function extract(
  input: ExtractInput,
  ctx: StageContext,
  options: Omit<ExtractOptions, 'url'> = {},
): ExtractOutput {
  const output: ExtractOutput = { articles: [], failures: [] };
  for (const document of input.documents) {
    try {
      const page = pageOf(document, options);
      output.articles.push(articleOf(document, page));
    } catch (error) {
      const reason = messageOf(error);
      ctx.logger.warn(`extract ${document.id} ${document.finalUrl}: ${reason}`);
      output.failures.push({ id: document.id, url: document.finalUrl, reason });
    }
  }
  return output;
}

function pageOf(document: FetchedDocument, options: Omit<ExtractOptions, 'url'>): ExtractedPage {
  const kind = documentKindOf(document.contentType, document.finalUrl, document.body);
  switch (kind) {
    case 'html':
      return extractArticle(document.body, { ...options, url: document.finalUrl });
    case 'markdown':
    case 'text': {
      const page = plainDocumentOf(document.body, kind);
      if (!page.text.trim())
        throw new ExtractError(
          document.finalUrl,
          `no article content found: empty ${kind} document`,
        );
      return page;
    }
    default:
      throw new ExtractError(
        document.finalUrl,
        `not an article: content type ${document.contentType || '(none)'} is neither HTML, Markdown nor plain text`,
      );
  }
}

/**
 * Builds the article record; the feed's title, date and author fill what the page lacks. Title and
 * author are plain text: markup a page or feed put in them is not part of the name (issue 17).
 * The cited URL is the page's canonical one only when the extractor accepted it (same
 * registrable domain as the final URL), else the final URL, after redirects.
 */
function articleOf(document: FetchedDocument, page: ExtractedPage): Article {
  return {
    ...page,
    title: plainTextOf(page.title) ?? plainTextOf(document.title),
    author: plainTextOf(page.author) ?? plainTextOf(document.author),
    published: page.published ?? document.published,
    id: document.id,
    url: page.canonicalUrl ?? document.finalUrl,
    from: document.from,
    sha256: createHash('sha256').update(page.markdown).digest('hex'),
    words: wordCountOf(page.text),
  };
}

/** Words in a text: runs of letters, digits and `_` (the eval scorer's tokens). */
export function wordCountOf(text: string): number {
  return text.match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;
}
