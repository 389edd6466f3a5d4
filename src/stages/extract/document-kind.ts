/**
 * What kind of body a fetched document holds: HTML, Markdown, plain text, or something else.
 * The content type decides when it is specific; a generic or missing one falls back to the URL's
 * extension and then to sniffing the first bytes.
 */

/** Kinds of body the extract stage handles (`other` is refused). */
export type DocumentKind = 'html' | 'markdown' | 'text' | 'other';

/**
 * Classifies a document body.
 *
 * @param contentType Response content type (parameters allowed), or one guessed from a file name.
 * @param url Document URL (its extension is a hint).
 * @param body Decoded body (its first 1,024 characters are sniffed).
 */
export function documentKindOf(contentType: string, url: string, body: string): DocumentKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  const path = pathOf(url);
  if (/\.(?:md|markdown|mdown|mkd)$/i.test(path)) return 'markdown';
  if (/\.(?:html?|xhtml)$/i.test(path)) return 'html';
  if (looksLikeHtml(body)) return 'html';
  if (type === 'text/plain' || /\.txt$/i.test(path)) return 'text';
  if (type === '' || type === 'application/octet-stream') return isText(body) ? 'text' : 'other';
  return 'other';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** HTML sniffing in the spirit of the WHATWG MIME sniffing standard (section 7.1). */
function looksLikeHtml(body: string): boolean {
  const head = body
    .slice(0, 1024)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return /^<(?:!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>]/.test(
    head,
  );
}

function isText(body: string): boolean {
  // Control characters other than tab/newline/carriage return mean binary data decoded as text.
  const head = body.slice(0, 1024);
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if (code <= 8 || (code >= 14 && code <= 31)) return false;
  }
  return true;
}
