/**
 * Markdown and plain-text documents (local notes, `.md` files) become articles as they are: the
 * body is the Markdown, and the first `# heading` is the title.
 */
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { splitFrontmatterLenient } from '../../core/frontmatter.js';
import { plainTextOf } from './to-markdown.js';
import type { ExtractedPage } from './types.js';

const MARKDOWN = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Turns a Markdown or plain-text body into an extracted page. YAML frontmatter, when present, is
 * dropped from the article and gives `title`, `author`, `date`/`published` and `lang`.
 *
 * @param body The document body.
 * @param kind `markdown` (parsed, text rendered from it) or `text` (kept as is for both).
 */
export function plainDocumentOf(body: string, kind: 'markdown' | 'text'): ExtractedPage {
  const { data, body: content }: { data: Record<string, unknown>; body: string } =
    kind === 'markdown' ? splitFrontmatterLenient(body) : { data: {}, body };
  const normalized = content.replace(/\r\n?/g, '\n').trim();
  const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(normalized)?.[1]?.trim() ?? null;
  const text =
    kind === 'markdown'
      ? plainTextOf(MARKDOWN.parse(normalized))
      : normalized.replace(/\n{3,}/g, '\n\n');
  return {
    title: stringField(data.title) ?? heading,
    author: stringField(data.author),
    published: stringField(data.published) ?? stringField(data.date),
    canonicalUrl: null,
    lang: stringField(data.lang),
    siteName: null,
    markdown: normalized,
    text,
    hidden: [],
  };
}

function stringField(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
