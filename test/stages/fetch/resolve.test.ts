import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchSources, resolveSources } from '../../../src/stages/fetch/index.js';
import { contextOf, startServer, topicOf, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

const urlset = (entries: Array<[string, string?]>) =>
  `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries
    .map(
      ([loc, lastmod]) =>
        `<url><loc>${loc}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`,
    )
    .join('')}</urlset>`;

const rss = (items: Array<[string, string?]>) =>
  `<rss version="2.0"><channel><title>t</title>${items
    .map(
      ([link, date]) =>
        `<item><title>${link}</title><link>${link}</link>${date ? `<pubDate>${date}</pubDate>` : ''}</item>`,
    )
    .join('')}</channel></rss>`;

describe('sitemaps', () => {
  it('follows a sitemap index to a plain and a gzip child sitemap', async () => {
    server = await startServer((req, res) => {
      const base = `http://${req.headers.host}`;
      if (req.url === '/sitemap.xml') {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(
            `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${base}/a.xml</loc></sitemap><sitemap><loc>${base}/b.xml.gz</loc></sitemap></sitemapindex>`,
          );
      } else if (req.url === '/a.xml') {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(urlset([['https://s.example/blog/1', '2024-01-01']]));
      } else if (req.url === '/b.xml.gz') {
        res
          .writeHead(200, { 'content-type': 'application/gzip' })
          .end(
            gzipSync(
              urlset([['https://s.example/blog/2', '2024-02-01'], ['https://s.example/about']]),
            ),
          );
      } else res.writeHead(404).end();
    });
    const topic = topicOf([{ kind: 'sitemap', url: `${server.origin}/sitemap.xml` }]);
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.errors).toEqual([]);
    expect(out.items.map((i) => [i.url, i.published, i.from])).toEqual([
      ['https://s.example/blog/2', '2024-02-01T00:00:00Z', `${server.origin}/b.xml.gz`],
      ['https://s.example/blog/1', '2024-01-01T00:00:00Z', `${server.origin}/a.xml`],
      ['https://s.example/about', null, `${server.origin}/b.xml.gz`],
    ]);
  });

  it('applies include (substring or /regex/) and limit, newest lastmod first', async () => {
    server = await startServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/xml' }).end(
        urlset([
          ['https://s.example/blog/old', '2020-01-01'],
          ['https://s.example/docs/x', '2025-01-01'],
          ['https://s.example/blog/new', '2024-01-01'],
          ['https://s.example/blog/mid', '2022-01-01'],
        ]),
      ),
    );
    const url = `${server.origin}/sitemap.xml`;
    const topic = topicOf([
      { kind: 'sitemap', url, include: '/blog/', limit: 2 },
      { kind: 'sitemap', url, include: '/\\/(docs|blog)\\/o/' },
    ]);
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.items.map((i) => i.url)).toEqual([
      'https://s.example/blog/new',
      'https://s.example/blog/mid',
      'https://s.example/blog/old',
    ]);
  });

  it('reads at most 50 sitemap files per source and says so', async () => {
    server = await startServer((req, res) => {
      const host = `http://${req.headers.host}`;
      if (req.url === '/index.xml') {
        const children = Array.from(
          { length: 60 },
          (_, i) => `<sitemap><loc>${host}/child-${i}.xml</loc></sitemap>`,
        );
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(
            `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${children.join('')}</sitemapindex>`,
          );
      } else {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end(urlset([[`https://s.example${req.url}`]]));
      }
    });
    const topic = topicOf([{ kind: 'sitemap', url: `${server.origin}/index.xml` }]);
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.items).toHaveLength(49);
    expect(out.errors).toEqual([
      {
        source: `${server.origin}/index.xml`,
        error: 'sitemap index lists more than 50 sitemaps; the rest are skipped',
      },
    ]);
  });

  it('stops following nested indexes past the depth cap and says so', async () => {
    server = await startServer((req, res) => {
      const depth = Number(req.url!.match(/\d+/)?.[0] ?? 0);
      res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://${req.headers.host}/index-${depth + 1}.xml</loc></sitemap></sitemapindex>`,
        );
    });
    const topic = topicOf([{ kind: 'sitemap', url: `${server.origin}/index-0.xml` }]);
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.items).toEqual([]);
    expect(out.errors[0]?.error).toBe(
      'sitemap indexes nested deeper than 3 levels; the rest are skipped',
    );
    expect(server.requests.filter((p) => p.startsWith('/index-'))).toHaveLength(4);
  });
});

