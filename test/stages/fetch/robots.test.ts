import { afterEach, describe, expect, it } from 'vitest';
import { fetchSources } from '../../../src/stages/fetch/index.js';
import { FAST_BACKOFF, contextOf, startServer, topicOf, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

const pageServer = (robots: (res: import('node:http').ServerResponse) => void) =>
  startServer(
    (req, res) => {
      if (req.url === '/robots.txt') robots(res);
      else res.writeHead(200, { 'content-type': 'text/html' }).end(`page ${req.url}`);
    },
    { robots: true },
  );

async function run(paths: string[]) {
  const topic = topicOf(
    paths.map((path) => ({ kind: 'page' as const, url: `${server!.origin}${path}` })),
  );
  return fetchSources({ sources: topic.sources }, contextOf(topic), FAST_BACKOFF);
}

describe('robots.txt', () => {
  it('is fetched once per origin and obeyed for our user agent', async () => {
    server = await pageServer((res) =>
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(
          'User-agent: research-draft-pipeline\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n',
        ),
    );
    const out = await run(['/public/a', '/private/b', '/public/c']);
    expect(out.documents.map((d) => d.id)).toEqual(['s1', 's3']);
    expect(out.records.find((r) => r.id === 's2')?.error).toEqual({
      step: 'robots',
      message: 'disallowed by robots.txt',
    });
    expect(server.requests.filter((p) => p === '/robots.txt')).toHaveLength(1);
    expect(server.requests).not.toContain('/private/b');
  });

  it('allows everything when robots.txt is a 4xx (RFC 9309 2.3.1.3)', async () => {
    server = await pageServer((res) => res.writeHead(404).end());
    const out = await run(['/a']);
    expect(out.documents).toHaveLength(1);
    // A missing robots.txt is an answer, not a failure of the run.
    expect(out.records.find((r) => r.url.endsWith('/robots.txt'))).toMatchObject({
      status: 404,
      ok: true,
    });
    expect(out.records.find((r) => r.url.endsWith('/robots.txt'))?.error).toBeUndefined();
  });

  it('disallows everything when robots.txt is a 5xx (RFC 9309 2.3.1.4)', async () => {
    server = await pageServer((res) => res.writeHead(503).end());
    const out = await run(['/a']);
    expect(out.documents).toHaveLength(0);
    expect(out.records.find((r) => r.id === 's1')?.error).toEqual({
      step: 'robots',
      message: 'disallowed: robots.txt answered HTTP 503',
    });
    expect(server.requests).not.toContain('/a');
  });

  it('honours Crawl-delay between request starts on the origin', async () => {
    const starts: number[] = [];
    server = await startServer(
      (req, res) => {
        if (req.url === '/robots.txt') {
          res
            .writeHead(200, { 'content-type': 'text/plain' })
            .end('User-agent: *\nCrawl-delay: 0.3\n');
          return;
        }
        starts.push(Date.now());
        res.writeHead(200, { 'content-type': 'text/html' }).end('x');
      },
      { robots: true },
    );
    await run(['/1', '/2', '/3']);
    expect(starts).toHaveLength(3);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(280);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(280);
  });
});
