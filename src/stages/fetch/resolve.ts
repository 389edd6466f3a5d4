/**
 * A topic's sources to the items a run would fetch, without fetching the items: feeds and
 * sitemaps (indexes followed) are fetched and read, pages are items as they are, `file:` sources
 * are read from inside the project (a local feed or sitemap is expanded, other files are items).
 * A source that fails is listed in `errors`; the others go on.
 */
import { pathToFileURL } from 'node:url';
import type { SourceSpec } from '../../core/topic.js';
import type { HttpClient } from './http-client.js';
import { readRecorded } from './local-files.js';
import { reasonOf } from './network-errors.js';
import { parseDocument, type ParsedDocument } from './parse-document.js';
import { resolveSearch } from './search.js';
import type { SearchSettings } from '../../core/config.js';
import { includeFilterOf, newestFirst, unique } from './item-filters.js';
import type { ResolveError, ResolveOutput, SourceItem } from './types.js';

/** Items per feed or sitemap source when the topic gives no `limit`. */
export const DEFAULT_LIMIT = 1000;
/** Sitemap index levels followed below the first document. */
export const MAX_SITEMAP_DEPTH = 3;
/** Sitemap files read per sitemap source (index and children). */
export const MAX_SITEMAP_FILES = 50;

/** What resolution needs. */
export interface ResolveDeps {
  client: HttpClient;
  /** Project root: `file:` sources must be inside. */
  root: string;
  maxBytes: number;
  /** Environment, for the search provider's key. */
  env: Readonly<Record<string, string | undefined>>;
  /** The project config's search settings (provider, SearXNG base URL). */
  search?: SearchSettings | undefined;
}

interface Collected {
  items: SourceItem[];
  errors: ResolveError[];
}

/**
 * Resolves sources into items, in source order.
 *
 * @param sources The topic's sources.
 * @param deps HTTP client, project root, size cap.
 */
export async function resolveWith(
  sources: readonly SourceSpec[],
  deps: ResolveDeps,
): Promise<ResolveOutput> {
  const parts = await Promise.all(sources.map((source) => resolveOne(source, deps)));
  return {
    items: parts.flatMap((part) => part.items),
    errors: parts.flatMap((part) => part.errors),
  };
}

async function resolveOne(source: SourceSpec, deps: ResolveDeps): Promise<Collected> {
  switch (source.kind) {
    case 'page':
      return {
        items: [
          {
            url: new URL(source.url).href,
            title: null,
            published: null,
            author: null,
            from: source.url,
          },
        ],
        errors: [],
      };
    case 'search':
      return resolveSearch(source.query, source.limit, deps.client, deps.env, deps.search);
    case 'feed':
      return expand(source.url, source.url, false, deps, {
        kind: 'feed',
        limit: source.limit,
        include: undefined,
      });
    case 'sitemap':
      return expand(source.url, source.url, false, deps, {
        kind: 'sitemap',
        limit: source.limit,
        include: source.include,
      });
    case 'file':
      return resolveFile(source.path, source.resolvedPath, deps);
  }
}

async function resolveFile(
  path: string,
  resolvedPath: string,
  deps: ResolveDeps,
): Promise<Collected> {
  const read = await readRecorded(
    resolvedPath,
    deps.root,
    deps.maxBytes,
    deps.client.records,
    null,
  );
  if ('error' in read)
    return { items: [], errors: [{ source: path, error: reasonOf(read.error) }] };
  const url = pathToFileURL(resolvedPath).href;
  try {
    parseDocument(read.bytes, null, url, deps.maxBytes);
  } catch {
    // Not a feed or sitemap: the file itself is the item.
    return { items: [{ url, title: null, published: null, author: null, from: path }], errors: [] };
  }
  return expand(
    url,
    path,
    true,
    deps,
    { kind: 'feed', limit: undefined, include: undefined },
    read.bytes,
  );
}

interface Filters {
  kind: 'feed' | 'sitemap';
  limit: number | undefined;
  include: string | undefined;
}

/**
 * Reads a feed or sitemap (following sitemap indexes) into items, filtered, newest first, limited.
 * `local` documents (from a `file:` source) may list `file:` items; remote ones only http(s).
 */
async function expand(
  url: string,
  from: string,
  local: boolean,
  deps: ResolveDeps,
  filters: Filters,
  firstBody?: Buffer,
): Promise<Collected> {
  const errors: ResolveError[] = [];
  let matches: (value: string) => boolean;
  try {
    matches = includeFilterOf(filters.include);
  } catch (error) {
    return { items: [], errors: [{ source: from, error: (error as Error).message }] };
  }
  const items: SourceItem[] = [];
  let level: Array<{ url: string; from: string; body?: Buffer | undefined }> = [
    { url, from, body: firstBody },
  ];
  let filesRead = 0;
  for (let depth = 0; level.length > 0 && depth <= MAX_SITEMAP_DEPTH; depth++) {
    const docs = await Promise.all(
      level.map((entry) => loadDocument(entry.url, entry.body, local, filters.kind, deps)),
    );
    const next: typeof level = [];
    docs.forEach((doc, index) => {
      const entry = level[index]!;
      filesRead++;
      if ('error' in doc) {
        errors.push({ source: entry.from, error: doc.error });
        return;
      }
      if (doc.kind === 'sitemapindex') {
        for (const child of doc.entries) {
          if (!isAllowedScheme(child.url, local)) continue;
          if (filesRead + next.length >= MAX_SITEMAP_FILES) {
            errors.push({
              source: entry.from,
              error: `sitemap index lists more than ${MAX_SITEMAP_FILES} sitemaps; the rest are skipped`,
            });
            break;
          }
          next.push({ url: child.url, from: child.url });
        }
        return;
      }
      for (const item of doc.kind === 'feed'
        ? doc.entries
        : doc.entries.map((e) => ({
            url: e.url,
            title: null,
            published: e.lastmod,
            author: null,
          }))) {
        if (isAllowedScheme(item.url, local) && matches(item.url))
          items.push({ ...item, from: entry.from });
      }
    });
    if (depth === MAX_SITEMAP_DEPTH && next.length > 0) {
      errors.push({
        source: from,
        error: `sitemap indexes nested deeper than ${MAX_SITEMAP_DEPTH} levels; the rest are skipped`,
      });
    }
    level = next;
  }
  return { items: newestFirst(unique(items)).slice(0, filters.limit ?? DEFAULT_LIMIT), errors };
}

async function loadDocument(
  url: string,
  body: Buffer | undefined,
  local: boolean,
  kind: 'feed' | 'sitemap',
  deps: ResolveDeps,
): Promise<ParsedDocument | { error: string }> {
  let bytes = body;
  let contentType: string | null = null;
  if (bytes === undefined) {
    if (url.startsWith('file:')) {
      if (!local) return { error: 'refused: a remote document may not list file: URLs' };
      const read = await readRecorded(url, deps.root, deps.maxBytes, deps.client.records, null);
      if ('error' in read) return { error: reasonOf(read.error) };
      bytes = read.bytes;
    } else {
      const outcome = await deps.client.get(url, kind, null);
      if (!outcome.ok) return { error: reasonOf(outcome.error) };
      bytes = outcome.response.body;
      contentType = outcome.response.contentType;
      // Relative links resolve against where the document actually was (after redirects).
      url = outcome.response.finalUrl;
    }
  }
  try {
    return parseDocument(bytes, contentType, url, deps.maxBytes);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Remote documents may only point at http(s); local ones may also point at local files. */
function isAllowedScheme(url: string, local: boolean): boolean {
  return /^https?:/i.test(url) || (local && url.startsWith('file:'));
}
