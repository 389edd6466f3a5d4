import { afterEach, describe, expect, it } from 'vitest';
import { openPageFetcher, resolveSources } from '../../../src/stages/fetch/index.js';
import { noProviderReason, searchProviderOf } from '../../../src/stages/fetch/search.js';
import { contextOf, startServer, topicOf, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

describe('search sources (Brave provider)', () => {
  it('lists the hits of a query, sending the key as a header only', async () => {
    const seen: Array<{ url: string; token: string | undefined }> = [];
    server = await startServer((req, res) => {
      seen.push({
        url: req.url!,
        token: req.headers['x-subscription-token'] as string | undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          web: {
            results: [
              {
                url: 'https://a.example/post',
                title: 'Tokio <strong>2.0</strong> lands',
                page_age: '2026-11-20T08:00:00',
              },
              { url: 'ftp://b.example/file', title: 'not http' },
              { url: 'https://c.example/x', title: 'No date' },
            ],
          },
        }),
      );
    });
    const topic = topicOf([{ kind: 'search', query: 'rust async', limit: 5 }]);
    const ctx = contextOf(topic);
    ctx.env = {
      BRAVE_SEARCH_API_KEY: 'secret-key',
      BRAVE_SEARCH_URL: `${server.origin}/res/v1/web/search`,
    };
    const out = await resolveSources(topic.sources, ctx);
    expect(out).toEqual({
      items: [
        {
          url: 'https://a.example/post',
          title: 'Tokio 2.0 lands',
          published: '2026-11-20T08:00:00Z',
          author: null,
          from: 'search: rust async',
        },
        {
          url: 'https://c.example/x',
          title: 'No date',
          published: null,
          author: null,
          from: 'search: rust async',
        },
      ],
      errors: [],
    });
    expect(seen).toEqual([{ url: '/res/v1/web/search?q=rust+async&count=5', token: 'secret-key' }]);
  });

  it('says what to set when no key is configured, and names a failing provider', async () => {
    const topic = topicOf([{ kind: 'search', query: 'q' }]);
    expect((await resolveSources(topic.sources, contextOf(topic))).errors).toEqual([
      {
        source: 'search: q',
        error:
          'no search provider: set BRAVE_SEARCH_API_KEY, TAVILY_API_KEY or SEARXNG_URL (or search.searxngUrl in .research-draft.yaml)',
      },
    ]);
    server = await startServer((_req, res) => res.writeHead(401).end());
    const ctx = contextOf(topic);
    ctx.env = { BRAVE_SEARCH_API_KEY: 'bad', BRAVE_SEARCH_URL: `${server.origin}/s` };
    const out = await resolveSources(topic.sources, ctx);
    expect(out.errors).toEqual([{ source: 'search: q', error: 'brave search: HTTP 401' }]);
    expect(JSON.stringify(out)).not.toContain('bad');
  });
});

