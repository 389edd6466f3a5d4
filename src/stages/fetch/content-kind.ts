/**
 * What a request is for: decides the Accept header, which content types are acceptable, and
 * whether robots.txt and the cache apply.
 */

/**
 * `page`, `feed`, `sitemap`, `robots`, or `api` (a search provider's endpoint, called with a key).
 * `robots` and `api` skip robots.txt, which governs crawling, and the conditional-GET cache.
 */
export type ContentKind = 'page' | 'feed' | 'sitemap' | 'robots' | 'api';

/** Accept header per kind. */
export const ACCEPT: Record<ContentKind, string> = {
  page: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
  feed: 'application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5',
  sitemap: 'application/xml,text/xml;q=0.9,application/gzip;q=0.8,*/*;q=0.5',
  robots: 'text/plain,*/*;q=0.5',
  api: 'application/json',
};

/** Whether robots.txt and the cache apply to a kind. */
export function isCrawl(kind: ContentKind): boolean {
  return kind !== 'robots' && kind !== 'api';
}

/**
 * Whether a response's content type suits the kind. A missing type is accepted (the body decides).
 *
 * @param kind What was asked for.
 * @param contentType The Content-Type header, or null.
 */
export function isAcceptable(kind: ContentKind, contentType: string | null): boolean {
  if (!isCrawl(kind) || !contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (kind === 'page') {
    return (
      type.startsWith('text/') ||
      type === 'application/xhtml+xml' ||
      type === 'application/xml' ||
      type.endsWith('+xml')
    );
  }
  // Feeds and sitemaps come under many labels (octet-stream and gzip for .xml.gz); refuse media only.
  return !/^(image|audio|video|font)\//.test(type) && type !== 'application/pdf';
}
