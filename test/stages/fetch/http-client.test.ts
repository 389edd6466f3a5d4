import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOf } from '../../../src/stages/fetch/client-of-context.js';
import { fetchSources } from '../../../src/stages/fetch/index.js';
import type { FetchRecord } from '../../../src/stages/fetch/types.js';
import { FAST_BACKOFF, contextOf, startServer, topicOf, type TestServer } from './helpers.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

/** Fetches one page URL with the given topic fetch settings; returns the item record and output. */
async function fetchOne(url: string, fetch: Record<string, number> = {}) {
  const topic = topicOf([{ kind: 'page', url }], { fetch: { timeoutMs: 2_000, ...fetch } });
  const out = await fetchSources({ sources: topic.sources }, contextOf(topic), FAST_BACKOFF);
  const record = out.records.find((r) => r.id === 's1') as FetchRecord;
  return { out, record };
}

describe('timeouts', () => {
  it('gives up on slow headers with the step and the seconds', async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => res.end('late'), 1_500);
    });
    const { record, out } = await fetchOne(`${server.origin}/slow`, { timeoutMs: 300 });
    expect(out.documents).toHaveLength(0);
    expect(record.error).toEqual({
      step: 'headers',
      message: 'timeout after 0.3 s waiting for headers',
    });
    expect(record.attempts).toBe(1);
  });

  it('gives up on a body that drips slower than the body deadline allows', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const { record } = await fetchOne(`${server.origin}/drip`, { timeoutMs: 300 });
    expect(record.error?.step).toBe('body');
    expect(record.error?.message).toBe('timeout after 0.6 s reading the body');
  });

  it('accepts a body that drips but ends within the deadline', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      let n = 0;
      const timer = setInterval(() => {
        res.write('x');
        if (++n === 5) {
          clearInterval(timer);
          res.end();
        }
      }, 40);
    });
    const { out } = await fetchOne(`${server.origin}/drip`, { timeoutMs: 500 });
    expect(out.documents[0]?.body).toBe('xxxxx');
  });
});

describe('retries', () => {
  it('retries a 503 and succeeds on the next attempt', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
    });
    const { out, record } = await fetchOne(`${server.origin}/flaky`);
    expect(out.documents[0]?.body).toBe('<p>ok</p>');
    expect(record).toMatchObject({ ok: true, attempts: 2, status: 200 });
  });

  it('stops after 3 attempts and records the last status', async () => {
    const server = await serve((_req, res) => res.writeHead(500).end());
    const { record } = await fetchOne(`${server.origin}/broken`, { retries: 5 });
    expect(record).toMatchObject({
      ok: false,
      attempts: 3,
      status: 500,
      error: { step: 'status', message: 'HTTP 500' },
    });
    expect(server.requests.filter((p) => p === '/broken')).toHaveLength(3);
  });

  it('honours Retry-After on a 429', async () => {
    const times: number[] = [];
    const server = await serve((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    const { record } = await fetchOne(`${server.origin}/limited`);
    expect(record).toMatchObject({ ok: true, attempts: 2 });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('makes one attempt only with retries: 0', async () => {
    const server = await serve((_req, res) => res.writeHead(503).end());
    const { record } = await fetchOne(`${server.origin}/busy`, { retries: 0 });
    expect(record).toMatchObject({ attempts: 1, status: 503 });
  });

  it('does not retry a 404', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const { record } = await fetchOne(`${server.origin}/gone`);
    expect(record).toMatchObject({
      attempts: 1,
      status: 404,
      error: { step: 'status', message: 'HTTP 404' },
    });
  });

  it('retries a connection reset, then records it', async () => {
    const server = await serve((req) => req.socket.destroy());
    const { record } = await fetchOne(`${server.origin}/reset`);
    expect(record).toMatchObject({
      ok: false,
      attempts: 3,
      error: { message: 'connection reset by the server' },
    });
  });
});

describe('size cap', () => {
  it('stops an endless body at the cap while streaming', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (written < 50 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (written < 50 * 1024 * 1024) res.once('drain', pump);
      };
      pump();
    });
    const { record } = await fetchOne(`${server.origin}/endless`, { maxBytes: 100_000 });
    expect(record.error).toEqual({ step: 'body', message: 'over the 97.7 KB cap' });
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it('accepts a body of exactly the cap and refuses one byte more', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('a'.repeat(req.url === '/exact' ? 1000 : 1001));
    });
    expect((await fetchOne(`${server.origin}/exact`, { maxBytes: 1000 })).record.ok).toBe(true);
    expect(
      (await fetchOne(`${server.origin}/over`, { maxBytes: 1000 })).record.error?.message,
    ).toMatch(/^over the 1000 bytes cap/);
  });

  it('refuses a gzip bomb by its decompressed size', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000, 'a'));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb);
    });
    const { record } = await fetchOne(`${server.origin}/bomb`, { maxBytes: 100_000 });
    expect(record.error?.message).toMatch(/cap once decompressed \(gzip\)/);
  });
});

