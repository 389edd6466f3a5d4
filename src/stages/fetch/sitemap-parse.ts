/**
 * Sitemaps (sitemaps.org protocol 0.9): a `urlset` lists pages, a `sitemapindex` lists sitemaps.
 *
 * Only `<url><loc>` are pages; `xhtml:link`, `image:loc` and `video:*` URLs live in other
 * namespaces and are not pages of the sitemap. `<lastmod>` is the page's date.
 */
import { isoDateOf } from './feed-dates.js';
import { childOf, childrenOf, textOf, type XmlElement } from './xml-tree.js';

/** A `<loc>` with its `<lastmod>`. */
export interface SitemapEntry {
  url: string;
  lastmod: string | null;
}

/** Whether the root element is a `urlset` or a `sitemapindex`. */
export function sitemapKindOf(root: XmlElement): 'urlset' | 'sitemapindex' | null {
  if (root.local === 'urlset') return 'urlset';
  if (root.local === 'sitemapindex') return 'sitemapindex';
  return null;
}

/**
 * Reads the entries of a sitemap or sitemap index (pages or child sitemaps), in document order.
 *
 * @param root The `urlset` or `sitemapindex` element.
 */
export function sitemapEntriesOf(root: XmlElement): SitemapEntry[] {
  const entryName = root.local === 'sitemapindex' ? 'sitemap' : 'url';
  // Entries share the root's namespace (normally http://www.sitemaps.org/schemas/sitemap/0.9).
  const entries: SitemapEntry[] = [];
  for (const entry of childrenOf(root, entryName, [root.ns])) {
    const loc = textOf(childOf(entry, 'loc', [root.ns])).trim();
    if (!loc) continue;
    let url: string;
    try {
      url = new URL(loc, entry.base).href;
    } catch {
      continue;
    }
    entries.push({ url, lastmod: isoDateOf(textOf(childOf(entry, 'lastmod', [root.ns]))) });
  }
  return entries;
}
