/**
 * Web search behind one provider interface, for `search:` sources and the Claude agent's
 * `search_web` tool. Three providers:
 *
 * - **Brave** (https://api.search.brave.com/app/documentation/web-search): key from
 *   `BRAVE_SEARCH_API_KEY`, endpoint overridable with `BRAVE_SEARCH_URL` (tests).
 * - **Tavily** (https://docs.tavily.com, `POST /search`, `Authorization: Bearer`): key from
 *   `TAVILY_API_KEY`, endpoint overridable with `TAVILY_SEARCH_URL` (tests).
 * - **SearXNG** (self-hosted; https://docs.searxng.org/dev/search_api.html,
 *   `GET <base>/search?q=...&format=json`): base URL from `SEARXNG_URL` or the project config's
 *   `search.searxngUrl`. An instance answers 403 to `format=json` unless `json` is listed in its
 *   settings.yml `search.formats`, which the error says.
 *
 * Every call goes through the run's HTTP client, so the address guard, timeouts and retries
 * apply; a key travels as a header, never in the URL, so it never reaches a record or a log.
 */
import type { SearchSettings } from '../../core/config.js';
import { isoDateOf } from './feed-dates.js';
import { titleOf } from './feed-text.js';
import type { HttpClient } from './http-client.js';
import { unique } from './item-filters.js';
import { reasonOf } from './network-errors.js';
import type { ResolveOutput } from './types.js';

/** A search hit: what the provider says about a page, never the page itself. */
export interface SearchHit {
  url: string;
  title: string | null;
  published: string | null;
  /** The provider's snippet of the page, plain text, or null. */
  snippet: string | null;
}

/** Names of the providers. */
export const SEARCH_PROVIDERS = ['brave', 'tavily', 'searxng'] as const;
/** A provider name of {@link SEARCH_PROVIDERS}. */
export type SearchProviderName = (typeof SEARCH_PROVIDERS)[number];

