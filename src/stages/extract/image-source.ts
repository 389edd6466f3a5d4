/**
 * Where a page's links and images point: the document's base URL, URLs resolved against it, an
 * image's real source behind lazy-loading attributes, `<noscript>` image fallbacks and
 * `<picture><source srcset>` (issue 22).
 */
import type { CheerioAPI } from 'cheerio';
import type { Element, ParentNode } from 'domhandler';
import { childElementsOf, descendantsOf } from './dom.js';

/**
 * The URL relative links and images resolve against: `<base href>` (itself resolved against the
 * page's URL), else the canonical URL, else the URL the page was fetched from (a `file://` URL
 * for a local file). HTML resolves against `<base href>` first
 * (https://html.spec.whatwg.org/multipage/urls-and-fetching.html#document-base-url).
 *
 * @param $ The parsed page.
 * @param canonicalUrl The page's accepted canonical URL, or null.
 * @param pageUrl The URL the page was fetched from (optional).
 */
export function baseUrlOf(
  $: CheerioAPI,
  canonicalUrl: string | null,
  pageUrl: string | undefined,
): string | null {
  const href = $('base[href]').first().attr('href');
  const fromBase = resolveUrl(href, pageUrl ?? canonicalUrl);
  return fromBase ?? canonicalUrl ?? resolveUrl(pageUrl, pageUrl ?? null);
}

/**
 * Resolves `href` against `base`. The result is an http(s) URL, or a `file:` URL when the base
 * itself is one (a local file's own images): a remote page never makes the article point at the
 * reader's disk.
 *
 * @param href The URL as written.
 * @param base The document's base URL, or null (then only absolute URLs resolve).
 * @returns The absolute URL, or null when there is none (`javascript:`, `data:`, relative
 *   without a base, unparsable).
 */
export function resolveUrl(href: string | null | undefined, base: string | null): string | null {
  const value = href?.trim();
  if (!value) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    return url.protocol === 'file:' && base?.startsWith('file:') ? url.href : null;
  } catch {
    return null;
  }
}

/** Attributes that carry a lazy-loaded image's real address, most specific first. */
const LAZY_SRC = [
  'data-src',
  'data-lazy-src',
  'data-original',
  'data-url',
  'data-hi-res-src',
  'data-full-src',
];

/**
 * An image's real source: a lazy-loading attribute, else the largest `data-srcset` candidate,
 * else `src`, else the largest `srcset` candidate. A `data:` placeholder never counts.
 *
 * @param attribs The `<img>`'s attributes.
 * @param base The document's base URL, or null.
 */
export function imageSourceOf(attribs: Record<string, string>, base: string | null): string | null {
  for (const name of LAZY_SRC) {
    const url = resolveUrl(attribs[name], base);
    if (url) return url;
  }
  return (
    resolveUrl(largestCandidateOf(attribs['data-srcset'] ?? attribs['data-lazy-srcset']), base) ??
    resolveUrl(attribs.src, base) ??
    resolveUrl(largestCandidateOf(attribs.srcset), base)
  );
}

/**
 * The URL of a `srcset`'s largest candidate (by `w`, else `x` descriptor), else its first.
 * Candidates are split on a comma followed by whitespace, since URLs may hold commas
 * (`.../w_800,h_600/a.jpg 800w`).
 */
function largestCandidateOf(srcset: string | undefined): string | undefined {
  if (!srcset) return undefined;
  let best: string | undefined;
  let bestSize = -1;
  for (const candidate of srcset.trim().split(/,\s+/)) {
    const [url, descriptor] = candidate.trim().split(/\s+/);
    if (!url) continue;
    const size = Number(/^(\d+(?:\.\d+)?)[wx]$/.exec(descriptor ?? '')?.[1] ?? 0);
    if (best === undefined || size > bestSize) {
      best = url.replace(/,$/, '');
      bestSize = size;
    }
  }
  return best;
}

/**
 * Gives images the sources that markup outside the `<img>` holds, before `<noscript>` and
 * `<source>` are removed as never-content, in one walk of the page:
 * - a `<noscript>` fallback: a lazy-loaded `<img>` beside it with no usable source takes the
 *   fallback's source, and a fallback with no `<img>` beside it is put in its place;
 * - a `<picture>`: its `<img>` with no usable source takes the largest candidate of the first
 *   `<source>` whose `srcset` (or lazy `data-srcset`) resolves, as a browser picks one.
 *
 * @param root The parsed page's root.
 * @param base The document's base URL, or null.
 */
export function adoptImageSources(root: ParentNode, base: string | null): void {
  for (const element of descendantsOf(root)) {
    if (element.name === 'noscript') adoptNoscript(element, base);
    else if (element.name === 'picture') adoptPictureSource(element, base);
  }
}

function adoptNoscript(noscript: Element, base: string | null): void {
  if (!noscript.parent) return;
  const fallback = imagesIn(noscript).find(
    (img) => imageSourceOf(img.attribs, base) && !isPixel(img),
  );
  const source = fallback && imageSourceOf(fallback.attribs, base);
  if (!fallback || !source) return;
  const siblings = childElementsOf(noscript.parent);
  const previous = siblings[siblings.indexOf(noscript) - 1];
  const lazy = previous && imagesIn(previous)[0];
  if (lazy) {
    if (!imageSourceOf(lazy.attribs, base)) lazy.attribs.src = source;
    if (!lazy.attribs.alt && fallback.attribs.alt) lazy.attribs.alt = fallback.attribs.alt;
    return;
  }
  // No image beside it: the fallback (alone, not the "enable JavaScript" text) stands in for
  // the script-built one.
  noscript.name = 'span';
  noscript.children = [fallback];
  fallback.parent = noscript;
  fallback.prev = null;
  fallback.next = null;
}

function adoptPictureSource(picture: Element, base: string | null): void {
  const children = childElementsOf(picture);
  const img = children.find((child) => child.name === 'img');
  if (!img || imageSourceOf(img.attribs, base)) return;
  for (const source of children) {
    if (source.name !== 'source') continue;
    const { attribs } = source;
    const url = resolveUrl(
      largestCandidateOf(attribs['data-srcset'] ?? attribs['data-lazy-srcset'] ?? attribs.srcset),
      base,
    );
    if (!url) continue;
    img.attribs.src = url;
    return;
  }
}

/** A tracking pixel (1×1), the usual content of an analytics `<noscript>`. */
function isPixel(img: Element): boolean {
  return img.attribs.width === '1' || img.attribs.height === '1';
}

function imagesIn(element: Element): Element[] {
  if (element.name === 'img') return [element];
  return descendantsOf(element).filter((node) => node.name === 'img');
}