describe('search sources (SearXNG and Tavily providers)', () => {
  const results = (origin: string) => ({
    results: [
      {
        url: `${origin}/second`,
        title: 'Second <b>source</b>',
        content: 'A <b>snippet</b> of the page.',
        publishedDate: '2026-11-20T08:00:00',
      },
      { url: 'javascript:alert(1)', title: 'not http', content: 'x' },
    ],
  });

  it('SearXNG: GET <base>/search?q=...&format=json, base URL from the project config', async () => {
    const seen: string[] = [];
    server = await startServer((req, res) => {
      seen.push(req.url!);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(results(server!.origin)));
    });
    const topic = topicOf([{ kind: 'search', query: 'city heat trees' }]);
    const ctx = contextOf(topic);
    ctx.config = {
      ...ctx.config,
      search: { searxngUrl: `${server.origin}/sx/`, pricePerQueryUsd: 0 },
    };
    const out = await resolveSources(topic.sources, ctx);
    expect(out).toEqual({
      items: [
        {
          url: `${server.origin}/second`,
          title: 'Second source',
          published: '2026-11-20T08:00:00Z',
          author: null,
          from: 'search: city heat trees',
        },
      ],
      errors: [],
    });
    expect(seen).toEqual(['/sx/search?q=city+heat+trees&format=json']);
    // The provider's snippet is kept for the agent's search_web results (plain text).
    const provider = searchProviderOf({}, ctx.config.search);
    expect(provider?.name).toBe('searxng');
  });

  it('SearXNG: a 403 (json not enabled in settings.yml) is a clear source error', async () => {
    server = await startServer((_req, res) => res.writeHead(403).end('Forbidden'));
    const topic = topicOf([{ kind: 'search', query: 'q' }]);
    const ctx = contextOf(topic);
    ctx.env = { SEARXNG_URL: server.origin };
    expect((await resolveSources(topic.sources, ctx)).errors).toEqual([
      {
        source: 'search: q',
        error:
          'searxng search: HTTP 403: the instance does not serve format=json; add json to search.formats in its settings.yml',
      },
    ]);
  });

  it('SearXNG behind basic auth: the credentials of SEARXNG_URL go in a header, never in the records', async () => {
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    server = await startServer((req, res) => {
      seen.push({ url: req.url!, auth: req.headers.authorization });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(results(server!.origin)));
    });
    const ctx = contextOf(topicOf([{ kind: 'search', query: 'heat' }]));
    ctx.env = { SEARXNG_URL: server.origin.replace('http://', 'http://editor:s%40cret-42@') };
    const fetcher = openPageFetcher(ctx);
    try {
      expect(await fetcher.search('heat', 3)).toMatchObject({
        hits: [{ url: `${server.origin}/second` }],
      });
      expect(JSON.stringify(fetcher.records)).not.toContain('cret-42');
      expect(JSON.stringify(fetcher.records)).not.toContain('editor');
    } finally {
      await fetcher.close();
    }
    expect(seen).toEqual([
      {
        url: '/search?q=heat&format=json',
        auth: `Basic ${Buffer.from('editor:s@cret-42').toString('base64')}`,
      },
    ]);
  });

  it('Tavily: POST JSON with the key as a Bearer header, never in the URL or the records', async () => {
    const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];
    server = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(results(server!.origin)));
      });
    });
    const topic = topicOf([{ kind: 'search', query: 'heat', limit: 3 }]);
    const ctx = contextOf(topic);
    ctx.env = { TAVILY_API_KEY: 'tvly-secret-123', TAVILY_SEARCH_URL: `${server.origin}/search` };
    const fetcher = openPageFetcher(ctx);
    try {
      const out = await fetcher.search('heat', 3);
      expect(out).toEqual({
        hits: [
          {
            url: `${server.origin}/second`,
            title: 'Second source',
            published: '2026-11-20T08:00:00Z',
            snippet: 'A snippet of the page.',
          },
        ],
      });
      expect(fetcher.provider).toBe('tavily');
      expect(JSON.stringify(fetcher.records)).not.toContain('tvly-secret-123');
    } finally {
      await fetcher.close();
    }
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/search',
        auth: 'Bearer tvly-secret-123',
        body: JSON.stringify({ query: 'heat', max_results: 3, search_depth: 'basic' }),
      },
    ]);
  });

  it('chooses the configured provider, else the first with a key', () => {
    const env = {
      BRAVE_SEARCH_API_KEY: 'b',
      TAVILY_API_KEY: 't',
      SEARXNG_URL: 'http://127.0.0.1:1',
    };
    expect(searchProviderOf(env)?.name).toBe('brave');
    expect(searchProviderOf(env, { provider: 'searxng', pricePerQueryUsd: 0 })?.name).toBe(
      'searxng',
    );
    expect(
      searchProviderOf({ BRAVE_SEARCH_API_KEY: 'b' }, { provider: 'tavily', pricePerQueryUsd: 0 }),
    ).toBeNull();
    expect(noProviderReason({ provider: 'tavily', pricePerQueryUsd: 0 })).toBe(
      'no search provider: search.provider is tavily; set TAVILY_API_KEY',
    );
  });
});
