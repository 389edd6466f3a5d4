/**
 * Page metadata, each field from the first source that gives a usable value, in this order:
 *
 * - title:     JSON-LD `headline` > `og:title` > `twitter:title` > the `<title>` element > the
 *              first `<h1>`; then a site-name suffix or prefix (`Title | Site`, `Site - Title`) is
 *              cut when the other part is the site name or when the `<h1>` equals one part.
 * - author:    JSON-LD `author` (names joined with ", ") > `<meta name="author">` >
 *              `article:author` (when not a URL) > `parsely-author` / `sailthru.author` /
 *              `dc.creator` / `byl` metas > `[itemprop=author]` / `[rel=author]` text > the
 *              visible byline (an element whose class/id says `byline` or `author`, "By " cut).
 * - published: JSON-LD `datePublished` (then `dateCreated`) > `article:published_time` >
 *              `<meta itemprop=datePublished>` > `parsely-pub-date` / `sailthru.date` / `pubdate` /
 *              `publish-date` / `date` / `dc.date` metas > `<time datetime>` (one marked
 *              `pubdate` or `itemprop=datePublished` first, else the first in the page).
 *              Modification dates are never used. Output is ISO 8601: a date-only value stays
 *              `YYYY-MM-DD`, a date-time becomes UTC `YYYY-MM-DDTHH:MM:SSZ`.
 * - canonical: `<link rel=canonical>` > `og:url` > JSON-LD `url` / `mainEntityOfPage`; made
 *              absolute against the fetch URL; only http(s) URLs on the fetch URL's registrable
 *              domain are kept (a local file's or an unknown page's canonical is kept as given).
 * - lang:      `<html lang>` > `<meta http-equiv=content-language>` > `og:locale` > JSON-LD
 *              `inLanguage`; `en_US` is written `en-US`.
 * - siteName:  `og:site_name` > JSON-LD `publisher` (or the Organization/WebSite name) >
 *              `application-name` meta.
 */
import type { CheerioAPI } from 'cheerio';
import { authorOf } from './byline.js';
import { publishedOf } from './published-date.js';
import { jsonLdArticleOf, type JsonLdArticle } from './json-ld.js';
import { clean, first, sameText } from './meta-values.js';
import { isCanonicalAllowed } from './registrable-domain.js';

export { isoDateOf } from './published-date.js';

/** Metadata of a page (null where no source gives a value). */
export interface PageMetadata {
  title: string | null;
  author: string | null;
  published: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  siteName: string | null;
  /** JSON-LD `articleBody`, a hint for main-content detection. */
  articleBody: string | null;
}

/**
 * Reads a page's metadata. Must run before scripts are removed (JSON-LD lives in them).
 *
 * @param $ The parsed page.
 * @param pageUrl URL the page was fetched from (base for a relative canonical URL), if known.
 */
export function metadataOf($: CheerioAPI, pageUrl?: string): PageMetadata {
  const ld = jsonLdArticleOf($);
  const meta = metaTagsOf($);
  const siteName = first(meta.get('og:site_name'), ld.publisher, meta.get('application-name'));
  return {
    title: titleOf($, ld, meta, siteName),
    author: authorOf($, ld, meta),
    published: publishedOf($, ld, meta),
    canonicalUrl: canonicalOf($, ld, meta, pageUrl),
    lang: langOf($, ld, meta),
    siteName,
    articleBody: ld.articleBody,
  };
}

/** `<meta>` values by lower-cased `property`, `name`, `itemprop` or `http-equiv`; first one wins. */
function metaTagsOf($: CheerioAPI): Map<string, string> {
  const tags = new Map<string, string>();
  $('meta').each((_, element) => {
    const { attribs } = element;
    const content = clean(attribs.content);
    if (!content) return;
    for (const key of [attribs.property, attribs.name, attribs.itemprop, attribs['http-equiv']]) {
      const name = key?.trim().toLowerCase();
      if (name && !tags.has(name)) tags.set(name, content);
    }
  });
  return tags;
}

function titleOf(
  $: CheerioAPI,
  ld: JsonLdArticle,
  meta: Map<string, string>,
  siteName: string | null,
): string | null {
  const h1Element = $('h1').first();
  const h1 = h1Element.length > 0 ? clean(h1Element.text()) : null;
  const raw = first(
    ld.headline,
    meta.get('og:title'),
    meta.get('twitter:title'),
    () => clean($('title').first().text()),
    h1,
  );
  return raw === null ? null : withoutSiteName(raw, siteName, h1);
}

const TITLE_SEPARATOR = /\s+[|\-–—·•:»]\s+/;

/** Cuts `Title | Site` (or `Site - Title`) down to `Title`. */
export function withoutSiteName(title: string, siteName: string | null, h1: string | null): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  if (h1) {
    const match = parts.find((part) => sameText(part, h1));
    if (match) return match;
  }
  const site = siteName ? siteName.toLowerCase() : null;
  const last = parts[parts.length - 1]!;
  const head = parts[0]!;
  if (site && (sameText(last, site) || site.includes(last.toLowerCase())))
    return title
      .slice(0, title.length - last.length)
      .replace(/\s*[|\-–—·•:»]\s*$/, '')
      .trim();
  if (site && (sameText(head, site) || site.includes(head.toLowerCase())))
    return title
      .slice(head.length)
      .replace(/^\s*[|\-–—·•:»]\s*/, '')
      .trim();
  // Without a known site name, only a pipe is a confident separator: "Headline | Site".
  const piped = title.split(/\s+\|\s+/);
  if (piped.length >= 2 && piped[0]!.length >= 15) return piped[0]!;
  return title;
}

function canonicalOf(
  $: CheerioAPI,
  ld: JsonLdArticle,
  meta: Map<string, string>,
  pageUrl?: string,
): string | null {
  const candidates = [
    $('link[rel~="canonical" i]').first().attr('href'),
    meta.get('og:url'),
    ld.url,
  ];
  for (const candidate of candidates) {
    const url = absoluteUrlOf(candidate, pageUrl);
    // A page names its own preferred URL, never another site's (issue 17).
    if (url && isCanonicalAllowed(url, pageUrl)) return url;
  }
  return null;
}

/** Resolves `href` against `base`; null unless the result is an http(s) URL. */
export function absoluteUrlOf(
  href: string | null | undefined,
  base?: string | null,
): string | null {
  const value = href?.trim();
  if (!value) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function langOf($: CheerioAPI, ld: JsonLdArticle, meta: Map<string, string>): string | null {
  const raw = first(
    clean($('html').attr('lang')),
    clean($('html').attr('xml:lang')),
    meta.get('content-language'),
    meta.get('og:locale'),
    ld.inLanguage,
  );
  if (!raw) return null;
  const tag = raw.split(/[,;\s]/)[0]!.replace(/_/g, '-');
  return /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(tag) ? tag : null;
}
