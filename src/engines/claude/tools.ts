import type Anthropic from '@anthropic-ai/sdk';
import { Bm25Index, type Passage } from './bm25.js';
import { sourceIndexOf } from './brief-index.js';
import { clip, readable, untrusted, type SourceDoc } from './source-text.js';
import { READ_MAX_CHARS } from './read-limits.js';
import { SUBMIT_DRAFT_SCHEMA } from './submit-schema.js';

export { READ_MAX_CHARS } from './read-limits.js';
/** Most hits one `search_sources` call returns, and the default. */
export const SEARCH_MAX_HITS = 10;
export const SEARCH_DEFAULT_HITS = 6;
/** Characters kept of each search hit. */
export const SEARCH_HIT_CHARS = 600;

/** Names of the read-only tools; `submit_draft` is the only other tool offered. */
export const READ_ONLY_TOOLS = ['list_sources', 'read_source', 'search_sources'] as const;
export const SUBMIT_TOOL = 'submit_draft';

/**
 * The tools offered to the model. None fetches, writes or runs anything: three read the sources
 * already in memory, and `submit_draft` is how the draft comes back. All use strict schemas.
 */
export const TOOLS: Anthropic.Tool[] = [
  {
    name: 'list_sources',
    description: 'The source index again.',
    input_schema: { type: 'object', properties: {}, additionalProperties: false },
    strict: true,
  },
  {
    name: 'read_source',
    description: `Paragraphs from_paragraph to to_paragraph (inclusive, numbered as in the index) of one source, or its section under a heading; up to ${READ_MAX_CHARS} characters.`,
    input_schema: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        from_paragraph: { type: 'integer' },
        to_paragraph: { type: 'integer' },
        heading: { type: 'string', description: 'Instead of a range.' },
      },
      required: ['id'],
      additionalProperties: false,
    },
    strict: true,
  },
  {
    name: 'search_sources',
    description: `Paragraphs best matching a query (BM25), in all sources or those listed; ${SEARCH_DEFAULT_HITS} hits unless a limit (at most ${SEARCH_MAX_HITS}).`,
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string' },
        sources: { type: 'array', items: { type: 'string' } },
        limit: { type: 'integer' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    strict: true,
  },
  {
    name: SUBMIT_TOOL,
    description: 'The finished draft: the only way to finish.',
    input_schema: SUBMIT_DRAFT_SCHEMA as unknown as Anthropic.Tool.InputSchema,
    strict: true,
  },
];

/**
 * The tools of a conversation: the read-only tools and `submit_draft`, plus `search_web` and
 * `add_sources` (before `submit_draft`) when the pipeline offers web research.
 *
 * @param research Whether web research is offered.
 */
export function toolsOf(research: boolean): Anthropic.Tool[] {
  if (!research) return TOOLS;
  return [...TOOLS.slice(0, -1), ...RESEARCH_TOOLS, TOOLS[TOOLS.length - 1]!];
}

/** The web research tools' names. */
export const SEARCH_WEB_TOOL = 'search_web';
export const ADD_SOURCES_TOOL = 'add_sources';

/**
 * The web research tools (issue 23). Neither fetches by itself: a query goes to the run's search
 * provider, and chosen result URLs go through the run's guarded fetch, extract and dedupe.
 */
export const RESEARCH_TOOLS: Anthropic.Tool[] = [
  {
    name: SEARCH_WEB_TOOL,
    description:
      'Searches the web (a limited number of queries per run): titles, URLs and snippets of results, never the pages. Use it to find a second source for a claim one source makes.',
    input_schema: {
      type: 'object',
      properties: { query: { type: 'string' } },
      required: ['query'],
      additionalProperties: false,
    },
    strict: true,
  },
  {
    name: ADD_SOURCES_TOOL,
    description:
      'Adds chosen search_web result URLs as sources (a limited number per run). Each is fetched, extracted and checked for duplicates by the pipeline; the answer gives the new source ids, or why a URL was not added. Read and cite added sources like the others.',
    input_schema: {
      type: 'object',
      properties: { urls: { type: 'array', items: { type: 'string' } } },
      required: ['urls'],
      additionalProperties: false,
    },
    strict: true,
  },
];

/** What a read-only tool answered. */
export interface ToolAnswer {
  content: string;
  isError: boolean;
}

/** Runs the read-only tools over sources held in memory. */
export class SourceTools {
  private readonly docs: SourceDoc[];
  private readonly byId: Map<string, SourceDoc>;
  private index: Bm25Index;

  /** @param docs The sources of this draft. */
  constructor(docs: SourceDoc[]) {
    this.docs = [...docs];
    this.byId = new Map(docs.map((doc) => [doc.id, doc]));
    this.index = indexOf(this.docs);
  }

