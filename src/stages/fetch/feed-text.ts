/**
 * Feed titles to plain text: HTML character references decoded, tags stripped, whitespace
 * collapsed. RSS titles are escaped HTML in practice (so `&amp;#163;` in the file is `£`), as are
 * Atom `type="html"` texts; Atom `type="text"` is literal.
 */
import { load } from 'cheerio';

/**
 * Reads HTML as a browser would and returns its text: references decoded, markup removed.
 *
 * @param html An HTML fragment (a title, a summary).
 */
export function textOfHtml(html: string): string {
  // Fast path: nothing to decode or strip.
  if (!html.includes('<') && !html.includes('&')) return html;
  return load(html, null, false).root().text();
}

/** Collapses runs of whitespace (no-break space and zero-width ones included) and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b\ufeff]+/gu, ' ').trim();
}

/**
 * Normalises a title: `html` texts are decoded and stripped first; empty titles become null.
 *
 * @param text Title as read from the XML (XML entities already decoded).
 * @param isHtml Whether the text is HTML (RSS titles, Atom `type="html"`).
 */
export function titleOf(text: string | undefined, isHtml: boolean): string | null {
  if (text === undefined) return null;
  const plain = collapseWhitespace(isHtml ? textOfHtml(text) : text);
  return plain === '' ? null : plain;
}