describe('feeds', () => {
  it('lists newest first, once per URL, and applies the limit per feed', async () => {
    server = await startServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          rss([
            ['https://f.example/b', 'Mon, 01 Jan 2024 00:00:00 GMT'],
            ['https://f.example/undated'],
            ['https://f.example/c', 'Mon, 01 Jul 2024 00:00:00 GMT'],
            ['https://f.example/c', 'Mon, 01 Jul 2024 00:00:00 GMT'],
            ['https://f.example/a', 'Sun, 01 Jan 2023 00:00:00 GMT'],
          ]),
        ),
    );
    const topic = topicOf([{ kind: 'feed', url: `${server.origin}/feed.xml`, limit: 3 }]);
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.items.map((i) => i.url)).toEqual([
      'https://f.example/c',
      'https://f.example/b',
      'https://f.example/a',
    ]);
  });

  it('lists an error per failing source and goes on with the others', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/html')
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><html><body>hi</body></html>');
      else if (req.url === '/missing') res.writeHead(404).end();
      else if (req.url === '/broken')
        res.writeHead(200, { 'content-type': 'application/xml' }).end('not xml at all');
      else if (req.url === '/huge')
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss(Array.from({ length: 3000 }, (_, i) => [`https://f.example/${i}`])));
      else
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss([['https://f.example/ok']]));
    });
    const o = server.origin;
    const topic = topicOf(
      ['/html', '/missing', '/broken', '/ok', '/huge'].map((p) => ({
        kind: 'feed' as const,
        url: `${o}${p}`,
      })),
      { fetch: { timeoutMs: 2_000, maxBytes: 100_000 } },
    );
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.items.map((i) => i.url)).toEqual(['https://f.example/ok']);
    expect(out.errors).toEqual([
      { source: `${o}/html`, error: 'not a feed or sitemap: <html> root element' },
      { source: `${o}/missing`, error: 'HTTP 404' },
      {
        source: `${o}/broken`,
        error: 'not a feed or sitemap: the body is not XML (starts with "not xml at all")',
      },
      { source: `${o}/huge`, error: 'over the 97.7 KB cap' },
    ]);
  });

  it('drops file: links from a remote feed', async () => {
    server = await startServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(rss([['file:///etc/passwd'], ['https://f.example/fine']])),
    );
    const topic = topicOf([{ kind: 'feed', url: `${server.origin}/feed` }]);
    const out = await resolveSources(topic.sources, contextOf(topic));
    expect(out.items.map((i) => i.url)).toEqual(['https://f.example/fine']);
  });
});

describe('file sources', () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'fetch-files-'));
    mkdirSync(join(root, 'sources'));
    writeFileSync(join(root, 'sources', 'article-1.html'), '<html><body><p>One</p></body></html>');
    writeFileSync(join(root, 'sources', 'note.md'), '# Note');
    writeFileSync(
      join(root, 'sources', 'feed.xml'),
      rss([
        ['article-1.html', 'Tue, 24 Nov 2026 10:00:00 GMT'],
        ['missing.html', 'Mon, 23 Nov 2026 10:00:00 GMT'],
      ]),
    );
    return root;
  };
  const fileSource = (root: string, path: string) => ({
    kind: 'file' as const,
    path,
    resolvedPath: join(root, path),
  });

  it('expands a local feed into local files, read at fetch time', async () => {
    const root = project();
    const topic = topicOf([
      fileSource(root, 'sources/feed.xml'),
      fileSource(root, 'sources/note.md'),
    ]);
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic, { root }));
    expect(out.items.map((i) => [i.url, i.from])).toEqual([
      [pathToFileURL(join(root, 'sources/article-1.html')).href, 'sources/feed.xml'],
      [pathToFileURL(join(root, 'sources/missing.html')).href, 'sources/feed.xml'],
      [pathToFileURL(join(root, 'sources/note.md')).href, 'sources/note.md'],
    ]);
    expect(out.documents.map((d) => [d.id, d.contentType, d.body])).toEqual([
      ['s1', 'text/html', '<html><body><p>One</p></body></html>'],
      ['s3', 'text/markdown', '# Note'],
    ]);
    expect(out.records.find((r) => r.id === 's2')?.error?.step).toBe('file');
    // Every local read is recorded, the feed file's too (sources resolve concurrently: any order).
    const reads = out.records.filter((r) => r.id === null).map((r) => [r.url, r.ok]);
    expect(reads.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      [pathToFileURL(join(root, 'sources/feed.xml')).href, true],
      [pathToFileURL(join(root, 'sources/note.md')).href, true],
    ]);
  });

  it('refuses files outside the project root, symlinks included', async () => {
    const root = project();
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'sources', 'link.txt'));
    const topic = topicOf([
      { kind: 'file', path: '../outside.txt', resolvedPath: join(outside, 'secret.txt') },
      fileSource(root, 'sources/link.txt'),
    ]);
    const out = await fetchSources({ sources: topic.sources }, contextOf(topic, { root }));
    expect(out.items).toEqual([]);
    expect(out.resolveErrors.map((e) => e.error)).toEqual([
      expect.stringMatching(/^refused: .*secret\.txt is outside the project root/),
      expect.stringMatching(/^refused: .*link\.txt is outside the project root/),
    ]);
  });
});
