import { parseDocument, type Document } from 'yaml';
import type { ProjectConfig } from '../core/config.js';
import type { LedgerEntry } from '../core/ledger.js';

/** A pending draft made into a published post of the site's generator. */
export interface PublishedForm {
  /** The post's file text. */
  text: string;
  /** What leaves the public frontmatter for the ledger. */
  ledger: Omit<LedgerEntry, 'path'>;
}

// Operational fields of a draft: in the ledger always, in a published post only when the profile
// keeps them.
const OPERATIONAL = ['status', 'topic', 'run', 'engine', 'cost', 'review', 'sources', 'draft'];

/**
 * The published form of a pending draft, as the project's frontmatter profile wants it: its date
 * in the profile's date field and format, `draft` removed, only the fields the profile keeps (the
 * rest, with every source's URL and hash, go to the ledger), and the sources as a readable
 * "Sources" list when the profile asks for a bibliography. Everything else of the editor's text
 * (body, comments, field order) is kept.
 *
 * @param frontmatter The draft's YAML frontmatter (without the `---` lines).
 * @param body The draft's body (after the frontmatter).
 * @param config The project config.
 * @param today The promotion day, `YYYY-MM-DD` (or an ISO date-time for `datetime`).
 */
export function publishedFormOf(
  frontmatter: Document,
  body: string,
  config: ProjectConfig,
  today: Date,
): PublishedForm {
  const { frontmatter: profile } = config;
  const doc = frontmatter.clone();
  const get = (key: string): unknown => doc.get(key);
  const sources = sourcesOf(doc.toJS() as Record<string, unknown>);
  const slug = stringOf(get('slug'));
  const title = stringOf(get('title'));
  const day = today.toISOString().slice(0, 10);
  const ledger: Omit<LedgerEntry, 'path'> = {
    slug,
    title,
    published: day,
    ...optional('topic', get('topic')),
    ...optional('run', get('run')),
    ...optional('engine', get('engine')),
    ...(doc.has('cost') ? { cost: (doc.toJS() as Record<string, unknown>).cost } : {}),
    ...(doc.has('review') ? { review: (doc.toJS() as Record<string, unknown>).review } : {}),
    sources,
  };
  doc.set('status', 'published');
  doc.delete('draft');
  const date = profile.dateFormat === 'datetime' ? today.toISOString() : day;
  if (profile.keep === 'all') {
    doc.set('published', day);
    if (profile.dateField !== 'date') doc.set(profile.dateField, date);
  } else {
    doc.set(profile.dateField, date);
    const keep = new Set(profile.keep);
    for (const key of keysOf(doc)) if (!keep.has(key)) doc.delete(key);
  }
  for (const key of OPERATIONAL)
    if (profile.keep !== 'all' && !profile.keep.includes(key)) doc.delete(key);
  const bibliography =
    profile.sources === 'bibliography' && sources.length > 0
      ? `\n## Sources\n\n${sources.map((source) => `- ${linkOf(source)}`).join('\n')}\n`
      : '';
  const text = `---\n${doc.toString({ lineWidth: 0 })}---\n${withBibliography(body, bibliography)}`;
  return { text, ledger };
}

/**
 * Parses a draft file into its frontmatter document and body, or null when it has no YAML
 * frontmatter.
 *
 * @param text The draft file.
 */
export function splitDraft(text: string): { frontmatter: Document; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*\r?\n?/.exec(text);
  if (!match) return null;
  return { frontmatter: parseDocument(match[1]!), body: text.slice(match[0].length) };
}

// The bibliography goes before the footnote definitions, which close the file.
function withBibliography(body: string, bibliography: string): string {
  if (!bibliography) return body;
  const footnotes = /\n\[\^[^\]\s]+\]:/.exec(body);
  if (!footnotes) return `${body.replace(/\s*$/, '\n')}${bibliography}`;
  const before = body.slice(0, footnotes.index).replace(/\s*$/, '\n');
  return `${before}${bibliography}${body.slice(footnotes.index)}`;
}

function sourcesOf(data: Record<string, unknown>): LedgerEntry['sources'] {
  const list = Array.isArray(data.sources) ? (data.sources as unknown[]) : [];
  return list.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { url, sha256, title } = item as Record<string, unknown>;
    const source: LedgerEntry['sources'][number] = {};
    if (typeof url === 'string') source.url = url;
    if (typeof sha256 === 'string') source.sha256 = sha256;
    if (typeof title === 'string') source.title = title;
    return source.url || source.sha256 ? [source] : [];
  });
}

// The link text and target escaped as Markdown needs them: a title is text, never markup.
function linkOf(source: LedgerEntry['sources'][number]): string {
  const text = (source.title ?? source.url ?? '').replace(/([\\[\]*_`<>])/g, '\\$1');
  if (!source.url) return text;
  return `[${text}](<${source.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

function keysOf(doc: Document): string[] {
  const data = doc.toJS() as Record<string, unknown> | null;
  return data ? Object.keys(data) : [];
}

function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? `${value}` : '';
}

function optional(key: 'topic' | 'run' | 'engine', value: unknown): Record<string, string> {
  return typeof value === 'string' ? { [key]: value } : {};
}
