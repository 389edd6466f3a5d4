import { afterEach, describe, expect, it } from 'vitest';
import { resolveSources } from '../../../src/stages/fetch/index.js';
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
        error: 'no search provider: set BRAVE_SEARCH_API_KEY to use search sources',
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
