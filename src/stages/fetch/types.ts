import type { SourceSpec } from '../../core/topic.js';

/** One item a run would fetch: a page, a feed or sitemap entry, or a local file. */
export interface SourceItem {
  /** Absolute URL (`file://` URL for local files). */
  url: string;
  /** Title given by the feed or sitemap, when any. */
  title: string | null;
  /** ISO 8601 UTC date given by the feed or sitemap, or null. */
  published: string | null;
  /** Author given by the feed, or null. */
  author: string | null;
  /** The feed/sitemap URL or the topic-file entry (page URL, file path) the item came from. */
  from: string;
}

/** A source entry that could not be resolved into items (not fatal). */
export interface ResolveError {
  /** The feed/sitemap/page URL or file path. */
  source: string;
  /** Why, e.g. `not a feed: <html> root element`. */
  error: string;
}

/** The items of a topic's sources, before the items themselves are fetched. */
export interface ResolveOutput {
  items: SourceItem[];
  errors: ResolveError[];
}

/** Input of the fetch stage. */
export interface FetchInput {
  /** The topic's sources. */
  sources: SourceSpec[];
}

/** A fetched item, its body decoded to text. */
export interface FetchedDocument {
  /** Source id, `s1`, `s2`, ... in item order; stable within a run. */
  id: string;
  /** URL of the item as resolved. */
  url: string;
  /** URL after redirects. */
  finalUrl: string;
  /** Where the item came from (see {@link SourceItem.from}). */
  from: string;
  /** Title, date and author the feed gave, when any. */
  title: string | null;
  published: string | null;
  author: string | null;
  /** Response content type (or one guessed from a file's extension). */
  contentType: string;
  /** The decoded body. */
  body: string;
}

/** What happened to one request; the run report's fetch table is built from these. */
export interface FetchRecord {
  /** Source id when the request was for an item; null for feeds, sitemaps, robots.txt. */
  id: string | null;
  url: string;
  finalUrl: string | null;
  /** HTTP status, or null when no response arrived (and for files). */
  status: number | null;
  /** Body bytes received (0 when none). */
  bytes: number;
  /** Wall time in milliseconds. */
  elapsedMs: number;
  /** Attempts made (1 when no retry). */
  attempts: number;
  /** Whether the body came from the conditional-GET cache (a 304). */
  fromCache: boolean;
  /** Whether the request produced a usable body. */
  ok: boolean;
  /** On failure: the step (`address`, `robots`, `connect`, `headers`, `body`, `status`, ...) and why. */
  error?: { step: string; message: string };
}

/** Output of the fetch stage. */
export interface FetchOutput {
  /** Items resolved from the topic (what `sources` lists). */
  items: SourceItem[];
  /** Sources that could not be resolved into items. */
  resolveErrors: ResolveError[];
  /** Items fetched successfully, in item order. */
  documents: FetchedDocument[];
  /** Every request made (items, feeds, sitemaps, robots.txt) and every local file read. */
  records: FetchRecord[];
}
