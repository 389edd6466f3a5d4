import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpCache } from '../../../src/stages/fetch/http-cache.js';
import { fetchSources } from '../../../src/stages/fetch/index.js';
import { contextOf, startServer, topicOf, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

describe('conditional-GET cache', () => {
  it('revalidates with If-None-Match and reuses the cached body on 304', async () => {
    const conditional: Array<string | undefined> = [];
    server = await startServer((req, res) => {
      conditional.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else
        res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end('<p>first body</p>');
    });
    const topic = topicOf([{ kind: 'page', url: `${server.origin}/page` }]);
    const ctx = contextOf(topic);
    const first = await fetchSources({ sources: topic.sources }, ctx);
    const second = await fetchSources({ sources: topic.sources }, ctx);
    expect(conditional).toEqual([undefined, '"v1"']);
    expect(first.records.find((r) => r.id === 's1')).toMatchObject({
      status: 200,
      fromCache: false,
    });
    expect(second.records.find((r) => r.id === 's1')).toMatchObject({
      status: 304,
      fromCache: true,
      ok: true,
    });
    expect(second.documents[0]?.body).toBe('<p>first body</p>');
  });

  it('sends If-Modified-Since, and is safe to delete', async () => {
    const seen: Array<string | undefined> = [];
    server = await startServer((req, res) => {
      seen.push(req.headers['if-modified-since']);
      res
        .writeHead(200, {
          'content-type': 'text/html',
          'last-modified': 'Wed, 25 Nov 2026 10:00:00 GMT',
        })
        .end('x');
    });
    const topic = topicOf([{ kind: 'page', url: `${server.origin}/p` }]);
    const ctx = contextOf(topic);
    await fetchSources({ sources: topic.sources }, ctx);
    await fetchSources({ sources: topic.sources }, ctx);
    rmSync(join(ctx.cacheDir, 'http'), { recursive: true, force: true });
    const third = await fetchSources({ sources: topic.sources }, ctx);
    expect(seen).toEqual([undefined, 'Wed, 25 Nov 2026 10:00:00 GMT', undefined]);
    expect(third.documents[0]?.body).toBe('x');
  });

  it('does not store responses without a validator', async () => {
    const cache = new HttpCache(contextOf(topicOf([])).cacheDir);
    cache.put({
      url: 'https://x.example/',
      etag: null,
      lastModified: null,
      contentType: 'text/html',
      body: Buffer.from('a'),
    });
    cache.put({
      url: 'https://y.example/',
      etag: '"e"',
      lastModified: null,
      contentType: 'text/html',
      body: Buffer.from('b\nc'),
    });
    expect(await cache.get('https://x.example/')).toBeNull();
    expect((await cache.get('https://y.example/'))?.body.toString()).toBe('b\nc');
  });

  it('replaces whole entries: many writers of one URL leave one consistent entry', async () => {
    const dir = contextOf(topicOf([])).cacheDir;
    const writers = Array.from({ length: 20 }, () => new HttpCache(dir));
    writers.forEach((cache, i) =>
      cache.put({
        url: 'https://same.example/',
        etag: `"${i}"`,
        lastModified: null,
        contentType: null,
        body: Buffer.from(`body ${i}`),
      }),
    );
    const entry = await new HttpCache(dir).get('https://same.example/');
    expect(entry?.body.toString()).toBe(`body ${entry?.etag?.replace(/"/g, '')}`);
  });
});
