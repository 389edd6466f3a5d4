import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/** The project config file, at the project root. A dot file, so no generator publishes it. */
export const CONFIG_FILE = '.research-draft.yaml';

/** Site generators with a preset. */
export const GENERATORS = ['hugo', 'jekyll', 'astro', 'eleventy', 'plain'] as const;

/** A site generator with a preset. */
export type Generator = (typeof GENERATORS)[number];

/** Largest config file read, in bytes: a config is a few lines. */
export const MAX_CONFIG_BYTES = 64 * 1024;

/** The placeholders of a published file name. */
const NAME_FIELDS = ['slug', 'date', 'year', 'month', 'day'] as const;

/** A folder relative to the project root, inside it. */
const folder = z
  .string()
  .trim()
  .min(1)
  .refine((value) => !isAbsolute(value) && !normalize(value).split(sep).includes('..'), {
    message: 'must be a folder inside the project (relative, no ..)',
  })
  .transform((value) => normalize(value).replace(/[\\/]+$/, ''));

const fileName = z
  .string()
  .trim()
  .refine((value) => value.includes('{slug}'), { message: 'must contain {slug}' })
  .refine((value) => /\.(md|markdown|mdx)$/.test(value), {
    message: 'must end in .md, .markdown or .mdx',
  })
  .refine((value) => value.split('/').length <= 2 && !value.includes('..'), {
    message: 'may hold one folder level at most (e.g. {slug}/index.md)',
  })
  .refine(
    (value) =>
      [...value.matchAll(/\{([^}]*)\}/g)].every((m) =>
        (NAME_FIELDS as readonly string[]).includes(m[1]!),
      ),
    { message: `placeholders are ${NAME_FIELDS.map((f) => `{${f}}`).join(', ')}` },
  );

/** A search provider's name (see `src/stages/fetch/search.ts`). */
const SEARCH_PROVIDER_NAMES = ['brave', 'tavily', 'searxng'] as const;

/**
 * Dollars a web search costs when the config does not say: Brave's and Tavily's paid rates are
 * in this range (Brave lists $5 per 1,000 requests; a basic Tavily search is 1 credit, $0.008 on
 * pay-as-you-go); set `search.pricePerQueryUsd: 0` for a self-hosted SearXNG.
 */
export const DEFAULT_PRICE_PER_QUERY_USD = 0.005;

const searchSchema = z.strictObject({
  provider: z.enum(SEARCH_PROVIDER_NAMES).optional(),
  searxngUrl: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), {
      message: 'must be an absolute http(s) URL',
    })
    .optional(),
  pricePerQueryUsd: z.number().nonnegative().max(10).default(DEFAULT_PRICE_PER_QUERY_USD),
});

const configSchema = z.strictObject({
  generator: z.enum(GENERATORS).default('plain'),
  published: z.array(folder).min(1).default(['content/posts']),
  pending: folder.default('content/pending'),
  rejected: folder.default('content/.rejected'),
  corpus: z.array(folder).default(['content']),
  extensions: z
    .array(z.enum(['.md', '.markdown', '.mdx']))
    .min(1)
    .default(['.md', '.markdown', '.mdx']),
  fileName: fileName.default('{slug}.md'),
  frontmatter: z
    .strictObject({
      dateField: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a plain field name')
        .default('date'),
      dateFormat: z.enum(['date', 'datetime']).default('date'),
      draft: z.boolean().default(false),
      keep: z.union([z.literal('all'), z.array(z.string().min(1))]).default('all'),
      sources: z.enum(['frontmatter', 'bibliography', 'none']).default('frontmatter'),
    })
    .default({
      dateField: 'date',
      dateFormat: 'date',
      draft: false,
      keep: 'all',
      sources: 'frontmatter',
    }),
  ledger: z
    .string()
    .trim()
    .min(1)
    .refine((value) => !isAbsolute(value) && !normalize(value).split(sep).includes('..'), {
      message: 'must be a file inside the project (relative, no ..)',
    })
    .default('.research-draft/ledger.jsonl'),
  search: searchSchema.default({ pricePerQueryUsd: DEFAULT_PRICE_PER_QUERY_USD }),
  costs: folder.default('.research-draft/costs'),
  budget: z
    .strictObject({
      monthlyUsd: z.number().positive().finite().optional(),
      topics: z
        .record(
          z.string().min(1),
          z.number().gt(0, 'a share is above 0').lte(1, 'a share is at most 1 (the whole month)'),
        )
        .optional(),
    })
    .refine((budget) => budget.topics === undefined || budget.monthlyUsd !== undefined, {
      message: 'topics shares need budget.monthlyUsd',
      path: ['topics'],
    })
    .refine(
      (budget) =>
        Object.values(budget.topics ?? {}).reduce((sum, share) => sum + share, 0) <= 1 + 1e-9,
      { message: 'the topic shares add up to more than 1 (the whole month)', path: ['topics'] },
    )
    .default({}),
});

