import { decodeHTML } from 'entities';

/**
 * Text-level clean-ups shared by both corpus readers ({@link corpusTextOf} and {@link fastTextOf}):
 * Hugo shortcode tags, MDX module lines, HTML tags, character references and URLs.
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

// MDX module lines: `import X from './x.js'`, `import './y.css'`, `export const meta = {...}`, at
// the start of a line and in lower case, as MDX requires; prose starting "Import duties..." is
// capitalised and never matches. A multi-line import (`import {\n a,\n b\n} from 'z'`) is one match.
const MODULE_LINE =
  /^(?:import\s+(?:[\w*${}\s,]+?\s+from\s+)?['"][^'"\n]+['"];?|export\s+(?:const|let|var|function|default|async\s+function|\{)[^\n]*)[ \t]*$/gm;

/**
 * Removes the module lines of an MDX file (`import ...`, `export ...`): code, not text. JSX
 * elements are tags, removed with the HTML tags by {@link htmlTextOf}.
 *
 * @param markdown Markdown or MDX text.
 */
export function stripModuleLines(markdown: string): string {
  if (!markdown.includes('import') && !markdown.includes('export')) return markdown;
  return markdown.replace(MODULE_LINE, '');
}

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
 * Decodes character references (`&#8217;`, `&rsquo;`, `&amp;`) with the `entities` package, the
 * decoder cheerio uses, which knows every HTML named reference. A reference it cannot decode
 * (`&foo;`) becomes a space: it is markup, never a word, and must not leave a `foo` token behind.
 *
 * @param text Text with references.
 */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (reference) => {
    const decoded = decodeHTML(reference);
    return decoded === reference ? ' ' : decoded;
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
