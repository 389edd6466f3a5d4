/**
 * `npm run bench:fetch`: 500 pages from 20 local origins (distinct loopback ports), each answering
 * after 100 ms. Prints pages per second, the peak concurrency each origin saw (must never exceed
 * its limit), the ratio to the ideal throughput for those limits (target >= 85%), and RSS after 50
 * vs after 500 pages (target: within 100 MB). A baseline in the same run sends the same requests
 * through plain undici with the same global concurrency and no politeness at all.
 *
 * The origins run in a child process (forked from this file), so the servers' CPU does not
 * compete with the client's event loop, and RSS is the client's alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { SourceSpec } from '../src/core/topic.js';
import { fetchSources } from '../src/stages/fetch/index.js';
// The topic and stage context the fetch tests use (loopback allowed, a temp root).
import { testContext } from '../test/helpers/context.js';
import { topicOf } from '../test/stages/fetch/helpers.js';

const ORIGINS = 20;
const PAGES = 500;
const LATENCY_MS = 100;
const PAGE = `<!doctype html><html><body>${'<p>Benchmark paragraph with some words in it.</p>'.repeat(600)}</body></html>`;

/** Child side: starts the origins, reports their URLs, counts pages and peaks. */
async function runOrigins(): Promise<void> {
  const peaks: number[] = [];
  const inFlight: number[] = [];
  let served = 0;
  const urls = await Promise.all(
    Array.from({ length: ORIGINS }, async (_, index) => {
      peaks[index] = 0;
      inFlight[index] = 0;
      const server: Server = createServer((req, res) => {
        const isPage = req.url !== '/robots.txt';
        if (isPage) peaks[index] = Math.max(peaks[index]!, ++inFlight[index]!);
        setTimeout(() => {
          if (!isPage) {
            res.writeHead(404).end();
            return;
          }
          inFlight[index]!--;
          served++;
          // The client samples its RSS when told that 50 and all pages were served.
          if (served === 50 || served === PAGES) process.send!({ served });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
        }, LATENCY_MS);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }),
  );
  process.on('message', (message: { reset?: boolean; report?: boolean }) => {
    if (message.reset) {
      served = 0;
      peaks.fill(0);
    }
    if (message.report) process.send!({ peaks: [...peaks] });
  });
  process.send!({ urls });
}

/** Plain undici, N workers, no robots, no per-origin limit: what the bare transport can do. */
async function baseline(urls: string[], workers: number): Promise<number> {
  const agent = new Agent();
  const queue = [...urls];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        const { body } = await request(url, { dispatcher: agent });
        await body.text();
      }
    }),
  );
  await agent.close();
  return (performance.now() - started) / 1000;
}

/** Asks the child for something and waits for the reply that has `key`. */
function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (reply: Record<string, unknown>) => {
      if (key in reply) {
        child.off('message', onMessage);
        resolve(reply[key] as T);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

async function stage(child: ChildProcess, urls: string[], perOrigin: number, global: number) {
  await ask(child, { reset: true, report: true }, 'peaks');
  const rssAt = new Map<number, number>();
  const onServed = (message: { served?: number }) => {
    if (message.served) rssAt.set(message.served, process.memoryUsage().rss);
  };
  child.on('message', onServed);
  const sources: SourceSpec[] = urls.map((url) => ({ kind: 'page', url }));
  const topic = topicOf(sources, {
    fetch: { perOriginConcurrency: perOrigin, concurrency: global },
  });
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'bench-fetch-'));
  const out = await fetchSources({ sources }, testContext(topic, { root }));
  const seconds = (performance.now() - started) / 1000;
  child.off('message', onServed);
  const peaks = await ask<number[]>(child, { report: true }, 'peaks');
  // Ideal: the binding limit decides how many latency rounds the pages need; whole rounds, since
  // an origin with 25 pages at 2 at a time needs 13 of them.
  const rounds = Math.max(
    Math.ceil(urls.length / global),
    Math.ceil(urls.length / ORIGINS / perOrigin),
  );
  const ideal = (rounds * LATENCY_MS) / 1000;
  // RFC 9309 needs robots.txt before an origin's first page: one more round trip.
  const idealWithRobots = ideal + LATENCY_MS / 1000;
  return {
    seconds,
    ok: out.documents.length,
    ideal,
    idealWithRobots,
    peaks,
    rss50: rssAt.get(50),
    rss500: rssAt.get(PAGES),
  };
}

async function main(): Promise<void> {
  const child = fork(process.argv[1]!, [], { env: { ...process.env, BENCH_FETCH_ORIGINS: '1' } });
  const origins = await ask<string[]>(child, {}, 'urls');
  const urls = Array.from({ length: PAGES }, (_, i) => `${origins[i % ORIGINS]!}/page-${i}.html`);
  const mb = (bytes: number | undefined) =>
    bytes === undefined ? 'n/a' : `${(bytes / 1048576).toFixed(1)} MB`;

  console.log(
    `fetch bench: ${PAGES} pages, ${ORIGINS} origins on loopback, ${LATENCY_MS} ms latency, ${(PAGE.length / 1024).toFixed(0)} KB pages\n`,
  );
  for (const [perOrigin, global] of [
    [2, 8],
    [2, 64],
  ] as const) {
    const workers = Math.min(global, ORIGINS * perOrigin);
    const bare = await baseline(urls, workers);
    const run = await stage(child, urls, perOrigin, global);
    const maxPeak = Math.max(...run.peaks);
    console.log(
      `limits: ${perOrigin} per origin, ${global} in total (ideal ${run.ideal.toFixed(2)} s = ${(PAGES / run.ideal).toFixed(0)} pages/s)`,
    );
    console.log(
      `  fetch stage: ${run.ok}/${PAGES} pages in ${run.seconds.toFixed(2)} s = ${(PAGES / run.seconds).toFixed(1)} pages/s`,
    );
    console.log(
      `  ratio to ideal: ${((100 * run.ideal) / run.seconds).toFixed(1)}% (target >= 85%); counting the robots.txt round trip (ideal ${run.idealWithRobots.toFixed(2)} s): ${((100 * run.idealWithRobots) / run.seconds).toFixed(1)}%`,
    );
    console.log(
      `  baseline (plain undici, ${workers} workers, no politeness): ${bare.toFixed(2)} s = ${(PAGES / bare).toFixed(1)} pages/s; stage/baseline throughput ${((100 * bare) / run.seconds).toFixed(1)}%`,
    );
    console.log(
      `  peak concurrency per origin: ${run.peaks.join(' ')} (max ${maxPeak}, limit ${perOrigin}: ${maxPeak <= perOrigin ? 'ok' : 'EXCEEDED'})`,
    );
    console.log(
      `  client RSS after 50 pages ${mb(run.rss50)}, after ${PAGES} ${mb(run.rss500)}, growth ${mb((run.rss500 ?? 0) - (run.rss50 ?? 0))} (target <= 100 MB)\n`,
    );
  }
  child.kill();
}

if (process.env.BENCH_FETCH_ORIGINS) await runOrigins();
else await main();
