/**
 * The publication date: structured data, meta tags, then `<time>`; normalised to ISO 8601.
 * (Order documented at the top of `metadata.ts`.)
 */
import type { CheerioAPI } from 'cheerio';
import type { JsonLdArticle } from './json-ld.js';
import { clean } from './meta-values.js';

/**
 * The page's publication date (ISO 8601), or null. Modification dates are never used.
 *
 * @param $ The parsed page.
 * @param ld JSON-LD article fields.
 * @param meta Meta tag values by lower-cased name.
 */
export function publishedOf(
  $: CheerioAPI,
  ld: JsonLdArticle,
  meta: Map<string, string>,
): string | null {
  const candidates = [
    ld.datePublished,
    meta.get('article:published_time'),
    meta.get('datepublished'),
    meta.get('parsely-pub-date'),
    meta.get('sailthru.date'),
    meta.get('pubdate'),
    meta.get('publish-date'),
    meta.get('publish_date'),
    meta.get('date'),
    meta.get('dc.date'),
    meta.get('dc.date.issued'),
    () => timeElementOf($),
  ];
  for (const candidate of candidates) {
    const iso = isoDateOf(typeof candidate === 'function' ? candidate() : candidate);
    if (iso) return iso;
  }
  return null;
}

function timeElementOf($: CheerioAPI): string | null {
  const marked = $(
    'time[pubdate], time[itemprop="datePublished"], [itemprop="datePublished"]',
  ).first();
  const markedValue = clean(marked.attr('datetime') ?? marked.attr('content'));
  if (markedValue) return markedValue;
  return clean($('time[datetime]').first().attr('datetime'));
}

/**
 * Normalises a date to ISO 8601: `YYYY-MM-DD` stays as is, anything with a time becomes UTC
 * (`2019-11-19T10:00:00Z`), an unparseable value gives null.
 *
 * @param value Date text from metadata.
 */
export function isoDateOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Number.isNaN(Date.parse(text)) ? null : text;
  // A date-time without a zone would be read in the machine's zone; the page meant its own,
  // unknown one, so UTC is the reproducible choice.
  const zoned = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  const time = Date.parse(zoned);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  if (year < 1990 || year > 2200) return null;
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}
