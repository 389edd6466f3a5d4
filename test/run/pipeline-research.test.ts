/**
 * Issue 23 acceptance: the Claude agent searches the web and adds sources through the run's own
 * guarded fetch, against local stand-ins only: a SearXNG-shaped (and a Tavily-shaped) JSON server,
 * loopback article pages, and a Messages API stand-in scripted to call search_web, add_sources and
 * submit_draft.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkOptions } from '../../src/core/context.js';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { createLogger } from '../../src/core/logger.js';
import type { RunRecord } from '../../src/core/run-record.js';
import { loadTopic } from '../../src/core/topic.js';
import { createClaudeEngine } from '../../src/engines/claude/index.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import {
  API_KEY,
  messageReply,
  startMockApi,
  toolUse,
  type MockApi,
  type Recorded,
  type Reply,
} from '../engines/claude/helpers.js';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';
import { startServer, type TestServer } from '../stages/fetch/helpers.js';

const PAGES: Record<string, string> = {
  '/one': 'tree-canopy-heat-study.html',
  '/two': 'shade-streets-program.html',
  '/three': 'tree-planting-costs-budget.html',
  // Already published in content/posts/ (2026-07-09-shade-as-public-health-kellerton.md).
  '/dup': 'heat-health-canopy.html',
};

/** Requests the pages server saw: path and Host header. */
interface Seen {
  path: string;
  host: string;
}

let servers: TestServer[] = [];
let api: MockApi | undefined;
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  await api?.close();
  api = undefined;
});

async function pagesServer(seen: Seen[]): Promise<TestServer> {
  const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ path: req.url ?? '', host: req.headers.host ?? '' });
    const file = PAGES[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(readFileSync(join(REPO_ROOT, 'pipelines', 'example', file), 'utf8'));
  });
  servers.push(server);
  return server;
}

