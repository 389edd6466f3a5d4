/**
 * The text a reader sees in extracted Markdown once it is rendered (issue 22): the Markdown parsed
 * back with remark-parse + GFM, images dropped, the text of the tree taken block by block. Scored
 * against the gold beside the `text` field by `bench:extract`, so that the Markdown the drafting
 * model reads is measured, not only the plain text.
 */
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { plainTextOf } from './to-markdown.js';

const MARKDOWN = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * The reader's text of a Markdown document: what the rendered page shows, blocks separated by a
 * blank line, without URLs, image alt text or raw HTML tags.
 *
 * @param markdown The article's Markdown.
 */
export function readerTextOf(markdown: string): string {
  return plainTextOf(MARKDOWN.parse(markdown));
}
