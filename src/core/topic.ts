import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { TopicError } from './errors.js';
import { readTextFile, sizeOf } from './text-file.js';

/** Default sections when a topic's `done.sections` is empty. */
export const DEFAULT_SECTIONS = ['Background', 'Key points', 'What it means'];

/** Who the draft is written for when a topic does not say (`audience:`). */
export const DEFAULT_AUDIENCE = 'curious general readers, no specialist knowledge assumed';

/** How the draft reads when a topic does not say (`tone:`). */
export const DEFAULT_TONE = 'neutral and factual, like a news explainer';

/** Longest `audience` or `tone`, in characters: a phrase, not a second brief. */
export const STYLE_MAX_CHARS = 200;

/**
 * Thinking efforts a topic (`thinking.effort`) or `run --thinking-effort` may ask of the Claude
 * engine. The models also list `xhigh` and `max`; they are left out here because their thinking
 * allowance (24,576 and 32,768 tokens of `max_tokens`) makes every call's worst case, which the
 * budget reserves, several times a draft's usual cost.
 */
export const THINKING_EFFORTS = ['low', 'medium', 'high'] as const;

/** A thinking effort of {@link THINKING_EFFORTS}. */
export type ThinkingEffort = (typeof THINKING_EFFORTS)[number];

/**
 * Limits of a topic file. A topic is a few hundred bytes to a few KB; without a cap a 50 MB
 * description took 10.7 s and 1.87 GB to refuse nothing. Feeds and sitemaps expand into items,
 * so even a broad topic names few sources.
 */
export const TOPIC_LIMITS = { maxBytes: 256 * 1024, maxSources: 200 } as const;

/**
 * Ceilings of a topic's `research:` block: the agent's web searches and the sources it may add
 * per draft-and-revision run. Each query costs money and each added source is a fetch.
 */
export const RESEARCH_LIMITS = { maxQueries: 20, maxNewSources: 20 } as const;

/** YAML aliases expanded at most (the yaml package's default): an alias bomb is refused. */
const MAX_ALIASES = 100;

const url = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), {
    message: 'must be an absolute http(s) URL',
  });

const feedSource = z.strictObject({
  feed: url,
  limit: z.number().int().positive().optional(),
});
const sitemapSource = z.strictObject({
  sitemap: url,
  include: z.string().min(1).optional(),
  limit: z.number().int().positive().optional(),
});
const pageSource = z.strictObject({ page: url });
const fileSource = z.strictObject({ file: z.string().min(1) });
const searchSource = z.strictObject({
  search: z.string().min(1),
  limit: z.number().int().positive().max(50).optional(),
});

const KINDS = ['feed', 'sitemap', 'page', 'file', 'search'] as const;

const sourceSchema = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `must be a mapping with one of: ${KINDS.join(', ')}` });
    return;
  }
  const kinds = KINDS.filter((kind) => kind in value);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? `needs exactly one of: ${KINDS.join(', ')}`
          : `has ${kinds.join(' and ')}; a source has exactly one kind`,
    });
    return;
  }
  const schema = {
    feed: feedSource,
    sitemap: sitemapSource,
    page: pageSource,
    file: fileSource,
    search: searchSource,
  }[kinds[0]!];
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path });
  }
});

// eslint-disable-next-line no-control-regex -- control characters are what is refused
const ONE_LINE = /^[^\u0000-\u001f\u007f\u2028\u2029]*$/;

/** A short one-line phrase of the topic (audience, tone) that goes into the drafting prompt. */
const phrase = z
  .string()
  .trim()
  .min(1)
  .max(STYLE_MAX_CHARS)
  .regex(ONE_LINE, 'must be one line (no line breaks or control characters)');

const doneSchema = z
  .strictObject({
    minWords: z.number().int().nonnegative().default(0),
    maxWords: z.number().int().positive().optional(),
    // A section is one heading: a line break in it would write headings of its own.
    sections: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          // eslint-disable-next-line no-control-regex -- control characters are what is refused
          .refine((section) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(section), {
            message: 'must be one line (no line breaks or control characters)',
          }),
      )
      .default([]),
    minSources: z.number().int().nonnegative().default(1),
    citationCoverage: z.number().min(0).max(1).default(0.9),
  })
  .refine((done) => done.maxWords === undefined || done.maxWords >= done.minWords, {
    message: 'maxWords must be at least minWords',
    path: ['maxWords'],
  });

