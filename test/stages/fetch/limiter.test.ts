import { afterEach, describe, expect, it } from 'vitest';
import { fetchSources } from '../../../src/stages/fetch/index.js';
import { Limiter } from '../../../src/stages/fetch/limiter.js';
import { contextOf, startServer, topicOf, type TestServer } from './helpers.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Limiter', () => {
  it('keeps each origin at its limit and the run at the global cap, and uses all of it', async () => {
    const limiter = new Limiter(2, 5);
    let global = 0;
    let globalPeak = 0;
    const tasks = Array.from({ length: 40 }, (_, i) =>
      limiter.run(`http://o${i % 4}.test`, async () => {
        globalPeak = Math.max(globalPeak, ++global);
        await wait(10);
        global--;
      }),
    );
    await Promise.all(tasks);
    expect(globalPeak).toBe(5);
    expect([...limiter.peaks.values()]).toEqual([2, 2, 2, 2]);
  });

  it('allows one request per origin with a limit of 1', async () => {
    const limiter = new Limiter(1, 8);
    await Promise.all(
      Array.from({ length: 5 }, () => limiter.run('http://one.test', () => wait(5))),
    );
    expect(limiter.peaks.get('http://one.test')).toBe(1);
  });
});

describe('politeness in the fetch stage', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('never sends more than perOriginConcurrency requests at once to one origin', async () => {
    let inFlight = 0;
    let peak = 0;
    server = await startServer((_req, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/html' }).end('x');
      }, 50);
    });
    const sources = Array.from({ length: 10 }, (_, i) => ({
      kind: 'page' as const,
      url: `${server!.origin}/p${i}`,
    }));
    for (const perOriginConcurrency of [1, 3]) {
      peak = 0;
      const topic = topicOf(sources, { fetch: { timeoutMs: 2_000, perOriginConcurrency } });
      const out = await fetchSources({ sources }, contextOf(topic));
      expect(out.documents).toHaveLength(10);
      expect(peak).toBe(perOriginConcurrency);
    }
  });

  it('keeps the whole run at the global cap across origins', async () => {
    let inFlight = 0;
    let peak = 0;
    const handler = (_req: unknown, res: import('node:http').ServerResponse) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/html' }).end('x');
      }, 50);
    };
    const extra = await Promise.all([
      startServer(handler),
      startServer(handler),
      startServer(handler),
    ]);
    try {
      const sources = extra.flatMap((s) =>
        [1, 2, 3].map((i) => ({ kind: 'page' as const, url: `${s.origin}/p${i}` })),
      );
      const topic = topicOf(sources, {
        fetch: { timeoutMs: 2_000, perOriginConcurrency: 3, concurrency: 4 },
      });
      const out = await fetchSources({ sources }, contextOf(topic));
      expect(out.documents).toHaveLength(9);
      expect(peak).toBe(4);
    } finally {
      await Promise.all(extra.map((s) => s.close()));
    }
  });

  it('stops on abort: remaining items are recorded as aborted', async () => {
    server = await startServer((_req, res) =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('x'), 300),
    );
    const controller = new AbortController();
    const sources = [{ kind: 'page' as const, url: `${server.origin}/a` }];
    setTimeout(() => controller.abort(), 100);
    const out = await fetchSources(
      { sources },
      contextOf(topicOf(sources), { signal: controller.signal }),
    );
    expect(out.documents).toHaveLength(0);
    expect(out.records.find((r) => r.id === 's1')?.error?.step).toBe('aborted');
  });
});
