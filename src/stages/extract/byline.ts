/**
 * The author: structured data first, then meta tags, then microdata and the visible byline.
 * (Order documented at the top of `metadata.ts`.)
 */
import type { CheerioAPI } from 'cheerio';
import { textOf } from './dom.js';
import type { JsonLdArticle } from './json-ld.js';
import { clean, first, notUrl } from './meta-values.js';

/**
 * The page's author, or null.
 *
 * @param $ The parsed page.
 * @param ld JSON-LD article fields.
 * @param meta Meta tag values by lower-cased name.
 */
export function authorOf(
  $: CheerioAPI,
  ld: JsonLdArticle,
  meta: Map<string, string>,
): string | null {
  const articleAuthor = meta.get('article:author');
  return first(
    ld.author,
    notUrl(meta.get('author')),
    notUrl(articleAuthor),
    notUrl(meta.get('parsely-author')),
    notUrl(meta.get('sailthru.author')),
    notUrl(meta.get('dc.creator')),
    () => bylineName(meta.get('byl')),
    () => bylineName(textOfFirst($, '[itemprop="author"] [itemprop="name"]')),
    () => bylineName(textOfFirst($, '[itemprop="author"]')),
    () => bylineName(textOfFirst($, 'a[rel="author"]')),
    () => visibleBylineOf($),
  );
}

/** The visible byline: a short element whose class/id says byline or author. */
function visibleBylineOf($: CheerioAPI): string | null {
  let found: string | null = null;
  $('[class*="byline" i], [id*="byline" i], [class*="author" i], [rel="author"]').each(
    (_, element) => {
      const text = clean(textOf(element));
      if (!text || text.length > 120) return;
      const name = bylineName(text);
      if (name) {
        found = name;
        return false;
      }
      return undefined;
    },
  );
  return found;
}

/** "By Jane Doe and John Roe, Staff Writers" -> "Jane Doe and John Roe". */
function bylineName(text: string | null | undefined): string | null {
  if (!text) return null;
  let name = text
    .replace(/^\s*(?:written\s+)?by[:\s]+/i, '')
    .replace(/\s*[|,•·]\s*(?:staff|senior|contributing|updated|published|posted|\d).*$/i, '');
  name = name.replace(/\s+/g, ' ').trim();
  if (!name || name.length > 80 || /^https?:/i.test(name)) return null;
  // A byline names people: a few words, not a sentence.
  if (name.split(' ').length > 8 || /[.!?]$/.test(name.replace(/\b[A-Z]\.$/, ''))) return null;
  return name;
}

/** Text of the first element matching `selector` (blocks kept apart), or null. */
function textOfFirst($: CheerioAPI, selector: string): string | null {
  const element = $(selector).get(0);
  return element ? clean(textOf(element)) : null;
}
