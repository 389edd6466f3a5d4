import { htmlTextOf, stripModuleLines, stripShortcodes, stripUrls } from './markup.js';

// The same `---` YAML block as src/core/frontmatter.ts recognises, or Hugo's `+++` TOML block;
// found, not parsed (parsing YAML costs half a millisecond a post and the text does not need it).
const FRONTMATTER =
  /^\uFEFF?(?:---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n[\s\S]*?\r?\n\+\+\+)[ \t]*(?:\r?\n|$)/;
// The info string of a fenced code block (` ```js `): a language name, not text.
const FENCE_LINE = /^ {0,3}(?:`{3,}|~{3,})[^\n]*$/gm;
// A link reference definition line: `[label]: target "title"` (footnote definitions excluded).
const DEFINITION = /^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+[^\n]*$/gm;
// An inline link or image target right after its text: `](target "title")`.
const INLINE_TARGET =
  /\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
// A reference link's label after its text: `][label]`.
const REFERENCE_LABEL = /\]\[[^\]\n]*\]/g;
// Footnote references and the labels of footnote definitions: `[^s1]`, `[^s1]:`.
const FOOTNOTE_MARK = /\[\^[^\]\n]+\]:?/g;
// Ordered-list numbers are list markup, not text (`1. First step`).
const ORDERED_MARKER = /^([ \t>]*)\d{1,9}[.)](?=[ \t]|$)/gm;

/**
 * The visible text of a Markdown post, by a single-pass scanner instead of a full parse.
 *
 * Why it exists: remark (micromark) parses about 2 MB/s, 3.5 to 8 ms for a median post with
 * GFM on this machine, so a 100,000-post cold build would take 3 to 7 minutes on 2 cores; this
 * scanner takes a few tens of microseconds. It yields the same words as {@link corpusTextOf}
 * (the reference reader) on the evaluation corpus: only letters and digits become words, so
 * emphasis, headings, lists and tables need no parsing; what must go (frontmatter, shortcode
 * tags, HTML tags, link targets, reference definitions, URLs) is matched directly. Code blocks
 * are kept as text, as in the reference reader; only their fence lines go.
 * test/corpus/text/corpus-text.test.ts checks the agreement.
 *
 * @param markdown Whole file text (frontmatter allowed) or a candidate's Markdown.
 */
export function fastTextOf(markdown: string): string {
  const body = markdown.replace(FRONTMATTER, '');
  const text = stripShortcodes(stripModuleLines(body))
    .replace(FENCE_LINE, '')
    .replace(DEFINITION, '')
    .replace(INLINE_TARGET, ']')
    .replace(REFERENCE_LABEL, ']')
    .replace(FOOTNOTE_MARK, ' ')
    .replace(ORDERED_MARKER, '$1');
  return stripUrls(htmlTextOf(text));
}