const topicSchema = z.strictObject({
  title: z.string().trim().min(1),
  description: z.string().trim().default(''),
  audience: phrase.default(DEFAULT_AUDIENCE),
  tone: phrase.default(DEFAULT_TONE),
  sources: z
    .array(sourceSchema)
    .min(1, 'needs at least one source')
    .max(TOPIC_LIMITS.maxSources, `has more than ${TOPIC_LIMITS.maxSources} sources`),
  allowPrivateNetwork: z.boolean().default(false),
  done: doneSchema.default({ minWords: 0, sections: [], minSources: 1, citationCoverage: 0.9 }),
  budget: z.strictObject({ usd: z.number().nonnegative() }).default({ usd: 0.5 }),
  engine: z.enum(['auto', 'offline', 'claude']).default('auto'),
  model: z.string().trim().min(1).optional(),
  thinking: z.strictObject({ effort: z.enum(THINKING_EFFORTS) }).optional(),
  dedupe: z
    .strictObject({
      threshold: z.number().min(0).max(1).optional(),
      containment: z.number().min(0).max(1).optional(),
    })
    .default({}),
  research: z
    .strictObject({
      maxQueries: z.number().int().positive().max(RESEARCH_LIMITS.maxQueries).default(3),
      maxNewSources: z.number().int().positive().max(RESEARCH_LIMITS.maxNewSources).default(3),
    })
    .optional(),
  fetch: z
    .strictObject({
      perOriginConcurrency: z.number().int().positive().max(16).optional(),
      concurrency: z.number().int().positive().max(64).optional(),
      timeoutMs: z.number().int().positive().optional(),
      maxBytes: z.number().int().positive().optional(),
      retries: z.number().int().nonnegative().max(5).optional(),
    })
    .default({}),
});

/** One source entry of a topic file, normalised. */
export type SourceSpec =
  | { kind: 'feed'; url: string; limit?: number }
  | { kind: 'sitemap'; url: string; include?: string; limit?: number }
  | { kind: 'page'; url: string }
  | { kind: 'file'; path: string; resolvedPath: string }
  | { kind: 'search'; query: string; limit?: number };

/** The definition of done that the critique checks. */
export interface DoneSpec {
  minWords: number;
  maxWords?: number;
  sections: string[];
  minSources: number;
  citationCoverage: number;
}

/** A validated topic. */
export interface Topic {
  /** Topic name: the file name without `.yaml`. */
  name: string;
  /** Absolute path of the topic file. */
  file: string;
  title: string;
  description: string;
  /**
   * Who the draft is written for; `parseTopic` sets it ({@link DEFAULT_AUDIENCE} when the file
   * does not). Optional in the type so a topic built in code may leave it out.
   */
  audience?: string;
  /** How the draft reads; `parseTopic` sets it ({@link DEFAULT_TONE} when the file does not). */
  tone?: string;
  sources: SourceSpec[];
  allowPrivateNetwork: boolean;
  done: DoneSpec;
  budget: { usd: number };
  engine: 'auto' | 'offline' | 'claude';
  model?: string;
  /** Thinking of every Claude call instead of the engine's per-stage defaults (or `--thinking-effort`). */
  thinking?: { effort: ThinkingEffort };
  dedupe: { threshold?: number; containment?: number };
  /**
   * Web research by the Claude agent (`search_web`, `add_sources`), off when absent: at most
   * `maxQueries` searches and `maxNewSources` added sources in the whole run (draft and revisions).
   */
  research?: { maxQueries: number; maxNewSources: number };
  fetch: {
    perOriginConcurrency?: number;
    concurrency?: number;
    timeoutMs?: number;
    maxBytes?: number;
    retries?: number;
  };
}

/**
 * Parses and validates a topic file's text, before any network access.
 *
 * @param text YAML text of the topic file.
 * @param file Path of the file (for messages and for resolving `file:` sources).
 * @throws TopicError naming the file, the field (with its line when known) and why.
 */