/** A SearXNG-shaped server: `GET /search?q=...&format=json` answers the given result URLs. */
async function searxServer(urls: string[], queries: string[]): Promise<TestServer> {
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/search') return void res.writeHead(404).end();
    if (url.searchParams.get('format') !== 'json') return void res.writeHead(403).end();
    queries.push(url.searchParams.get('q') ?? '');
    const results = urls.map((u, i) => ({
      url: u,
      title: `Result ${i + 1}`,
      content: `Snippet ${i + 1} about Kellerton trees.`,
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
  });
  servers.push(server);
  return server;
}

type Step =
  { search: string } | { add: string[] } | { submit: (added: string[]) => Record<string, unknown> };

const sentence = (text: string, cite: string[]) => ({ text, cite });
const S1 =
  'Streets with dense tree canopy in Kellerton were on average 3.1 °C cooler on summer afternoons than streets with little or no canopy.';
const S2 =
  'Five years later, the Parks and Forestry Department says crews and volunteers have put 18,500 trees in the ground, a little under a third of the target.';

/** A draft citing s1, and the added source when there is one. */
function draftCiting(added: string[]): Record<string, unknown> {
  const second = added[0];
  return {
    title: 'Kellerton counts on street trees against summer heat',
    description: 'What the sensor study and the planting programme say.',
    sections: [
      { heading: 'Background', paragraphs: [{ sentences: [sentence(S1, ['s1'])] }] },
      {
        heading: 'What changed',
        paragraphs: [{ sentences: [sentence(second ? S2 : S1, [second ?? 's1'])] }],
      },
      { heading: 'What it means', paragraphs: [{ sentences: [sentence(S1, ['s1'])] }] },
    ],
  };
}

/** Ids the pipeline said it added, from the add_sources results in a conversation. */
function addedIdsOf(request: Recorded): string[] {
  const ids: string[] = [];
  for (const message of request.body.messages)
    for (const block of message.content)
      if (block.type === 'tool_result') {
        const text = typeof block.content === 'string' ? block.content : '';
        const match = /Added \d+ source\(s\): ([s\d, ]+)\./.exec(text);
        if (match) ids.push(...match[1]!.split(', '));
      }
  return ids;
}

const isCritic = (request: Recorded) =>
  request.body.tools.some((tool) => tool.name === 'report_findings');
const isRevision = (request: Recorded) =>
  (request.body.messages[0]?.content ?? []).some((b) => b.text?.includes('A reviewer checked'));

/**
 * The scripted agent: in a draft (or revision) conversation, turn n takes step n of its plan;
 * the critic finds nothing. A revision without a plan resubmits the previous draft.
 */
function scripted(plan: { draft: Step[]; revise?: Step[] }) {
  return (request: Recorded): Reply => {
    if (isCritic(request)) return messageReply([toolUse('report_findings', { findings: [] })]);
    const steps = isRevision(request) ? (plan.revise ?? [{ submit: draftCiting }]) : plan.draft;
    const turn = request.body.messages.filter((m) => m.role === 'assistant').length;
    const step = steps[Math.min(turn, steps.length - 1)]!;
    if ('search' in step) return messageReply([toolUse('search_web', { query: step.search })]);
    if ('add' in step) return messageReply([toolUse('add_sources', { urls: step.add })]);
    return messageReply([toolUse('submit_draft', step.submit(addedIdsOf(request)))]);
  };
}

/** Writes the topic file and runs it with the Claude engine against the stand-in. */
async function runResearch(options: {
  pagesOrigin: string;
  research: string;
  env: Record<string, string>;
  extra?: string;
  net?: NetworkOptions;
  config?: string;
  budgetUsd?: number;
  offline?: boolean;
}): Promise<{ record: RunRecord; root: string; logs: string[] }> {
  const root = copyExample();
  if (options.config) writeFileSync(join(root, '.research-draft.yaml'), options.config);
  writeFileSync(
    join(root, 'pipelines', 'research.yaml'),
    [
      'title: City heat and urban tree canopy in Kellerton',
      'description: How street trees cool Kellerton.',
      'sources:',
      `  - page: ${options.pagesOrigin}/one`,
      options.extra ?? 'allowPrivateNetwork: true',
      'done: { minWords: 0, minSources: 2, sections: [Background, What changed, What it means] }',
      `budget: { usd: ${options.budgetUsd ?? 1} }`,
      'engine: claude',
      `research: ${options.research}`,
      'fetch: { timeoutMs: 2000, retries: 0 }',
      '',
    ].join('\n'),
  );
  const logs: string[] = [];
  const topic = loadTopic('research', join(root, 'pipelines'));
  const engine = options.offline
    ? createOfflineEngine()
    : createClaudeEngine({ apiKey: API_KEY, baseURL: api!.baseURL, maxRetries: 0 });
  const record = await runTopic({
    topic,
    engine,
    root,
    logger: createLogger('debug', (line) => logs.push(line)),
    progress: (line) => logs.push(line),
    env: { ANTHROPIC_API_KEY: API_KEY, ...options.env },
    ...(options.net ? { net: options.net } : {}),
  });
  return { record, root, logs };
}

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

const reportOf = (root: string, record: RunRecord) =>
  readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');

describe('web research by the Claude agent (issue 23)', () => {
  it('drafts from one listed source and a second found by search, cited and reported with its query; a published copy is dropped, a metadata address refused', async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    const queries: string[] = [];
    const metadata = 'http://169.254.169.254/latest/meta-data/';
    const searx = await searxServer(
      [`${pages.origin}/two`, `${pages.origin}/dup`, metadata],
      queries,
    );
    api = await startMockApi(
      Array.from({ length: 12 }, () =>
        scripted({
          draft: [
            { search: 'Kellerton Shade Streets trees planted' },
            { add: [`${pages.origin}/two`, `${pages.origin}/dup`, metadata] },
            { submit: draftCiting },
          ],
        }),
      ),
    );
    const { record, root } = await runResearch({
      pagesOrigin: pages.origin,
      research: '{ maxQueries: 2, maxNewSources: 3 }',
      env: { SEARXNG_URL: searx.origin },
      config: 'search: { pricePerQueryUsd: 0.01 }\n',
    });
    expect(record.outcome).toBe('drafted');
    expect(queries).toEqual(['Kellerton Shade Streets trees planted']);
    // The tools were offered to the drafting conversation.
    expect(api.requests[0]!.body.tools.map((t) => t.name)).toContain('search_web');
    expect(api.requests[0]!.body.tools.map((t) => t.name)).toContain('add_sources');

    const research = record.details.research!;
    expect(research.queries).toEqual([
      {
        step: 'draft',
        query: 'Kellerton Shade Streets trees planted',
        provider: 'searxng',
        made: true,
        results: 3,
        costUsd: 0.01,
        error: null,
      },
    ]);
    const byUrl = new Map(research.sources.map((s) => [s.url, s]));
    expect(byUrl.get(`${pages.origin}/two`)).toMatchObject({ outcome: 'added', id: 's2' });
    expect(byUrl.get(`${pages.origin}/dup`)).toMatchObject({ outcome: 'dropped', id: 's3' });
    expect(byUrl.get(`${pages.origin}/dup`)!.reason).toMatch(/^duplicate-of-corpus: posts\//);
    expect(byUrl.get(metadata)).toMatchObject({ outcome: 'failed', id: 's4' });
    expect(byUrl.get(metadata)!.reason).toMatch(/^address: refused: 169\.254\.169\.254/);
    expect(record.details.drops.map((d) => [d.id, d.reason])).toContainEqual([
      's3',
      'duplicate-of-corpus',
    ]);

    // The draft cites both sources; the added one is in its frontmatter with its URL.
    const { data } = splitFrontmatter(readFileSync(join(root, record.draft!.path), 'utf8'));
    const sources = data.sources as Array<{ id: string; url: string }>;
    expect(sources.map((s) => [s.id, s.url])).toEqual([
      ['s1', `${pages.origin}/one`],
      ['s2', `${pages.origin}/two`],
    ]);
    expect(record.sources.find((s) => s.id === 's2')).toMatchObject({ status: 'cited' });
    // The search's price is in the draft's cost.
    expect((data.cost as { usd: number }).usd).toBeGreaterThanOrEqual(0.01);
    // ...and in the run's cost ledger line, booked as the `search` stage (issue 20's ledger sums
    // must equal the drafts' `cost`).
    const ledger = readFileSync(
      join(root, '.research-draft', 'costs', `${record.startedAt.slice(0, 7)}.jsonl`),
      'utf8',
    );
    const line = ledger
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { runId: string; usd: number; byStage: object })
      .find((entry) => entry.runId === record.runId)!;
    expect(line.byStage).toMatchObject({ search: 0.01 });
    expect(line.usd).toBeCloseTo((data.cost as { usd: number }).usd, 9);
    expect(existsSync(join(root, '.pipeline', 'runs', record.runId, 'sources', 's2.md'))).toBe(
      true,
    );

    const report = reportOf(root, record);
    expect(report).toContain('## Research');
    expect(report).toContain(
      '| draft | Kellerton Shade Streets trees planted | searxng | 3 | $0.0100 |',
    );
    expect(report).toContain(
      `| draft | ${pages.origin}/two | Kellerton Shade Streets trees planted | added | s2 |`,
    );
    expect(report).toMatch(/\| dropped \| s3 \| duplicate-of-corpus: posts\//);
    // Nothing was ever sent to the metadata address: the pages server saw only /one, /two, /dup.
    expect(pages.requests.filter((p) => p !== '/robots.txt').sort()).toEqual([
      '/dup',
      '/one',
      '/two',
    ]);
  });

  it('refuses private and metadata targets, by name or literal, with zero requests to them (allowPrivateNetwork false)', async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    const queries: string[] = [];
    const results = [
      'http://intranet.test/one',
      'http://metadata.test/latest/meta-data/',
      'http://10.0.0.7/one',
      'http://169.254.169.254/latest/meta-data/',
      'http://news.test/two',
    ];
    const searx = await searxServer(results, queries);
    // Public names for the stand-ins; private and link-local ones for the targets that must be
    // refused. Whatever the dispatcher is asked to connect to lands on a loopback server, so a
    // request that slipped past the guard would be seen there, with its Host header.
    const addresses: Record<string, string> = {
      'news.test': '93.184.216.34',
      'search.test': '93.184.216.35',
      'intranet.test': '10.0.0.7',
      'metadata.test': '169.254.169.254',
    };
    const dispatcher = new Agent({
      connect: (opts, callback) => {
        const port = opts.hostname === 'search.test' ? searx.port : pages.port;
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => callback(null, socket));
        socket.once('error', (error) => callback(error, null));
      },
    });
    const net: NetworkOptions = {
      dispatcher,
      lookup: (hostname) =>
        Promise.resolve([{ address: addresses[hostname] ?? '198.51.100.1', family: 4 }]),
    };
    api = await startMockApi(
      Array.from({ length: 12 }, () =>
        scripted({
          draft: [{ search: 'Kellerton trees' }, { add: results }, { submit: draftCiting }],
        }),
      ),
    );
    try {
      const { record } = await runResearch({
        pagesOrigin: 'http://news.test',
        research: '{ maxQueries: 1, maxNewSources: 5 }',
        env: { SEARXNG_URL: `http://search.test:${searx.port}` },
        extra: 'allowPrivateNetwork: false',
        net,
      });
      expect(record.outcome).toBe('drafted');
      expect(queries).toEqual(['Kellerton trees']);
      const outcomes = record.details.research!.sources.map((s) => [s.url, s.outcome]);
      expect(outcomes).toEqual([
        ['http://intranet.test/one', 'failed'],
        ['http://metadata.test/latest/meta-data/', 'failed'],
        ['http://10.0.0.7/one', 'failed'],
        ['http://169.254.169.254/latest/meta-data/', 'failed'],
        ['http://news.test/two', 'added'],
      ]);
      for (const source of record.details.research!.sources.slice(0, 4))
        expect(source.reason).toMatch(/^address: refused: (10\.0\.0\.7|169\.254\.169\.254)/);
      // Zero requests to a refused target: every request that reached a server was for news.test.
      expect(new Set(seen.map((s) => s.host))).toEqual(new Set([`news.test`]));
      // robots.txt included (answered before the handler): only news.test's, once per client.
      expect(pages.requests.filter((p) => p !== '/robots.txt').sort()).toEqual(['/one', '/two']);
      expect(seen).toHaveLength(2);
    } finally {
      await dispatcher.destroy();
    }
  });

  it('holds maxQueries and maxNewSources, and keeps the Tavily key out of every file and log', async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    const key = 'tvly-TOPSECRET-0042';
    const tavily: Array<{ auth: string | undefined; body: string }> = [];
    const server = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        tavily.push({ auth: req.headers.authorization, body });
        const results = ['/two', '/three'].map((p) => ({
          url: `${pages.origin}${p}`,
          title: p,
          content: 'snippet',
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      });
    });
    servers.push(server);
    api = await startMockApi(
      Array.from({ length: 12 }, () =>
        scripted({
          draft: [
            { search: 'first query' },
            { search: 'second query' },
            { add: [`${pages.origin}/two`, `${pages.origin}/three`] },
            { add: [`${pages.origin}/three`] },
            { add: ['https://made-up.example/page'] },
            { submit: draftCiting },
          ],
        }),
      ),
    );
    const { record, root, logs } = await runResearch({
      pagesOrigin: pages.origin,
      research: '{ maxQueries: 1, maxNewSources: 1 }',
      env: { TAVILY_API_KEY: key, TAVILY_SEARCH_URL: `${server.origin}/search` },
    });
    expect(record.outcome).toBe('drafted');
    const research = record.details.research!;
    expect(research.provider).toBe('tavily');
    expect(tavily).toHaveLength(1);
    expect(tavily[0]!.auth).toBe(`Bearer ${key}`);
    expect(research.queries.map((q) => [q.query, q.made, q.error])).toEqual([
      ['first query', true, null],
      ['second query', false, 'maxQueries 1 reached'],
    ]);
    expect(research.sources.map((s) => [s.url, s.outcome, s.reason])).toEqual([
      [`${pages.origin}/two`, 'added', ''],
      [`${pages.origin}/three`, 'refused', 'maxNewSources 1 reached'],
      [`${pages.origin}/three`, 'refused', 'maxNewSources 1 reached'],
      ['https://made-up.example/page', 'refused', 'not a search_web result of this run'],
    ]);
    // /three was never fetched.
    expect(seen.map((s) => s.path)).not.toContain('/three');
    // The refusal went back to the model as the tool result.
    const last = api.requests.filter((r) => !isCritic(r)).at(-1)!;
    expect(JSON.stringify(last.body.messages)).toContain('not a search_web result of this run');
    for (const file of [...allFiles(join(root, '.pipeline')), ...allFiles(join(root, 'content'))])
      expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(logs.join('\n')).not.toContain(key);
    expect(JSON.stringify(record)).not.toContain(key);
  });

  it('makes no search when the budget cannot pay for one, and says so', async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    const queries: string[] = [];
    const searx = await searxServer([`${pages.origin}/two`], queries);
    api = await startMockApi(
      Array.from({ length: 12 }, () =>
        scripted({ draft: [{ search: 'anything' }, { submit: draftCiting }] }),
      ),
    );
    const { record, root } = await runResearch({
      pagesOrigin: pages.origin,
      research: '{ maxQueries: 3, maxNewSources: 3 }',
      env: { SEARXNG_URL: searx.origin },
      config: 'search: { pricePerQueryUsd: 5 }\n',
    });
    expect(queries).toEqual([]);
    const research = record.details.research!;
    expect(research.queries).toHaveLength(1);
    expect(research.queries[0]).toMatchObject({ made: false, costUsd: 0 });
    expect(research.queries[0]!.error).toMatch(
      /^budget: a query costs \$5\.0000 and \$[\d.]+ of \$1\.00 is left$/,
    );
    expect(reportOf(root, record)).toMatch(
      /\| anything \| searxng \| {2}\| \$0\.0000 \| not made: budget: a query costs \$5\.0000/,
    );
    const toolResult = JSON.stringify(api.requests[1]!.body.messages);
    expect(toolResult).toContain('no results: budget');
  });

  it('searches for corroboration in a revision when the draft cites too few sources', async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    const queries: string[] = [];
    const searx = await searxServer([`${pages.origin}/two`], queries);
    api = await startMockApi(
      Array.from({ length: 12 }, () =>
        scripted({
          // The first draft cites s1 only: minSources 2 is missed (definition-of-done).
          draft: [{ submit: () => draftCiting([]) }],
          revise: [
            { search: 'Kellerton street tree planting total' },
            { add: [`${pages.origin}/two`] },
            { submit: draftCiting },
          ],
        }),
      ),
    );
    const { record } = await runResearch({
      pagesOrigin: pages.origin,
      research: '{ maxQueries: 1, maxNewSources: 1 }',
      env: { SEARXNG_URL: searx.origin },
    });
    expect(record.outcome).toBe('drafted');
    const drafting = api.requests.find((r) => !isCritic(r) && !isRevision(r))!;
    expect(drafting.body.tools.map((t) => t.name)).toContain('search_web');
    const revising = api.requests.find(isRevision)!;
    expect(revising.body.tools.map((t) => t.name)).toContain('search_web');
    expect(record.details.research!.queries.map((q) => [q.step, q.query])).toEqual([
      ['revise', 'Kellerton street tree planting total'],
    ]);
    expect(record.details.research!.sources[0]).toMatchObject({
      step: 'revise',
      id: 's2',
      outcome: 'added',
    });
    // The revised draft cites the added source and the minSources error is gone.
    expect(record.details.findings.filter((f) => f.kind === 'definition-of-done')).toEqual([]);
    expect(record.sources.find((s) => s.id === 's2')?.status).toBe('cited');
  });

  it("records a provider error as that query's failure, tells the agent, and drafts on", async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    // A SearXNG whose settings.yml lacks the json format: 403.
    const searx = await startServer((_req, res) => res.writeHead(403).end('Forbidden'));
    servers.push(searx);
    api = await startMockApi(
      Array.from({ length: 12 }, () =>
        scripted({ draft: [{ search: 'kellerton' }, { submit: draftCiting }] }),
      ),
    );
    const { record } = await runResearch({
      pagesOrigin: pages.origin,
      research: '{ maxQueries: 2, maxNewSources: 1 }',
      env: { SEARXNG_URL: searx.origin },
    });
    expect(record.outcome).toBe('drafted');
    const why =
      'searxng search: HTTP 403: the instance does not serve format=json; add json to search.formats in its settings.yml';
    expect(record.details.research!.queries).toEqual([
      expect.objectContaining({ query: 'kellerton', made: true, results: 0, error: why }),
    ]);
    expect(JSON.stringify(api.requests[1]!.body.messages)).toContain(`no results: ${why}`);
  });

  it('the offline engine does not search, and says so', async () => {
    const seen: Seen[] = [];
    const pages = await pagesServer(seen);
    const queries: string[] = [];
    const searx = await searxServer([`${pages.origin}/two`], queries);
    const { record } = await runResearch({
      pagesOrigin: pages.origin,
      research: '{ maxQueries: 1, maxNewSources: 1 }',
      env: { SEARXNG_URL: searx.origin },
      offline: true,
    });
    expect(queries).toEqual([]);
    expect(record.details.research).toBeUndefined();
    expect(record.notes).toContain('research: the offline engine does not search the web');
  });
});
