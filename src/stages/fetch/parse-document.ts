/**
 * A fetched feed or sitemap body to its entries: gzip undone when the bytes are gzip (as
 * `sitemap.xml.gz` usually are, without Content-Encoding), charset decoded (BOM, header, XML
 * declaration), then parsed by the root element: `rss`, `rdf:RDF`, Atom `feed`, `urlset`,
 * `sitemapindex`.
 */
import { gunzipIfGzip } from './body.js';
import { decodeText } from './charset.js';
import { feedEntriesOf, isFeedRoot, type FeedEntry } from './feed-parse.js';
import { sitemapEntriesOf, sitemapKindOf, type SitemapEntry } from './sitemap-parse.js';
import { parseXml, type XmlElement } from './xml-tree.js';

/** A parsed feed or sitemap. */
export type ParsedDocument =
  | { kind: 'feed'; entries: FeedEntry[] }
  | { kind: 'urlset'; entries: SitemapEntry[] }
  | { kind: 'sitemapindex'; entries: SitemapEntry[] };

/** A body that is not a feed or sitemap, or not XML at all. */
export class NotAFeedError extends Error {}

/**
 * Parses a feed or sitemap.
 *
 * @param bytes The body (Content-Encoding already undone).
 * @param contentType The Content-Type header, when any.
 * @param url The URL the body came from: relative links resolve against it.
 * @param maxBytes Cap on the size after gunzipping, in bytes.
 * @throws NotAFeedError naming the root element (or saying it is not XML).
 */
export function parseDocument(
  bytes: Buffer,
  contentType: string | null,
  url: string,
  maxBytes: number,
): ParsedDocument {
  const { text } = decodeText(gunzipIfGzip(bytes, maxBytes), contentType);
  const start = text.replace(/^[\s\ufeff]+/, '');
  if (!start.startsWith('<'))
    throw new NotAFeedError(
      `not a feed or sitemap: the body is not XML (starts with ${JSON.stringify(start.slice(0, 20))})`,
    );
  // An HTML page (a feed URL that now serves the site's home page) may not even parse as XML.
  if (/^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>])/i.test(start))
    throw new NotAFeedError('not a feed or sitemap: <html> root element');
  let root: XmlElement;
  try {
    root = parseXml(start, url);
  } catch (cause) {
    throw new NotAFeedError(`malformed XML: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  if (isFeedRoot(root)) return { kind: 'feed', entries: feedEntriesOf(root) };
  const sitemap = sitemapKindOf(root);
  if (sitemap) return { kind: sitemap, entries: sitemapEntriesOf(root) };
  throw new NotAFeedError(`not a feed or sitemap: <${root.local}> root element`);
}
