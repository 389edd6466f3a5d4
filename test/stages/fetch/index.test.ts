/**
 * The issue-4 acceptance scenario at the fetch stage: a feed on three loopback origins lists good
 * pages, a robots-disallowed page, and items that are slow, endless, flaky, gone and reset.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSources } from '../../../src/stages/fetch/index.js';
import {
  contextOf,
  countingConcurrency,
  startServer,
  topicOf,
  type Handler,
  type TestServer,
} from './helpers.js';

let a: TestServer, b: TestServer, c: TestServer;
const peaks = new Map<string, number>();
const counted = (name: string, handler: Handler) => countingConcurrency(peaks, name, handler);
let flakyCalls = 0;

const page = (res: ServerResponse, text: string) =>
  setTimeout(
    () =>
      res
        .writeHead(200, { 'content-type': 'text/html', etag: `"${text.length}"` })
        .end(`<p>${text}</p>`),
    30,
  );

beforeAll(async () => {
  a = await startServer(
    counted('a', (req, res) => {
      if (req.url === '/robots.txt')
        return void res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end('User-agent: *\nDisallow: /private/\n');
      if (req.headers['if-none-match']) return void res.writeHead(304).end();
      if (req.url === '/feed.xml') {
        const items = [
          `${a.origin}/one`,
          `${a.origin}/two`,
          `${a.origin}/three`,
          `${a.origin}/private/secret`,
          `${a.origin}/slow`,
          `${a.origin}/endless`,
          `${b.origin}/copy-of-one`,
          `${b.origin}/flaky`,
          `${b.origin}/gone`,
          `${c.origin}/reset`,
          `${c.origin}/four`,
        ];
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"feed"' })
          .end(
            `<rss version="2.0"><channel>${items.map((u) => `<item><title>${u}</title><link>${u}</link></item>`).join('')}</channel></rss>`,
          );
      }
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3_000);
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('x'.repeat(64 * 1024)), 5);
        return void res.on('close', () => clearInterval(timer));
      }
      page(res, `page ${req.url}`);
    }),
    { robots: true },
  );
  b = await startServer(
    counted('b', (req, res) => {
      if (req.headers['if-none-match']) return void res.writeHead(304).end();
      if (req.url === '/flaky' && ++flakyCalls <= 2)
        return void res.writeHead(503, { 'retry-after': '1' }).end();
      if (req.url === '/gone') return void res.writeHead(410).end();
      page(res, `page ${req.url}`);
    }),
  );
  c = await startServer(
    counted('c', (req, res) => {
      if (req.url === '/reset') return void req.socket.destroy();
      if (req.headers['if-none-match']) return void res.writeHead(304).end();
      page(res, `page ${req.url}`);
    }),
  );
});
afterAll(async () => Promise.all([a, b, c].map((s) => s.close())));

describe('fetch stage acceptance (issue 4)', () => {
  const feedTopic = (allowPrivateNetwork: boolean) =>
    topicOf([{ kind: 'feed', url: `${a.origin}/feed.xml` }], {
      allowPrivateNetwork,
      fetch: { timeoutMs: 500, maxBytes: 256 * 1024 },
    });

  it('fetches what it may, names every failure, stays polite, and revalidates on rerun', async () => {
    const topic = feedTopic(true);
    const ctx = contextOf(topic);
    const started = Date.now();
    const out = await fetchSources({ sources: topic.sources }, ctx, {
      backoff: { baseMs: 50, maxMs: 1_500 },
    });
    const elapsedMs = Date.now() - started;

    expect(out.items).toHaveLength(11);
    const byUrl = new Map(
      out.records
        .filter((r) => r.id)
        .map((r) => [r.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), r]),
    );
    expect(out.documents.map((d) => new URL(d.url).pathname)).toEqual([
      '/one',
      '/two',
      '/three',
      '/copy-of-one',
      '/flaky',
      '/four',
    ]);
    expect(byUrl.get('/private/secret')?.error).toEqual({
      step: 'robots',
      message: 'disallowed by robots.txt',
    });
    expect(byUrl.get('/slow')?.error).toEqual({
      step: 'headers',
      message: 'timeout after 0.5 s waiting for headers',
    });
    expect(byUrl.get('/endless')?.error).toEqual({ step: 'body', message: 'over the 256 KB cap' });
    expect(byUrl.get('/flaky')).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(byUrl.get('/gone')?.error).toEqual({ step: 'status', message: 'HTTP 410' });
    expect(byUrl.get('/reset')?.error?.message).toBe('connection reset by the server');
    expect(a.requests).not.toContain('/private/secret');
    expect([...peaks.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(Math.max(...peaks.values())).toBeLessThanOrEqual(2);
    // Slowest timeout 0.5 s, two Retry-After waits of 1 s: well within a few seconds.
    expect(elapsedMs).toBeLessThan(6_000);

    const rerun = await fetchSources({ sources: topic.sources }, ctx);
    const revalidated = rerun.records.filter((r) => r.fromCache);
    expect(revalidated.map((r) => new URL(r.url).pathname).sort()).toEqual([
      '/copy-of-one',
      '/feed.xml',
      '/flaky',
      '/four',
      '/one',
      '/three',
      '/two',
    ]);
    expect(revalidated.every((r) => r.status === 304)).toBe(true);
  });

  it('with allowPrivateNetwork false sends no request at all and says why', async () => {
    const before = [a, b, c].map((s) => s.requests.length);
    const topic = feedTopic(false);
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic));
    expect(out.items).toEqual([]);
    expect(out.resolveErrors).toEqual([
      { source: `${a.origin}/feed.xml`, error: 'refused: 127.0.0.1 is a loopback address' },
    ]);
    expect([a, b, c].map((s) => s.requests.length)).toEqual(before);
  });
});