  /**
   * Adds sources found by web research: they are read, searched and cited like the others.
   *
   * @param docs The new sources (new ids).
   */
  add(docs: SourceDoc[]): void {
    for (const doc of docs) {
      if (this.byId.has(doc.id)) continue;
      this.docs.push(doc);
      this.byId.set(doc.id, doc);
    }
    this.index = indexOf(this.docs);
  }

  /**
   * Runs one read-only tool.
   *
   * @param name Tool name.
   * @param input Tool input as the model sent it.
   */
  run(name: string, input: unknown): ToolAnswer {
    const args = (typeof input === 'object' && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
    switch (name) {
      case 'list_sources':
        return { content: sourceIndexOf(this.docs), isError: false };
      case 'read_source':
        return this.read(args);
      case 'search_sources':
        return this.search(args);
      default:
        return {
          content: `unknown tool "${name}"; tools: ${[...READ_ONLY_TOOLS, SUBMIT_TOOL].join(', ')}`,
          isError: true,
        };
    }
  }

  private read(args: Record<string, unknown>): ToolAnswer {
    const doc = typeof args.id === 'string' ? this.byId.get(args.id) : undefined;
    if (!doc)
      return {
        content: `unknown source id ${JSON.stringify(args.id)}; ids: ${[...this.byId.keys()].join(', ')}`,
        isError: true,
      };
    const count = doc.paragraphs.length;
    let from = integerOf(args.from_paragraph) ?? 1;
    let to = integerOf(args.to_paragraph) ?? count;
    if (typeof args.heading === 'string' && args.heading.trim()) {
      const wanted = args.heading.trim().toLowerCase();
      const at = doc.headings.findIndex((h) => h.text.toLowerCase() === wanted);
      const found =
        at >= 0 ? at : doc.headings.findIndex((h) => h.text.toLowerCase().includes(wanted));
      const heading = doc.headings[found];
      // The headings are the page's words: they go back inside the untrusted wrapper, never in
      // the harness's own sentence, where a heading could speak as the tool (issue 16).
      if (!heading)
        return {
          content: `${doc.id} has no heading ${JSON.stringify(clip(args.heading, 100))}; its headings follow.\n${untrusted(doc.id, 'headings', doc.headings.map((h) => h.text).join(' | ') || '(none)')}`,
          isError: true,
        };
      from = heading.paragraph;
      to = (doc.headings[found + 1]?.paragraph ?? count + 1) - 1;
    }
    if (from < 1 || from > count || to < from) {
      return {
        content: `${doc.id} has paragraphs 1-${count}; asked for ${from}-${to}`,
        isError: true,
      };
    }
    to = Math.min(to, count);
    const parts: string[] = [];
    let size = 0;
    let last = from - 1;
    for (let n = from; n <= to; n++) {
      const text = `¶${n} ${readable(doc.paragraphs[n - 1] ?? '')}`;
      // Always return at least one paragraph, clipped, so a huge paragraph cannot stall the model.
      if (parts.length > 0 && size + text.length > READ_MAX_CHARS) break;
      parts.push(clip(text, READ_MAX_CHARS));
      size += text.length;
      last = n;
    }
    const rest =
      last < to
        ? `\n(stopped at paragraph ${last} of ${count}: size cap ${READ_MAX_CHARS} characters; continue with from_paragraph ${last + 1})`
        : '';
    return {
      content:
        untrusted(doc.id, `paragraphs ${from}-${last} of ${count}`, parts.join('\n\n')) + rest,
      isError: false,
    };
  }

  private search(args: Record<string, unknown>): ToolAnswer {
    const query = typeof args.query === 'string' ? args.query : '';
    if (!query.trim()) return { content: 'query is empty', isError: true };
    const limit = Math.min(
      Math.max(integerOf(args.limit) ?? SEARCH_DEFAULT_HITS, 1),
      SEARCH_MAX_HITS,
    );
    const only =
      Array.isArray(args.sources) && args.sources.length > 0
        ? new Set(args.sources.map(String))
        : undefined;
    const hits = this.index.search(query, limit, only);
    if (hits.length === 0)
      return { content: `no passage matches "${clip(query, 100)}"`, isError: false };
    return {
      content: hits
        .map((hit) =>
          untrusted(
            hit.source,
            `paragraph ${hit.paragraph}`,
            clip(readable(hit.text), SEARCH_HIT_CHARS),
          ),
        )
        .join('\n'),
      isError: false,
    };
  }
}

function indexOf(docs: SourceDoc[]): Bm25Index {
  const passages: Passage[] = docs.flatMap((doc) =>
    doc.paragraphs.map((text, i) => ({ source: doc.id, paragraph: i + 1, text })),
  );
  return new Bm25Index(passages);
}

function integerOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
}
