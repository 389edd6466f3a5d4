/**
 * The issue-4 acceptance run, end to end: a feed on three loopback origins lists real pages, a
 * syndicated copy, a robots-disallowed page, and items that are slow, endless, flaky, gone and
 * reset. The whole pipeline must draft from what it may fetch and name every failure.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../src/core/errors.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';
import {
  countingConcurrency,
  startServer,
  type Handler,
  type TestServer,
} from '../stages/fetch/helpers.js';

const PAGES: Record<string, string> = {
  '/one': 'tree-canopy-heat-study.html',
  '/copy-of-one': 'syndicated-tree-canopy-heat-study.html',
  '/two': 'shade-streets-program.html',
  '/three': 'tree-planting-costs-budget.html',
  '/flaky': 'tree-protection-ordinance-2026.html',
  '/four': 'canopy-limits-criticism.html',
};
const html = (path: string) =>
  readFileSync(join(REPO_ROOT, 'pipelines', 'example', PAGES[path]!), 'utf8');

let a: TestServer, b: TestServer, c: TestServer;
const peaks = new Map<string, number>();
const counted = (name: string, handler: Handler) => countingConcurrency(peaks, name, handler);
let flakyCalls = 0;

function page(req: IncomingMessage, res: ServerResponse): void {
  const etag = `"${req.url}-v1"`;
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
  setTimeout(
    () =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(html(req.url!)),
    20,
  );
}

beforeAll(async () => {
  a = await startServer(
    counted('a', (req, res) => {
      if (req.url === '/robots.txt')
        return void res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end('User-agent: *\nDisallow: /private/\n');
      if (req.url === '/feed.xml') {
        if (req.headers['if-none-match'] === '"feed"')
          return void res.writeHead(304, { etag: '"feed"' }).end();
        const links = ['/one', '/two', '/three', '/private/secret', '/slow', '/endless'].map(
          (p) => a.origin + p,
        );
        links.push(
          ...['/copy-of-one', '/flaky', '/gone'].map((p) => b.origin + p),
          ...['/reset', '/four'].map((p) => c.origin + p),
        );
        const items = links
          .map((link) => `<item><title>${link}</title><link>${link}</link></item>`)
          .join('');
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"feed"' })
          .end(`<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`);
      }
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 4_000);
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('<p>more</p>'.repeat(4096)), 5);
        return void res.on('close', () => clearInterval(timer));
      }
      page(req, res);
    }),
    { robots: true },
  );
  b = await startServer(
    counted('b', (req, res) => {
      if (req.url === '/flaky' && ++flakyCalls <= 2)
        return void res.writeHead(503, { 'retry-after': '1' }).end();
      if (req.url === '/gone') return void res.writeHead(410).end();
      page(req, res);
    }),
  );
  c = await startServer(
    counted('c', (req, res) => {
      if (req.url === '/reset') return void req.socket.destroy();
      page(req, res);
    }),
  );
});
afterAll(async () => Promise.all([a, b, c].map((server) => server.close())));

function project(allowPrivateNetwork: boolean): string {
  const root = copyExample();
  writeFileSync(
    join(root, 'pipelines', 'net.yaml'),
    `title: City heat and urban tree canopy in Kellerton
description: Street trees, heat and health in Kellerton.
sources:
  - feed: ${a.origin}/feed.xml
allowPrivateNetwork: ${allowPrivateNetwork}
fetch: { timeoutMs: 1000, maxBytes: 262144 }
done: { minWords: 250, sections: [Background, What changed, What it means], minSources: 3 }
engine: offline
`,
  );
  return root;
}

const run = (root: string) =>
  runTopic({
    topic: loadTopic('net', join(root, 'pipelines')),
    engine: createOfflineEngine(),
    root,
    logger: SILENT_LOGGER,
    env: {},
  });

describe('a run over misbehaving loopback origins (issue 4 acceptance)', () => {
  it('drafts from what it may fetch, names every failure, stays polite, and revalidates on rerun', async () => {
    const root = project(true);
    const started = Date.now();
    const record = await run(root);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(record.outcome).toBe('drafted');
    expect(a.requests).not.toContain('/private/secret');
    expect([...peaks.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(Math.max(...peaks.values())).toBeLessThanOrEqual(2);
    const row = (path: string) => record.sources.find((source) => source.url.endsWith(path))!;
    expect(row('/flaky')).toMatchObject({ attempts: 3, httpStatus: 200 });
    expect(row('/flaky').status).not.toBe('failed');
    for (const path of ['/private/secret', '/slow', '/endless', '/gone', '/reset'])
      expect(row(path).status).toBe('failed');
    expect(record.details.drops.map((drop) => drop.reason)).toContain('duplicate-of-source');
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain('disallowed by robots.txt');
    expect(report).toContain('timeout after 1 s waiting for headers');
    expect(report).toContain('over the 256 KB cap');
    expect(report).toContain('HTTP 410');
    expect(report).toContain('connection reset');

    const rerun = await run(root);
    expect(rerun.outcome).toBe('nothing-new');
    const revalidated = rerun.details.fetches.filter((fetch) => fetch.fromCache);
    expect(revalidated.length).toBeGreaterThanOrEqual(6);
    expect(revalidated.every((fetch) => fetch.status === 304)).toBe(true);
  });

  it('with allowPrivateNetwork: false sends no request at all and says why', async () => {
    const before = [a, b, c].map((server) => server.requests.length);
    const root = project(false);
    await expect(run(root)).rejects.toThrow(PipelineError);
    expect([a, b, c].map((server) => server.requests.length)).toEqual(before);
    const [runId] = readdirSync(join(root, '.pipeline', 'runs'));
    const report = readFileSync(join(root, '.pipeline', 'runs', runId!, 'report.md'), 'utf8');
    expect(report).toContain('refused: 127.0.0.1 is a loopback address');
  });
});