describe('content', () => {
  it('decodes gzip, deflate and brotli bodies', async () => {
    const html = '<p>compressed ünïcödé</p>';
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: brotliCompressSync,
    };
    const server = await serve((req, res) => {
      const coding = req.url!.slice(1);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-encoding': coding,
      });
      res.end(encoders[coding]!(Buffer.from(html)));
    });
    for (const coding of Object.keys(encoders)) {
      const { out } = await fetchOne(`${server.origin}/${coding}`);
      expect(out.documents[0]?.body).toBe(html);
    }
  });

  it('refuses a wrong content-type for a page', async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'image/png' }).end('png'),
    );
    const { record } = await fetchOne(`${server.origin}/image`);
    expect(record.error).toEqual({
      step: 'content-type',
      message: 'unexpected content-type image/png for a page',
    });
  });

  it('decodes legacy charsets from the header, the BOM and <meta>', async () => {
    const bodies: Record<string, [string, Buffer]> = {
      '/header': [
        'text/html; charset=windows-1252',
        Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x80]),
      ],
      '/meta': [
        'text/html',
        Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>'), Buffer.from([0xe0, 0xe7])]),
      ],
      '/sjis': ['text/html; charset=Shift_JIS', Buffer.from([0x82, 0xa0, 0x82, 0xa2])],
      '/bom': [
        'text/html; charset=iso-8859-1',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ünï')]),
      ],
    };
    const server = await serve((req, res) => {
      const [type, body] = bodies[req.url!]!;
      res.writeHead(200, { 'content-type': type }).end(body);
    });
    const bodyOf = async (path: string) =>
      (await fetchOne(`${server.origin}${path}`)).out.documents[0]?.body;
    expect(await bodyOf('/header')).toBe('“café” €');
    expect(await bodyOf('/meta')).toBe('<meta charset="iso-8859-1"><p>àç');
    expect(await bodyOf('/sjis')).toBe('あい');
    expect(await bodyOf('/bom')).toBe('ünï');
  });
});

describe('redirects', () => {
  it('follows up to 5 redirects and records the final URL', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url!.slice(1));
      if (n < 5) res.writeHead(302, { location: `/${n + 1}` }).end();
      else res.writeHead(200, { 'content-type': 'text/html' }).end('end');
    });
    const { record } = await fetchOne(`${server.origin}/0`);
    expect(record).toMatchObject({ ok: true, finalUrl: `${server.origin}/5` });
  });

  it('gives up on a redirect loop', async () => {
    const server = await serve((req, res) =>
      res.writeHead(301, { location: req.url === '/a' ? '/b' : '/a' }).end(),
    );
    const { record } = await fetchOne(`${server.origin}/a`);
    expect(record.error).toEqual({ step: 'redirect', message: 'more than 5 redirects' });
  });
});

describe('postJson (search APIs that answer POST only)', () => {
  it('sends the JSON body once and never follows a redirect with it', async () => {
    const seen: Array<{ method: string; url: string; type: string | undefined; body: string }> = [];
    const server = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body });
        if (req.url === '/moved') return void res.writeHead(307, { location: '/elsewhere' }).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[]}');
      });
    });
    const handle = clientOf(contextOf(topicOf([])));
    try {
      const ok = await handle.client.postJson(`${server.origin}/search`, '{"query":"q"}');
      expect(ok.ok && ok.response.body.toString()).toBe('{"results":[]}');
      const moved = await handle.client.postJson(`${server.origin}/moved`, '{"query":"q"}');
      expect(moved.ok).toBe(false);
      expect(moved.record.error).toEqual({
        step: 'redirect',
        message: 'HTTP 307: a redirect of an API POST is not followed',
      });
    } finally {
      await handle.close();
    }
    expect(seen).toEqual([
      { method: 'POST', url: '/search', type: 'application/json', body: '{"query":"q"}' },
      { method: 'POST', url: '/moved', type: 'application/json', body: '{"query":"q"}' },
    ]);
  });
});
