/**
 * JSON-LD (schema.org) metadata: the page's `<script type="application/ld+json">` blocks, with
 * `@graph` flattened, reduced to the article's fields.
 */
import type { CheerioAPI } from 'cheerio';
import { decodeEntities } from './entities.js';

/** Article fields found in JSON-LD. Strings are trimmed; absent fields are null. */
export interface JsonLdArticle {
  headline: string | null;
  author: string | null;
  datePublished: string | null;
  url: string | null;
  publisher: string | null;
  inLanguage: string | null;
  articleBody: string | null;
}

const ARTICLE_TYPE =
  /(?:Article|BlogPosting|Posting|Report|Review|Recipe|HowTo|Story|NewsArticle|Blog)$/;
const PAGE_TYPE = /(?:WebPage|ItemPage|AboutPage|QAPage|FAQPage)$/;

/**
 * Reads the article described by the page's JSON-LD. Article types (`NewsArticle`,
 * `BlogPosting`, ...) win over page types (`WebPage`); invalid JSON blocks are skipped.
 *
 * @param $ The parsed page (before scripts are removed).
 */
export function jsonLdArticleOf($: CheerioAPI): JsonLdArticle {
  const objects: Record<string, unknown>[] = [];
  $('script[type="application/ld+json" i]').each((_, script) => {
    const raw = $(script).text().trim();
    if (!raw) return;
    try {
      collectObjects(JSON.parse(raw) as unknown, objects, 0);
    } catch {
      // Sites ship broken JSON-LD (trailing commas, raw newlines in strings); the other sources of
      // metadata still apply, so a bad block is skipped rather than failing the page.
    }
  });
  const article =
    objects.find((object) => typesOf(object).some((type) => ARTICLE_TYPE.test(type))) ??
    objects.find((object) => typesOf(object).some((type) => PAGE_TYPE.test(type)));
  const organization = objects.find((object) =>
    typesOf(object).some((type) => /Organization|WebSite$/.test(type)),
  );
  if (!article) {
    return {
      headline: null,
      author: null,
      datePublished: null,
      url: null,
      publisher: nameOf(organization),
      inLanguage: null,
      articleBody: null,
    };
  }
  return {
    headline: stringOf(article.headline) ?? stringOf(article.name),
    author: authorsOf(article.author ?? article.creator),
    datePublished: stringOf(article.datePublished) ?? stringOf(article.dateCreated),
    url: stringOf(article.url) ?? urlOf(article.mainEntityOfPage),
    publisher: nameOf(article.publisher) ?? nameOf(organization),
    inLanguage: stringOf(article.inLanguage),
    articleBody: stringOf(article.articleBody) ?? stringOf(article.text),
  };
}

function collectObjects(value: unknown, out: Record<string, unknown>[], depth: number): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, out, depth + 1);
    return;
  }
  const object = value as Record<string, unknown>;
  out.push(object);
  if (object['@graph'] !== undefined) collectObjects(object['@graph'], out, depth + 1);
}

function typesOf(object: Record<string, unknown>): string[] {
  const type = object['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return [];
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = decodeEntities(value).replace(/\s+/g, ' ').trim();
    return trimmed || null;
  }
  if (Array.isArray(value)) return stringOf(value[0]);
  return null;
}

function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return stringOf(value);
  if (Array.isArray(value)) return nameOf(value[0]);
  if (value && typeof value === 'object') return stringOf((value as Record<string, unknown>).name);
  return null;
}

function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return stringOf(value);
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return stringOf(object['@id']) ?? stringOf(object.url);
  }
  return null;
}

/** Names of one or several authors (Person objects or strings), joined with ", ". */
function authorsOf(value: unknown): string | null {
  const list = Array.isArray(value) ? value : [value];
  const names = list
    .map(nameOf)
    .filter((name): name is string => name !== null && !/^https?:\/\//.test(name));
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}
