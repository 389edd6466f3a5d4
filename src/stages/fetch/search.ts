/**
 * `search:` sources behind a provider interface. One provider: the Brave Search API
 * (https://api.search.brave.com/app/documentation/web-search), key from `BRAVE_SEARCH_API_KEY`,
 * endpoint overridable with `BRAVE_SEARCH_URL` (tests point it at a local server). The call goes
 * through the run's HTTP client, so the address guard, timeouts and retries apply; the key is a
 * header and never appears in records or logs.
 */
import { isoDateOf } from './feed-dates.js';
import { titleOf } from './feed-text.js';
import type { HttpClient } from './http-client.js';
import { unique } from './item-filters.js';
import { reasonOf } from './network-errors.js';
import type { ResolveOutput } from './types.js';

/** A search hit. */
export interface SearchHit {
  url: string;
  title: string | null;
  published: string | null;
}

/** A web search provider. */
export interface SearchProvider {
  /** Name for messages, e.g. `brave`. */
  name: string;
  /**
   * Runs a query.
   *
   * @param query The topic's `search:` text.
   * @param limit Hits wanted.
   * @param client The run's HTTP client.
   * @returns Hits, or the reason the search failed.
   */
  search(
    query: string,
    limit: number,
    client: HttpClient,
  ): Promise<SearchHit[] | { error: string }>;
}

/** Brave's endpoint. */
export const BRAVE_SEARCH_URL = 'https://api.search.brave.com/res/v1/web/search';
/** Brave returns at most 20 results per request. */
const BRAVE_MAX_COUNT = 20;

interface BraveResponse {
  web?: { results?: Array<{ url?: unknown; title?: unknown; page_age?: unknown }> };
}

/**
 * The configured provider, or null when no key is set.
 *
 * @param env Environment (ctx.env): `BRAVE_SEARCH_API_KEY`, optional `BRAVE_SEARCH_URL`.
 */
export function searchProviderOf(
  env: Readonly<Record<string, string | undefined>>,
): SearchProvider | null {
  const key = env.BRAVE_SEARCH_API_KEY?.trim();
  if (!key) return null;
  const endpoint = env.BRAVE_SEARCH_URL?.trim() || BRAVE_SEARCH_URL;
  return {
    name: 'brave',
    async search(query, limit, client) {
      const url = new URL(endpoint);
      url.searchParams.set('q', query);
      url.searchParams.set('count', String(Math.min(limit, BRAVE_MAX_COUNT)));
      const outcome = await client.get(url.href, 'api', null, { 'x-subscription-token': key });
      if (!outcome.ok) return { error: `brave search: ${reasonOf(outcome.error)}` };
      let data: BraveResponse;
      try {
        data = JSON.parse(outcome.response.body.toString('utf8')) as BraveResponse;
      } catch {
        return { error: 'brave search: the answer is not JSON' };
      }
      const hits: SearchHit[] = [];
      for (const result of data.web?.results ?? []) {
        if (typeof result.url !== 'string' || !/^https?:\/\//i.test(result.url)) continue;
        hits.push({
          url: new URL(result.url).href,
          // Brave marks query words with <strong>: the title is HTML.
          title: typeof result.title === 'string' ? titleOf(result.title, true) : null,
          published: typeof result.page_age === 'string' ? isoDateOf(result.page_age) : null,
        });
      }
      return hits.slice(0, limit);
    },
  };
}

/** Search hits per `search:` source when the topic gives no `limit`. */
export const DEFAULT_SEARCH_LIMIT = 10;

/**
 * Resolves a `search:` source into items (`from` is `search: <query>`), or one error.
 *
 * @param query The topic's search text.
 * @param limit Hits wanted (default {@link DEFAULT_SEARCH_LIMIT}).
 * @param client The run's HTTP client.
 * @param env Environment, for the provider's key.
 */
export async function resolveSearch(
  query: string,
  limit: number | undefined,
  client: HttpClient,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ResolveOutput> {
  const from = `search: ${query}`;
  const provider = searchProviderOf(env);
  if (!provider) {
    return {
      items: [],
      errors: [
        {
          source: from,
          error: 'no search provider: set BRAVE_SEARCH_API_KEY to use search sources',
        },
      ],
    };
  }
  const hits = await provider.search(query, limit ?? DEFAULT_SEARCH_LIMIT, client);
  if ('error' in hits) return { items: [], errors: [{ source: from, error: hits.error }] };
  return { items: unique(hits.map((hit) => ({ ...hit, author: null, from }))), errors: [] };
}