/** A web search provider. */
export interface SearchProvider {
  /** Name for messages and records, e.g. `brave`. */
  name: SearchProviderName;
  /**
   * Runs a query.
   *
   * @param query The search text.
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
/** Tavily's endpoint. */
export const TAVILY_SEARCH_URL = 'https://api.tavily.com/search';
/** Brave and Tavily return at most 20 results per request. */
const MAX_COUNT = 20;
/** Characters kept of a snippet. */
const SNIPPET_CHARS = 400;

type Env = Readonly<Record<string, string | undefined>>;

interface BraveResponse {
  web?: {
    results?: Array<{ url?: unknown; title?: unknown; page_age?: unknown; description?: unknown }>;
  };
}

interface ResultsResponse {
  results?: Array<{
    url?: unknown;
    title?: unknown;
    content?: unknown;
    publishedDate?: unknown;
    published_date?: unknown;
  }>;
}

/**
 * The configured provider, or null when none is.
 *
 * Without `search.provider` in the project config, the first configured of Brave
 * (`BRAVE_SEARCH_API_KEY`), Tavily (`TAVILY_API_KEY`) and SearXNG (`SEARXNG_URL` or
 * `search.searxngUrl`) is used; with it, that one or none.
 *
 * @param env Environment (ctx.env).
 * @param settings The project config's `search` block (optional).
 */
export function searchProviderOf(env: Env, settings?: SearchSettings): SearchProvider | null {
  const wanted = settings?.provider;
  for (const name of SEARCH_PROVIDERS) {
    if (wanted !== undefined && wanted !== name) continue;
    const provider = providerNamed(name, env, settings);
    if (provider) return provider;
  }
  return null;
}

/**
 * Why no provider is configured, saying what to set.
 *
 * @param settings The project config's `search` block (optional).
 */
export function noProviderReason(settings?: SearchSettings): string {
  const how: Record<SearchProviderName, string> = {
    brave: 'BRAVE_SEARCH_API_KEY',
    tavily: 'TAVILY_API_KEY',
    searxng: 'SEARXNG_URL (or search.searxngUrl in .research-draft.yaml)',
  };
  if (settings?.provider)
    return `no search provider: search.provider is ${settings.provider}; set ${how[settings.provider]}`;
  return `no search provider: set ${how.brave}, ${how.tavily} or ${how.searxng}`;
}

function providerNamed(
  name: SearchProviderName,
  env: Env,
  settings: SearchSettings | undefined,
): SearchProvider | null {
  if (name === 'brave') {
    const key = env.BRAVE_SEARCH_API_KEY?.trim();
    return key ? braveProvider(key, env.BRAVE_SEARCH_URL?.trim() || BRAVE_SEARCH_URL) : null;
  }
  if (name === 'tavily') {
    const key = env.TAVILY_API_KEY?.trim();
    return key ? tavilyProvider(key, env.TAVILY_SEARCH_URL?.trim() || TAVILY_SEARCH_URL) : null;
  }
  const base = env.SEARXNG_URL?.trim() || settings?.searxngUrl;
  return base ? searxngProvider(base) : null;
}

function braveProvider(key: string, endpoint: string): SearchProvider {
  return {
    name: 'brave',
    async search(query, limit, client) {
      const url = new URL(endpoint);
      url.searchParams.set('q', query);
      url.searchParams.set('count', String(Math.min(limit, MAX_COUNT)));
      const outcome = await client.get(url.href, 'api', null, { 'x-subscription-token': key });
      if (!outcome.ok) return { error: `brave search: ${reasonOf(outcome.error)}` };
      const data = jsonOf<BraveResponse>(outcome.response.body);
      if (!data) return { error: 'brave search: the answer is not JSON' };
      const hits: SearchHit[] = [];
      for (const result of data.web?.results ?? []) {
        // Brave marks query words with <strong>: title and description are HTML.
        const hit = hitOf(result.url, result.title, result.description, result.page_age, true);
        if (hit) hits.push(hit);
      }
      return hits.slice(0, limit);
    },
  };
}

function tavilyProvider(key: string, endpoint: string): SearchProvider {
  return {
    name: 'tavily',
    async search(query, limit, client) {
      const body = JSON.stringify({
        query,
        max_results: Math.min(limit, MAX_COUNT),
        search_depth: 'basic',
      });
      const outcome = await client.postJson(endpoint, body, { authorization: `Bearer ${key}` });
      if (!outcome.ok) return { error: `tavily search: ${reasonOf(outcome.error)}` };
      return hitsOfResults('tavily', outcome.response.body, limit);
    },
  };
}

function searxngProvider(base: string): SearchProvider {
  return {
    name: 'searxng',
    async search(query, limit, client) {
      let url: URL;
      try {
        url = new URL('search', base.endsWith('/') ? base : `${base}/`);
      } catch {
        return { error: `searxng search: the base URL ${JSON.stringify(base)} is not a URL` };
      }
      url.searchParams.set('q', query);
      url.searchParams.set('format', 'json');
      // An instance behind basic auth (`https://user:pass@host/`): the credentials go in a header,
      // which is never recorded, not in the URL that the run record and the report show.
      const headers: Record<string, string> = {};
      if (url.username || url.password) {
        const user = decodeURIComponent(url.username);
        const pass = decodeURIComponent(url.password);
        headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
        url.username = '';
        url.password = '';
      }
      const outcome = await client.get(url.href, 'api', null, headers);
      if (!outcome.ok) {
        // SearXNG refuses output formats its settings do not list (searx/webapp.py): 403.
        if (outcome.error.status === 403)
          return {
            error:
              'searxng search: HTTP 403: the instance does not serve format=json; add json to search.formats in its settings.yml',
          };
        return { error: `searxng search: ${reasonOf(outcome.error)}` };
      }
      return hitsOfResults('searxng', outcome.response.body, limit);
    },
  };
}

/** Hits of a `{"results":[{"url","title","content"}]}` answer (SearXNG, Tavily). */
function hitsOfResults(
  name: SearchProviderName,
  body: Buffer,
  limit: number,
): SearchHit[] | { error: string } {
  const data = jsonOf<ResultsResponse>(body);
  if (!data || !Array.isArray(data.results))
    return { error: `${name} search: the answer is not JSON with a results list` };
  const hits: SearchHit[] = [];
  for (const result of data.results) {
    const hit = hitOf(
      result.url,
      result.title,
      result.content,
      result.publishedDate ?? result.published_date,
      // SearXNG's content may carry markup; plain text is unchanged by the HTML reading.
      true,
    );
    if (hit) hits.push(hit);
  }
  return hits.slice(0, limit);
}

function hitOf(
  url: unknown,
  title: unknown,
  snippet: unknown,
  published: unknown,
  isHtml: boolean,
): SearchHit | null {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || !URL.canParse(url)) return null;
  const text = typeof snippet === 'string' ? titleOf(snippet, isHtml) : null;
  return {
    url: new URL(url).href,
    title: typeof title === 'string' ? titleOf(title, isHtml) : null,
    published: typeof published === 'string' ? isoDateOf(published) : null,
    snippet: text && text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS - 1)}…` : text,
  };
}

function jsonOf<T>(body: Buffer): T | null {
  try {
    const data: unknown = JSON.parse(body.toString('utf8'));
    return typeof data === 'object' && data !== null ? (data as T) : null;
  } catch {
    return null;
  }
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
 * @param settings The project config's `search` block (optional).
 */
export async function resolveSearch(
  query: string,
  limit: number | undefined,
  client: HttpClient,
  env: Env,
  settings?: SearchSettings,
): Promise<ResolveOutput> {
  const from = `search: ${query}`;
  const provider = searchProviderOf(env, settings);
  if (!provider)
    return { items: [], errors: [{ source: from, error: noProviderReason(settings) }] };
  const hits = await provider.search(query, limit ?? DEFAULT_SEARCH_LIMIT, client);
  if ('error' in hits) return { items: [], errors: [{ source: from, error: hits.error }] };
  return {
    items: unique(
      hits.map(({ url, title, published }) => ({ url, title, published, author: null, from })),
    ),
    errors: [],
  };
}
