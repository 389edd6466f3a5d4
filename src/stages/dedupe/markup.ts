/**
 * Text-level clean-ups shared by both corpus readers ({@link corpusTextOf} and {@link fastTextOf}):
 * Hugo shortcode tags, HTML tags, character references and URLs.
 */

// `{{< name args >}}`, `{{< /name >}}`, `{{% name %}}`, `{{</* escaped */>}}`; may span lines
// (long `img` calls are wrapped). Only the tags go: the text between paired tags is content.
const SHORTCODE = /\{\{[<%][\s\S]*?[>%]\}\}/g;
const LINK_TARGET_SHORTCODE = /\]\(\s*\{\{[<%][\s\S]*?[>%]\}\}/g;
// Elements whose content is never visible text.
const INVISIBLE_ELEMENT = /<(script|style|noscript|template|svg|iframe)\b[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const TAG = /<\/?[a-zA-Z][^<>]*>|<![^<>]*>/g;
// Bare URLs and `www.` hosts: a link target pasted as text is not prose.
const URL_TEXT = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>()"']*/gi;
const REFERENCE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;

// The named references that occur in prose; an unknown name becomes a space (it is markup,
// never a word), so `&foo;` cannot leave a `foo` token behind.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  bull: '•',
  middot: '·',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  oacute: 'ó',
  iacute: 'í',
  uacute: 'ú',
  ntilde: 'ñ',
  ccedil: 'ç',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
};

/**
 * Removes Hugo shortcode tags, keeping the text between paired tags.
 *
 * @param markdown Markdown text.
 */
export function stripShortcodes(markdown: string): string {
  // A shortcode as a link target (`[text]({{< ref "x.md" >}} "title")`) becomes `#`, so the
  // link still parses as a link and its title stays out of the text, as on the rendered page.
  return markdown.replace(LINK_TARGET_SHORTCODE, '](#').replace(SHORTCODE, '');
}

/**
 * Visible text of an HTML fragment: comments, scripts and styles removed, tags replaced by spaces,
 * character references decoded.
 *
 * @param html HTML fragment (a raw HTML node of a Markdown document).
 */
export function htmlTextOf(html: string): string {
  return decodeReferences(
    html.replace(COMMENT, ' ').replace(INVISIBLE_ELEMENT, ' ').replace(TAG, ' '),
  );
}

/**
 * Decodes numeric and common named character references (`&#8217;`, `&rsquo;`, `&amp;`).
 *
 * @param text Text with references.
 */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (_match, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X'
          ? parseInt(body.slice(2), 16)
          : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED[body] ?? NAMED[body.toLowerCase()] ?? ' ';
  });
}

/**
 * Removes URLs written as text (`https://…`, `www.…`, `mailto:…`).
 *
 * @param text Plain text.
 */
export function stripUrls(text: string): string {
  return text.replace(URL_TEXT, ' ');
}
