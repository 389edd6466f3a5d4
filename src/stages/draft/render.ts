import { withoutCredentials } from '../../core/redact.js';
import { renderFrontmatter } from '../../core/frontmatter.js';
import type { Usage } from '../../core/usage.js';
import { plainTextOf } from '../../text/plain-text.js';
import { neutraliseTemplateSyntax } from '../../text/template-syntax.js';
import type { Article } from '../dedupe/types.js';
import {
  footnoteReferenceOf,
  headingOf,
  markdownOf,
  paragraphOf,
  sourceFootnoteOf,
  textNodeOf,
} from './markdown.js';
import type { DraftContent, DraftParagraph } from './types.js';

/** A finding as the draft's `review` frontmatter lists it. */
export interface ReviewItem {
  kind: string;
  severity: string;
  sentence: string;
  detail: string;
  source?: string | null;
}

/** Everything besides the content that the draft file records. */
export interface DraftMeta {
  /** Topic name. */
  topic: string;
  slug: string;
  runId: string;
  /** Draft date, `YYYY-MM-DD`. */
  date: string;
  /** `offline` or `claude:<model>`. */
  engine: string;
  /** The sources the run extracted; only the cited ones are listed in the draft. */
  articles: Article[];
  review: ReviewItem[];
  cost: Usage;
  /** `draft: true` in the frontmatter, for generators that leave such posts out of a build. */
  draftFlag?: boolean;
}

/** Ids cited anywhere in the content, in first-citation order. */
export function citedIdsOf(content: DraftContent): string[] {
  const ids: string[] = [];
  for (const paragraph of paragraphsOf(content)) {
    for (const sentence of paragraph.sentences) {
      for (const id of sentence.cite) if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** All paragraphs, intro first. */
export function paragraphsOf(content: DraftContent): DraftParagraph[] {
  return [...content.intro, ...content.sections.flatMap((section) => section.paragraphs)];
}

/**
 * Renders a draft in the INTERFACES draft format: YAML frontmatter, the article with footnote
 * citations after each sentence, and the footnote definitions closing the file. A section marked
 * `notCovered` is left out of the body and listed in the frontmatter's `notCovered` (section and
 * reason), where the critique's definition-of-done check finds it.
 *
 * Text from sources is data (issue 17): titles and authors are plain text, the body is written
 * by the Markdown serializer (`markdown.ts`), which escapes what a page put in a sentence, a
 * title or a URL, and the template delimiters of the site generators are broken in every string
 * of the file (`neutraliseTemplateSyntax`), so the generator shows them instead of running them.
 *
 * @param content The structured draft.
 * @param meta Run metadata, sources and findings.
 */
export function renderDraft(content: DraftContent, meta: DraftMeta): string {
  const cited = citedIdsOf(content);
  const byId = new Map(meta.articles.map((article) => [article.id, article]));
  const sources = [...cited]
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((id) => byId.get(id))
    .filter((article): article is Article => article !== undefined)
    .map((article) => {
      const entry: Record<string, unknown> = {
        id: article.id,
        url: citedUrlOf(article.url),
        title: titleOf(article),
      };
      const author = plainTextOf(article.author);
      if (author) entry.author = author;
      if (article.published) entry.published = article.published.slice(0, 10);
      entry.sha256 = article.sha256;
      return entry;
    });
  const frontmatter = {
    title: content.title,
    description: content.description,
    date: meta.date,
    topic: meta.topic,
    slug: meta.slug,
    status: 'pending',
    ...(meta.draftFlag ? { draft: true } : {}),
    engine: meta.engine,
    run: meta.runId,
    sources,
    ...notCoveredOf(content),
    review: meta.review.map((item) => {
      const entry: Record<string, unknown> = {
        kind: item.kind,
        severity: item.severity,
        sentence: item.sentence,
      };
      if (item.source) entry.source = item.source;
      entry.detail = item.detail;
      return entry;
    }),
    cost: meta.cost,
  };
  const blocks: string[] = content.intro.map(renderParagraph);
  for (const section of content.sections) {
    // A section the sources do not cover has no body: it is listed in `notCovered` instead.
    if (section.notCovered !== undefined) continue;
    blocks.push(markdownOf(headingOf(2, section.heading)));
    blocks.push(...section.paragraphs.map(renderParagraph));
  }
  const footnotes = cited.map((id) => {
    const article = byId.get(id);
    return article
      ? sourceFootnoteOf(id, titleOf(article), citedUrlOf(article.url))
      : `[^${id}]: ${id}`;
  });
  return renderFrontmatter(
    neutralisedStrings(frontmatter),
    `${blocks.join('\n\n')}\n\n${footnotes.join('\n')}\n`,
    ['cost'],
  );
}

/**
 * The frontmatter's `notCovered` list (`section` and `reason`) of the required sections the
 * engine marked as not covered by the sources; nothing when there are none. The critique's
 * definition-of-done check reads it.
 */
function notCoveredOf(content: DraftContent): {
  notCovered?: Array<{ section: string; reason: string }>;
} {
  const list = content.sections.flatMap((section) =>
    section.notCovered === undefined
      ? []
      : [{ section: section.heading, reason: section.notCovered }],
  );
  return list.length > 0 ? { notCovered: list } : {};
}

function renderParagraph(paragraph: DraftParagraph): string {
  const children = paragraph.sentences.flatMap((sentence, index) => [
    textNodeOf(index > 0 ? ` ${sentence.text}` : sentence.text),
    ...sentence.cite.map(footnoteReferenceOf),
  ]);
  return markdownOf(paragraphOf(children));
}

/** A source's title as plain text; its URL when it has none. */
function titleOf(article: Article): string {
  return plainTextOf(article.title) ?? citedUrlOf(article.url);
}

/**
 * The URL a draft cites: the source's URL with `{` and `}` percent-encoded. RFC 3986 allows
 * neither in a URI, and left alone they could carry a template delimiter into the file.
 */
// Credentials in a source URL (from a topic file) are secrets: a draft never cites them.
function citedUrlOf(url: string): string {
  return withoutCredentials(url).replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** A copy of frontmatter data with the template delimiters of every string broken. */
function neutralisedStrings<T>(value: T): T {
  if (typeof value === 'string') return neutraliseTemplateSyntax(value) as T;
  if (Array.isArray(value)) return value.map(neutralisedStrings) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, neutralisedStrings(inner)]),
    ) as T;
  return value;
}

/**
 * A URL- and file-safe slug of a title: lower-case ASCII words joined by hyphens, at most 60
 * characters, cut at a word boundary.
 */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 60) return slug || 'draft';
  const cut = slug.slice(0, 61);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : 60).replace(/-+$/, '');
}
