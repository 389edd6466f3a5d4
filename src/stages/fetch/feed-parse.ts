/**
 * RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents to items.
 *
 * Rules (also in the README):
 * - RSS: the item's `<link>`; else its `<guid>` unless `isPermaLink="false"` (a guid without the
 *   attribute counts only when it is an absolute http(s) URL); else an Atom link inside the item.
 * - Atom: the entry's `link` with `rel="alternate"` or no `rel`, the first `text/html` one if
 *   several; `self`, `edit`, `replies`, `enclosure` are not the article.
 * - Relative links resolve against the `xml:base` in scope, else the URL the feed came from.
 * - Titles: RSS and Atom `type="html"` are HTML (decoded, tags stripped); Atom `type="text"` is
 *   literal; `type="xhtml"` is the text of its div. Whitespace is collapsed.
 * - Dates: RSS `pubDate`, else `dc:date`; Atom `published`, else `updated`; to ISO 8601 UTC.
 */
import { isoDateOf } from './feed-dates.js';
import { collapseWhitespace, titleOf } from './feed-text.js';
import { NS, childOf, childrenOf, textOf, type XmlElement } from './xml-tree.js';

/** An item read from a feed, before `from` is attached. */
export interface FeedEntry {
  url: string;
  title: string | null;
  published: string | null;
  author: string | null;
}

const RSS = [NS.none, NS.rss10, NS.rss09, NS.rss2userland] as const;
// RSS 0.91-2.0 has no namespace, but some old generators declare one as the default on <rss>
// (`<rss xmlns="http://backend.userland.com/rss2">`), which then holds every RSS element.
const RSS_ROOT = [NS.none, NS.rss2userland] as const;
const ATOM = [NS.atom, NS.atom03] as const;
const DC = [NS.dc] as const;

/** Whether a root element is a feed this module reads. */
export function isFeedRoot(root: XmlElement): boolean {
  return (
    (root.local === 'rss' && (RSS_ROOT as readonly string[]).includes(root.ns)) ||
    (root.local === 'RDF' && root.ns === NS.rdf) ||
    isAtomFeed(root)
  );
}

function isAtomFeed(root: XmlElement): boolean {
  return root.local === 'feed' && (ATOM as readonly string[]).includes(root.ns);
}

/**
 * Reads the items of a feed, in document order. Items without a usable link are skipped.
 *
 * @param root Root element of the feed (see {@link isFeedRoot}).
 */
export function feedEntriesOf(root: XmlElement): FeedEntry[] {
  if (isAtomFeed(root))
    return childrenOf(root, 'entry', ATOM).flatMap((entry) => atomEntryOf(entry) ?? []);
  const channel = childOf(root, 'channel', RSS);
  // RSS 1.0 items are siblings of <channel>; RSS 2.0 items are inside it.
  const items = [
    ...childrenOf(root, 'item', RSS),
    ...(channel ? childrenOf(channel, 'item', RSS) : []),
  ];
  return items.flatMap((item) => rssItemOf(item) ?? []);
}

function rssItemOf(item: XmlElement): FeedEntry | null {
  const url = rssLinkOf(item);
  if (url === null) return null;
  const title = childOf(item, 'title', RSS) ?? childOf(item, 'title', DC);
  const date =
    childOf(item, 'pubDate', RSS) ??
    childOf(item, 'date', DC) ??
    childOf(item, 'published', ATOM) ??
    childOf(item, 'updated', ATOM);
  const author = childOf(item, 'author', RSS) ?? childOf(item, 'creator', DC);
  return {
    url,
    title: titleOf(title ? textOf(title) : undefined, true),
    published: isoDateOf(textOf(date)),
    author: author ? collapseWhitespace(textOf(author)) || null : atomAuthorOf(item),
  };
}

function rssLinkOf(item: XmlElement): string | null {
  const link = childOf(item, 'link', RSS);
  // Some generators write an Atom-style <link href="..."/> without the Atom namespace.
  const linkText = link ? textOf(link).trim() || (link.attrs.href?.trim() ?? '') : '';
  if (link && linkText) return resolved(linkText, link.base);
  const guid = childOf(item, 'guid', RSS);
  const guidText = guid ? textOf(guid).trim() : '';
  if (guid && guidText) {
    const permalink = guid.attrs.isPermaLink?.trim().toLowerCase();
    if (permalink === 'true') return resolved(guidText, guid.base);
    if (permalink === undefined && /^https?:\/\//i.test(guidText))
      return resolved(guidText, guid.base);
  }
  return atomLinkOf(item);
}

function atomEntryOf(entry: XmlElement): FeedEntry | null {
  const url = atomLinkOf(entry);
  if (url === null) return null;
  const title = childOf(entry, 'title', ATOM);
  const date =
    childOf(entry, 'published', ATOM) ??
    childOf(entry, 'issued', ATOM) ??
    childOf(entry, 'updated', ATOM) ??
    childOf(entry, 'modified', ATOM);
  return {
    url,
    title: title ? titleOf(textOf(title), isAtomHtml(title)) : null,
    published: isoDateOf(textOf(date)),
    author: atomAuthorOf(entry),
  };
}

function isAtomHtml(text: XmlElement): boolean {
  const type = text.attrs.type?.trim().toLowerCase();
  // Atom 0.3 wrote `mode="escaped"` and MIME types for the same thing.
  return type === 'html' || type === 'text/html' || text.attrs.mode === 'escaped';
}

function atomLinkOf(parent: XmlElement): string | null {
  const alternates = childrenOf(parent, 'link', ATOM).filter((link) => {
    const rel = link.attrs.rel?.trim().toLowerCase() ?? 'alternate';
    return (
      (rel === 'alternate' || rel === 'http://www.iana.org/assignments/relation/alternate') &&
      link.attrs.href?.trim()
    );
  });
  const html = alternates.find((link) =>
    /^(text\/html|application\/xhtml\+xml)\b/i.test(link.attrs.type ?? ''),
  );
  const chosen = html ?? alternates[0];
  return chosen ? resolved(chosen.attrs.href!.trim(), chosen.base) : null;
}

function atomAuthorOf(parent: XmlElement): string | null {
  const author = childOf(parent, 'author', ATOM);
  const name = author ? childOf(author, 'name', ATOM) : undefined;
  return name ? collapseWhitespace(textOf(name)) || null : null;
}

function resolved(href: string, base: string): string | null {
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}