/** The project config's `search` block: which web search provider, and what a query costs. */
export interface SearchSettings {
  /** The provider to use; without it, the first one configured in the environment. */
  provider?: (typeof SEARCH_PROVIDER_NAMES)[number];
  /** A SearXNG instance's base URL (`SEARXNG_URL` wins). */
  searxngUrl?: string;
  /** Dollars one query costs, counted against the topic's budget (default 0.005). */
  pricePerQueryUsd: number;
}

/** The project config as every command reads it: folders relative to `root`. */
export interface ProjectConfig {
  /** The config file (absolute), or null when the defaults apply. */
  file: string | null;
  /** The project root (absolute). */
  root: string;
  generator: Generator;
  /** Folders of published posts; `promote` writes into the first. */
  published: string[];
  /** Where runs write drafts. */
  pending: string;
  /** Where `reject` moves drafts. */
  rejected: string;
  /** Folders read as corpus besides published, pending and rejected ones. */
  corpus: string[];
  /** File endings read as posts. */
  extensions: string[];
  /** A published post's file name: `{slug}.md`, `{date}-{slug}.md`, `{slug}/index.md`, ... */
  fileName: string;
  frontmatter: {
    /** The field that holds a post's date (`date`, Astro's `pubDate`). */
    dateField: string;
    /** `date` (YYYY-MM-DD) or `datetime` (ISO 8601, UTC). */
    dateFormat: 'date' | 'datetime';
    /** Whether a pending draft carries `draft: true` (Hugo and Astro leave such posts out of a build). */
    draft: boolean;
    /** Fields a published post keeps (`all`, or a list); the rest goes to the ledger. */
    keep: 'all' | string[];
    /** How a published post lists its sources: in its frontmatter, as a bibliography section, or not. */
    sources: 'frontmatter' | 'bibliography' | 'none';
  };
  /** The ledger of what drafts used and cost (`.research-draft/ledger.jsonl`), relative to the root. */
  ledger: string;
  /** Web search: provider and price per query (optional in code-built configs; the defaults then). */
  search?: SearchSettings;
  /**
   * The cost ledger's folder, relative to the root (`.research-draft/costs`): one JSON Lines file
   * per month, `<YYYY-MM>.jsonl`, one line per run, committed by the nightly review PR.
   */
  costs: string;
  /** The monthly budget across every topic's runs, read from the cost ledger. */
  budget: {
    /** Dollars a calendar month (UTC) may spend, every topic together; absent: no monthly cap. */
    monthlyUsd?: number;
    /** A topic's share of `monthlyUsd` (0 to 1), a cap of its own on top of the month's. */
    topics?: Record<string, number>;
  };
}

/**
 * The config of a project: `.research-draft.yaml` at its root, or the defaults (this repository's
 * layout: `content/posts`, `content/pending`, `content/.rejected`, the whole `content/` as corpus).
 *
 * @param root The project root.
 * @throws ConfigError naming the file, the line, the field and why (exit 2 in the CLI).
 */
