import { renderFrontmatter } from '../../core/frontmatter.js';
import type { Usage } from '../../core/usage.js';
import type { Article } from '../dedupe/types.js';
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
 * citations after each sentence, and the footnote definitions closing the file.
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
        url: article.url,
        title: article.title ?? article.url,
      };
      if (article.author) entry.author = article.author;
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
    engine: meta.engine,
    run: meta.runId,
    sources,
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
    blocks.push(`## ${section.heading}`);
    blocks.push(...section.paragraphs.map(renderParagraph));
  }
  const footnotes = cited.map((id) => {
    const article = byId.get(id);
    const title = (article?.title ?? article?.url ?? id).replace(/[[\]]/g, '');
    return article ? `[^${id}]: [${title}](${article.url})` : `[^${id}]: ${id}`;
  });
  return renderFrontmatter(frontmatter, `${blocks.join('\n\n')}\n\n${footnotes.join('\n')}\n`, [
    'cost',
  ]);
}

function renderParagraph(paragraph: DraftParagraph): string {
  return paragraph.sentences
    .map((sentence) => `${sentence.text}${sentence.cite.map((id) => `[^${id}]`).join('')}`)
    .join(' ');
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