export function parseTopic(text: string, file: string): Topic {
  const absolute = resolve(file);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > TOPIC_LIMITS.maxBytes) {
    throw new TopicError(
      file,
      '',
      `is ${sizeOf(bytes)}, larger than the ${sizeOf(TOPIC_LIMITS.maxBytes)} cap of a topic file`,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = error.linePos?.[0]?.line;
    throw new TopicError(file, '', `invalid YAML: ${error.message.split('\n')[0]}`, {
      line,
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (cause) {
    // The yaml package refuses an alias bomb ("billion laughs") while expanding it.
    throw new TopicError(
      file,
      '',
      `invalid YAML: its aliases expand past ${MAX_ALIASES} nodes (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TopicError(file, '', 'must be a YAML mapping (title, sources, ...)');
  }
  const result = topicSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
    const node = lineOf(doc, lineCounter, path);
    const field = path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      '',
    );
    throw new TopicError(file, field, reasonOf(issue), { line: node });
  }
  const parsed = result.data;
  const sources = parsed.sources.map((raw) =>
    toSourceSpec(raw as Record<string, unknown>, absolute),
  );
  const topic: Topic = {
    name: basename(absolute, extname(absolute)),
    file: absolute,
    title: parsed.title,
    description: parsed.description,
    audience: parsed.audience,
    tone: parsed.tone,
    sources,
    allowPrivateNetwork: parsed.allowPrivateNetwork,
    done: stripUndefined<typeof parsed.done>(parsed.done),
    budget: parsed.budget,
    engine: parsed.engine,
    dedupe: stripUndefined(parsed.dedupe),
    fetch: stripUndefined(parsed.fetch),
  };
  if (parsed.model !== undefined) topic.model = parsed.model;
  if (parsed.thinking !== undefined) topic.thinking = parsed.thinking;
  if (parsed.research !== undefined) topic.research = parsed.research;
  return topic;
}

/**
 * Finds and loads a topic: a name in `pipelinesDir` or a path to a topic file.
 *
 * @param nameOrPath `example`, `pipelines/example.yaml` or any path to a `.yaml` file.
 * @param pipelinesDir Folder of the topics (default `<cwd>/pipelines`).
 * @throws TopicError for a missing topic (listing those that exist) or an invalid one.
 */
export function loadTopic(nameOrPath: string, pipelinesDir = resolve('pipelines')): Topic {
  const file = topicPathOf(nameOrPath, pipelinesDir);
  let read: ReturnType<typeof readTextFile>;
  try {
    // Bounded: a huge file (or a device) is refused after reading at most the cap.
    read = readTextFile(file, TOPIC_LIMITS.maxBytes);
  } catch (cause) {
    throw new TopicError(file, '', 'cannot be read', { cause });
  }
  if (!read.ok) {
    const why = read.reason.replace(/cap$/, 'cap of a topic file');
    throw new TopicError(file, '', why);
  }
  return parseTopic(read.text, file);
}

/** Lists the topic names in `pipelinesDir` (sorted). */
export function listTopics(pipelinesDir = resolve('pipelines')): string[] {
  if (!existsSync(pipelinesDir)) return [];
  return readdirSync(pipelinesDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => name.replace(/\.ya?ml$/, ''))
    .sort();
}

function topicPathOf(nameOrPath: string, pipelinesDir: string): string {
  const looksLikePath = /[\\/]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath);
  if (looksLikePath) {
    const file = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
    if (existsSync(file)) return file;
    throw new TopicError(nameOrPath, '', 'no such topic file');
  }
  for (const ext of ['.yaml', '.yml']) {
    const file = join(pipelinesDir, `${nameOrPath}${ext}`);
    if (existsSync(file)) return file;
  }
  const known = listTopics(pipelinesDir);
  throw new TopicError(
    join(pipelinesDir, `${nameOrPath}.yaml`),
    '',
    `unknown topic "${nameOrPath}"; topics in ${pipelinesDir}: ${known.length > 0 ? known.join(', ') : '(none)'}`,
  );
}

function toSourceSpec(raw: Record<string, unknown>, topicFile: string): SourceSpec {
  if (typeof raw.feed === 'string') {
    return withOptional({ kind: 'feed', url: raw.feed.trim() }, { limit: raw.limit });
  }
  if (typeof raw.sitemap === 'string') {
    return withOptional(
      { kind: 'sitemap', url: raw.sitemap.trim() },
      { include: raw.include, limit: raw.limit },
    );
  }
  if (typeof raw.page === 'string') return { kind: 'page', url: raw.page.trim() };
  if (typeof raw.search === 'string') {
    return withOptional({ kind: 'search', query: raw.search }, { limit: raw.limit });
  }
  const path = String(raw.file);
  return { kind: 'file', path, resolvedPath: resolve(dirname(topicFile), path) };
}

function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (base as Record<string, unknown>)[key] = value;
  }
  return base;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  // Zod reports the input only when asked (reportInput): without it a value of the wrong type
  // read as missing ("is required (string)" for a number given as text).
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `is required (expected ${issue.expected}, received nothing)`;
  return issue.message;
}

function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: Array<string | number>,
): number | undefined {
  // Walk up the path until a node with a source range is found (a missing field has none).
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
