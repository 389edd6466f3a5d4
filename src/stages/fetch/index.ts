/**
 * The fetch stage: a topic's sources to fetched documents, politely and safely.
 *
 * `resolveSources` lists the items (what `sources` shows); `fetchSources` resolves the same way
 * (one code path), numbers the items s1, s2, ... and fetches each one, recording every request.
 */
import type { StageContext } from '../../core/context.js';
import type { SourceSpec } from '../../core/topic.js';
import { decodeText } from './charset.js';
import { clientOf, type FetchTuning } from './client-of-context.js';
import type { HttpClient } from './http-client.js';
import { contentTypeOfPath, readRecorded } from './local-files.js';
import { resolveWith } from './resolve.js';
import { noProviderReason, searchProviderOf, type SearchHit } from './search.js';
import type {
  FetchInput,
  FetchOutput,
  FetchRecord,
  FetchedDocument,
  ResolveOutput,
  SourceItem,
} from './types.js';

export type { FetchTuning } from './client-of-context.js';
export type { SearchHit } from './search.js';

/**
 * Resolves a topic's feeds, sitemaps, pages and files into items without fetching the items.
 * Errors per source are listed, never thrown.
 *
 * @param sources The topic's sources.
 * @param ctx Stage context (network seams, topic settings, project root).
 */
export async function resolveSources(
  sources: SourceSpec[],
  ctx: StageContext,
): Promise<ResolveOutput> {
  const handle = clientOf(ctx);
  try {
    return await resolveWith(sources, {
      client: handle.client,
      root: ctx.root,
      maxBytes: handle.maxBytes,
      env: ctx.env,
      search: ctx.config.search,
    });
  } finally {
    await handle.close();
  }
}

/**
 * Resolves the sources, then fetches every item (deduplicated by URL, ids s1, s2, ... in item
 * order). A failing item is recorded and the run goes on.
 *
 * @param input The topic's sources.
 * @param ctx Stage context.
 * @param tuning Backoff settings for tests and benchmarks (optional).
 */
export async function fetchSources(
  input: FetchInput,
  ctx: StageContext,
  tuning: FetchTuning = {},
): Promise<FetchOutput> {
  const handle = clientOf(ctx, tuning);
  try {
    const resolved = await resolveWith(input.sources, {
      client: handle.client,
      root: ctx.root,
      maxBytes: handle.maxBytes,
      env: ctx.env,
      search: ctx.config.search,
    });
    const seen = new Set<string>();
    const items = resolved.items.filter((item) => !seen.has(item.url) && seen.add(item.url));
    const fetched = await Promise.all(
      items.map((item, index) =>
        fetchItem(item, `s${index + 1}`, handle.client, ctx.root, handle.maxBytes),
      ),
    );
    return {
      items,
      resolveErrors: resolved.errors,
      documents: fetched.filter((doc): doc is FetchedDocument => doc !== null),
      records: handle.client.records,
    };
  } finally {
    await handle.close();
  }
}

/** Fetches pages asked for during a run (web research) through one client, and searches. */
export interface PageFetcher {
  /** The configured search provider's name, or null when none is. */
  readonly provider: string | null;
  /** Every request made through the fetcher (searches and pages), in completion order. */
  readonly records: FetchRecord[];
  /**
   * Runs a query on the configured provider through the fetcher's client (guard, timeouts,
   * retries); the provider's request is in the records.
   *
   * @param query The search text.
   * @param limit Hits wanted.
   */
  search(query: string, limit: number): Promise<{ hits: SearchHit[] } | { error: string }>;
  /**
   * Fetches http(s) pages as the fetch stage fetches items (robots.txt, guard, caps, cache).
   *
   * @param items The pages and the ids they get.
   * @returns The documents fetched and every request made for them.
   */
  fetch(
    items: Array<{ item: SourceItem; id: string }>,
  ): Promise<{ documents: FetchedDocument[]; records: FetchRecord[] }>;
  /** Releases the client's connections. */
  close(): Promise<void>;
}

/**
 * Opens a {@link PageFetcher}: one HTTP client for the rest of the run, so robots.txt is read once
 * per origin and the limits of the topic's `fetch:` apply to every request.
 *
 * @param ctx Stage context.
 * @param tuning Backoff settings for tests (optional).
 */
export function openPageFetcher(ctx: StageContext, tuning: FetchTuning = {}): PageFetcher {
  const handle = clientOf(ctx, tuning);
  const provider = searchProviderOf(ctx.env, ctx.config.search);
  return {
    provider: provider?.name ?? null,
    records: handle.client.records,
    async search(query, limit) {
      if (!provider) return { error: noProviderReason(ctx.config.search) };
      const hits = await provider.search(query, limit, handle.client);
      return 'error' in hits ? hits : { hits };
    },
    async fetch(items) {
      const start = handle.client.records.length;
      const fetched = await Promise.all(
        items.map(({ item, id }) =>
          // Only http(s): a web page never gets a local file read.
          /^https?:/i.test(item.url)
            ? fetchItem(item, id, handle.client, ctx.root, handle.maxBytes)
            : Promise.resolve(null),
        ),
      );
      return {
        documents: fetched.filter((doc): doc is FetchedDocument => doc !== null),
        records: handle.client.records.slice(start),
      };
    },
    close: () => handle.close(),
  };
}

async function fetchItem(
  item: SourceItem,
  id: string,
  client: HttpClient,
  root: string,
  maxBytes: number,
): Promise<FetchedDocument | null> {
  const base = {
    id,
    url: item.url,
    from: item.from,
    title: item.title,
    published: item.published,
    author: item.author,
  };
  if (item.url.startsWith('file:')) return readItemFile(item, base, client.records, root, maxBytes);
  const outcome = await client.get(item.url, 'page', id);
  if (!outcome.ok) return null;
  const { response } = outcome;
  const contentType = response.contentType ?? 'text/html';
  return {
    ...base,
    finalUrl: response.finalUrl,
    contentType,
    body: decodeText(response.body, contentType).text,
  };
}

async function readItemFile(
  item: SourceItem,
  base: Omit<FetchedDocument, 'finalUrl' | 'contentType' | 'body'>,
  records: FetchRecord[],
  root: string,
  maxBytes: number,
): Promise<FetchedDocument | null> {
  const read = await readRecorded(item.url, root, maxBytes, records, base.id);
  if ('error' in read) return null;
  const contentType = contentTypeOfPath(item.url);
  return {
    ...base,
    finalUrl: item.url,
    contentType,
    body: decodeText(read.bytes, contentType).text,
  };
}