export function loadConfig(root: string): ProjectConfig {
  const absolute = resolve(root);
  const file = join(absolute, CONFIG_FILE);
  if (!existsSync(file)) return configOf(configSchema.parse({}), absolute, null);
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_CONFIG_BYTES)
      throw new ConfigError(file, '', `${bytes.length} bytes exceeds ${MAX_CONFIG_BYTES}`);
    text = bytes.toString('utf8');
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(file, '', 'cannot be read', { cause });
  }
  return parseConfig(text, file, absolute);
}

/**
 * Parses and validates a config file's text.
 *
 * @param text YAML text.
 * @param file Its path (for messages).
 * @param root The project root the folders are relative to.
 */
export function parseConfig(text: string, file: string, root: string): ProjectConfig {
  const lineCounter = new LineCounter();
  // maxAliasCount bounds alias expansion: a "billion laughs" file is an error, not a hang.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new ConfigError(file, '', `invalid YAML: ${error.message.split('\n')[0]}`, {
      line: error.linePos?.[0]?.line,
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (cause) {
    throw new ConfigError(file, '', `invalid YAML: ${(cause as Error).message}`, { cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ConfigError(file, '', 'must be a YAML mapping (published, pending, ...)');
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // An unknown key is named as the field, on its own line.
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const path = [...issue.path, ...(unknown === undefined ? [] : [unknown])].map((part) =>
      typeof part === 'number' ? part : String(part),
    );
    const reason = unknown === undefined ? issue.message : 'unknown field';
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const field = path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      '',
    );
    throw new ConfigError(file, field, reason, { line });
  }
  const config = configOf(result.data, resolve(root), file);
  const folders = [config.pending, config.rejected, ...config.published];
  if (new Set(folders).size !== folders.length)
    throw new ConfigError(file, 'pending', 'pending, rejected and published folders must differ');
  return config;
}

function configOf(
  data: z.infer<typeof configSchema>,
  root: string,
  file: string | null,
): ProjectConfig {
  const { search, ...rest } = data;
  const settings: SearchSettings = { pricePerQueryUsd: search.pricePerQueryUsd };
  if (search.provider !== undefined) settings.provider = search.provider;
  if (search.searxngUrl !== undefined) settings.searxngUrl = search.searxngUrl;
  const budget: ProjectConfig['budget'] = {
    ...(data.budget.monthlyUsd === undefined ? {} : { monthlyUsd: data.budget.monthlyUsd }),
    ...(data.budget.topics === undefined ? {} : { topics: { ...data.budget.topics } }),
  };
  return { file, root, ...rest, frontmatter: { ...data.frontmatter }, search: settings, budget };
}

/**
 * The corpus folders of a config, absolute and without overlaps (a folder inside another is read
 * with it): corpus, published, pending and rejected folders.
 *
 * @param config The project config.
 */
export function corpusFoldersOf(config: ProjectConfig): string[] {
  const all = [...config.corpus, ...config.published, config.pending, config.rejected].map(
    (folderPath) => resolve(config.root, folderPath),
  );
  const unique = [...new Set(all)].sort();
  return unique.filter(
    (candidate) =>
      !unique.some((other) => other !== candidate && candidate.startsWith(other + sep)),
  );
}

/**
 * A published post's path (relative to the root) for a slug and date, from `fileName`.
 *
 * @param config The project config.
 * @param slug The post's slug.
 * @param date `YYYY-MM-DD`.
 */
export function publishedPathOf(config: ProjectConfig, slug: string, date: string): string {
  const [year = '', month = '', day = ''] = date.split('-');
  const values: Record<string, string> = { slug, date, year, month, day };
  const name = config.fileName.replace(/\{([a-z]+)\}/g, (_, key: string) => values[key] ?? '');
  return relative(config.root, resolve(config.root, config.published[0]!, name));
}
