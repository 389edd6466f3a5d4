import { decodeHTML } from 'entities';

/**
 * Entities left in metadata by sites that escape twice (`&amp;#8211;` in a meta tag, `&#8217;` in
 * JSON-LD, which is JSON and not HTML) are decoded with the `entities` package, the decoder
 * cheerio's own parser uses, so every HTML named reference is known.
 *
 * @param text Text that may hold entities.
 */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}
