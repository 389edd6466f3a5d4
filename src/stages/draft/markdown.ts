/**
 * The draft body's Markdown, built as mdast and written by mdast-util-to-markdown: source text
 * goes in as text nodes and link destinations as URLs, so the serializer escapes whatever a page
 * put in them (issue 17: a title holding `<script>`, a canonical URL holding `)`). Nothing from a
 * source is concatenated into Markdown syntax.
 */
import type { FootnoteReference, Heading, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { toMarkdown, type Handle, type Options } from 'mdast-util-to-markdown';
import { neutraliseTemplateSyntax } from '../../text/template-syntax.js';

// Footnote ids are ours (`s1`), never a source's. The handler is the one of GFM's footnote
// extension (its `peek` makes the serializer escape a `!` before `[^id]`), without the rest of
// GFM, whose autolink rules would write `https\://` in a title that is a URL.
const footnoteReference: Handle = Object.assign(
  (node: FootnoteReference) => `[^${node.identifier}]`,
  { peek: () => '[' },
);

const OPTIONS: Options = {
  handlers: { footnoteReference },
  // `[https://x](https://x)`, as the draft format writes a source without a title; never `<https://x>`.
  resourceLink: true,
  // MDX evaluates any `{...}` in the body; `\{` is a literal brace in MDX and in CommonMark.
  unsafe: [{ character: '{' }, { character: '}' }],
};

/**
 * One block as Markdown (no trailing newline).
 *
 * @param node A paragraph or heading.
 */
export function markdownOf(node: RootContent): string {
  return toMarkdown({ type: 'root', children: [node] }, OPTIONS).replace(/\n+$/, '');
}

/**
 * A text node of source (or source-derived) text, with its template delimiters broken.
 *
 * @param value Plain text.
 */
export function textNodeOf(value: string): PhrasingContent {
  return { type: 'text', value: neutraliseTemplateSyntax(value) };
}

/**
 * A `[^id]` footnote reference.
 *
 * @param id Source id.
 */
export function footnoteReferenceOf(id: string): PhrasingContent {
  return { type: 'footnoteReference', identifier: id, label: id };
}

/**
 * A paragraph of phrasing content.
 *
 * @param children Text and footnote references.
 */
export function paragraphOf(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

/**
 * A heading of plain text.
 *
 * @param depth 1 to 6.
 * @param text Heading text.
 */
export function headingOf(depth: Heading['depth'], text: string): Heading {
  return { type: 'heading', depth, children: [textNodeOf(text)] };
}

/**
 * `[^id]: [title](url)`: the footnote citing a source, title and URL escaped by the serializer.
 *
 * @param id Source id (ours, e.g. `s1`).
 * @param title Link text (plain text).
 * @param url Link destination.
 */
export function sourceFootnoteOf(id: string, title: string, url: string): string {
  return `[^${id}]: ${markdownOf(paragraphOf([{ type: 'link', url, children: [textNodeOf(title)] }]))}`;
}
