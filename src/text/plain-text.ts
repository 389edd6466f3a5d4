/**
 * Plain text of a metadata value a page (or feed) gave: a title or an author name is text, so any
 * markup in it goes (issue 17: `<b>Name</b>` bylines, `<script>` in `og:title`).
 */

// Elements whose content is never visible text.
const INVISIBLE_ELEMENT = /<(script|style|noscript|template|iframe|svg)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const TAG = /<\/?[a-zA-Z][^<>]*(?:>|$)|<![^<>]*>/g;

/**
 * A title or name as plain text: comments and invisible elements (scripts, styles) removed with
 * their content, other tags removed (their text kept), whitespace collapsed, ends trimmed.
 * Character references are left as they are: the value was decoded once already, and a `<`
 * that opens no tag (`a < b`) is text.
 *
 * @param value A metadata value.
 * @returns The text, or null when nothing is left.
 */
export function plainTextOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value
    .replace(COMMENT, ' ')
    .replace(INVISIBLE_ELEMENT, ' ')
    .replace(TAG, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}
