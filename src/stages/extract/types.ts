import type { FetchedDocument } from '../fetch/types.js';

/** The article found in one HTML page. */
export interface ExtractedPage {
  title: string | null;
  author: string | null;
  /** ISO 8601 date, or null. */
  published: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  siteName: string | null;
  /** The article as Markdown: block boundaries kept, links and images absolute. */
  markdown: string;
  /** Plain-text rendering of the same content (paragraphs separated by blank lines). */
  text: string;
  /** Text of hidden elements that were removed (a prompt-injection carrier), for the record. */
  hidden: string[];
}

/** Options of {@link ExtractedPage} extraction. */
export interface ExtractOptions {
  /** URL the page was fetched from: base for relative links when there is no canonical URL. */
  url?: string;
  /** Name of the page in error messages (default: `url`, else `page`). */
  source?: string;
  /** Largest HTML processed, in characters; the rest is cut (default 5,000,000). */
  maxChars?: number;
  /** Most elements (start tags) a page may hold; more fails the page (default 100,000). */
  maxElements?: number;
  /** Deepest element nesting kept; deeper elements are flattened into their text (default 400). */
  maxDepth?: number;
  /** Time bound per page in milliseconds, checked while parsing and inside tree walks (default 5,000). */
  timeoutMs?: number;
  /** Fewest characters of article text accepted before "no article content found" (default 100). */
  minTextLength?: number;
}

/** An extracted source, ready for dedupe and drafting. */
export interface Article extends ExtractedPage {
  /** Source id (`s1`, ...), the same as the fetched document's. */
  id: string;
  /**
   * URL the source is cited by: the canonical URL when the page gives one on the registrable
   * domain it was fetched from (or it is a local file), else the final URL after redirects.
   */
  url: string;
  /** Where it came from (feed, sitemap, page or file). */
  from: string;
  /** SHA-256 (hex) of `markdown`, the text the draft is written from. */
  sha256: string;
  /** Words in `text`. */
  words: number;
}

/** A document that produced no article (not HTML, no article content, ...). */
export interface ExtractFailure {
  id: string;
  url: string;
  reason: string;
}

/** Input of the extract stage. */
export interface ExtractInput {
  documents: FetchedDocument[];
}

/** Output of the extract stage. */
export interface ExtractOutput {
  articles: Article[];
  failures: ExtractFailure[];
}
