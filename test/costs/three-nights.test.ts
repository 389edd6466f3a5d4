import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { registerCostsCommand } from '../../src/commands/costs.js';
import { registerPromoteCommand } from '../../src/commands/promote.js';
import { loadConfig } from '../../src/core/config.js';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import type { RunRecord } from '../../src/core/run-record.js';
import { loadTopic } from '../../src/core/topic.js';
import { monthCostLines, readCostLines } from '../../src/costs/cost-ledger.js';
import type { MonthCosts } from '../../src/costs/month-summary.js';
import { chooseEngine } from '../../src/engines/choose.js';
import { createClaudeEngine } from '../../src/engines/claude/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import {
  API_KEY,
  messageReply,
  startMockApi,
  toolUse,
  type MockApi,
  type Recorded,
} from '../engines/claude/helpers.js';
import { copyExample } from '../helpers/example-copy.js';
import { runCommand } from '../helpers/run-command.js';
import { CLI } from '../helpers/spawn-cli.js';

let api: MockApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

// Every call reports the same usage: 20,000 input, 4,000 output and 10,000 cache-read tokens,
// $0.0810 at claude-sonnet-5-5's $2 / $10 / $0.10 per million.
const USAGE = { input_tokens: 20_000, output_tokens: 4_000, cache_read_input_tokens: 10_000 };
const CALL_USD = (20_000 * 2 + 4_000 * 10 + 10_000 * 0.1) / 1e6;

const isCritic = (request: Recorded) =>
  request.body.tools.some((tool) => tool.name === 'report_findings');

/** The stand-in: drafts cite the first source; the critic finds nothing. */
function reply(request: Recorded) {
  if (isCritic(request)) return messageReply([toolUse('report_findings', { findings: [] })], USAGE);
  return messageReply(
    [
      toolUse('submit_draft', {
        title: `Kellerton heat notes ${request.body.messages.length}-${Math.random().toString(36).slice(2, 8)}`,
        description: 'What the sources say about street trees and heat.',
        sections: [
          {
            heading: 'Background',
            paragraphs: [
              {
                sentences: [
                  { text: 'Kellerton has been planting street trees for shade.', cite: ['s1'] },
                ],
              },
            ],
          },
        ],
      }),
    ],
    USAGE,
  );
}

/** A topic of two of the example's pages, with a loose definition of done. */
function writeTopic(root: string, name: string, pages: string[]): void {
  writeFileSync(
    join(root, 'pipelines', `${name}.yaml`),
    [
      `title: Kellerton ${name}`,
      'description: Street trees and summer heat in Kellerton.',
      'sources:',
      ...pages.map((page) => `  - file: example/${page}.html`),
      'done:',
      '  minWords: 5',
      '  maxWords: 2000',
      '  sections: [Background]',
      '  minSources: 1',
      '  citationCoverage: 0.5',
      'budget:',
      '  usd: 0.50',
      'engine: claude',
      '',
    ].join('\n'),
  );
}

async function night(
  root: string,
  topicName: string,
  date: string,
  resume?: string,
): Promise<RunRecord> {
  const topic = loadTopic(topicName, join(root, 'pipelines'));
  // As the CLI chooses it: engine claude, the key and ANTHROPIC_BASE_URL from the environment.
  const env = { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api!.baseURL };
  const engine = await chooseEngine(topic, env, {}, (options) =>
    Promise.resolve(createClaudeEngine({ ...options, maxRetries: 0 })),
  );
  return runTopic({
    topic,
    engine,
    root,
    env,
    logger: SILENT_LOGGER,
    now: () => new Date(`${date}T02:17:00Z`),
    ...(resume ? { resume } : {}),
  });
}

describe('three nights against the Messages API stand-in with a monthly budget that fits two', () => {
  it('drafts twice, then stops before any paid call; the ledger, costs --json, the drafts and the chart agree', async () => {
    api = await startMockApi(Array.from({ length: 40 }, () => reply));
    const root = copyExample();
    writeTopic(root, 'canopy', ['tree-canopy-heat-study', 'tree-planting-costs-budget']);
    writeTopic(root, 'health', ['tree-protection-ordinance-2026', 'canopy-limits-criticism']);
    // Each topic reserves its $0.50 budget.usd; a night costs 2 calls (draft, critic) = $0.162.
    // $0.75 fits night 1 ($0.75 left) and night 2 ($0.588 left), not night 3 ($0.426 left).
    writeFileSync(join(root, '.research-draft.yaml'), 'budget:\n  monthlyUsd: 0.75\n');

    const first = await night(root, 'canopy', '2026-11-01');
    expect(first.outcome).toBe('drafted');
    const afterFirst = api.requests.length;
    expect(afterFirst).toBe(2);
    // The editor publishes night 1's draft: it becomes a published draft of the month.
    const promoted = await runCommand(registerPromoteCommand, ['promote', first.draft!.path], {
      root,
    });
    expect(promoted.code).toBe(0);

    const second = await night(root, 'health', '2026-11-02');
    expect(second.outcome).toBe('drafted');
    expect(second.monthlyBudget).toMatchObject({ spentUsd: expect.closeTo(2 * CALL_USD, 9) });
    const afterSecond = api.requests.length;

    const third = await night(root, 'canopy', '2026-11-03');
    expect(third.outcome).toBe('budget-stop');
    // No request reached the stand-in, and nothing was fetched.
    expect(api.requests.length).toBe(afterSecond);
    expect(third.stages.every((stage) => stage.status === 'skipped')).toBe(true);
    expect(third.message).toBe(
      'monthly budget stop: $0.3240 spent of the 2026-11 budget of $0.75, $0.4260 left, but this run may spend up to $0.5000 (its budget.usd); no paid call was made',
    );
    const report = readFileSync(join(root, '.pipeline', 'runs', third.runId, 'report.md'), 'utf8');
    expect(report).toContain('$0.3240 spent of the 2026-11 budget $0.7500 before this run');
    expect(report).toContain('**stopped**');

    const config = loadConfig(root);
    const { lines, problems } = readCostLines(config, '2026-11');
    expect(problems).toEqual([]);
    expect(lines.map((line) => [line.date, line.topic, line.outcome, line.calls])).toEqual([
      ['2026-11-01', 'canopy', 'drafted', 2],
      ['2026-11-02', 'health', 'drafted', 2],
      ['2026-11-03', 'canopy', 'budget-stop', 0],
    ]);
    expect(lines[2]!.usd).toBe(0);
    expect(lines[2]!.monthlyStop).toEqual({
      spentUsd: expect.closeTo(0.324, 9),
      budgetUsd: 0.75,
      neededUsd: 0.5,
      scope: 'month',
    });
    expect(lines[0]!.model).toBe('claude-sonnet-5-5');
    expect(lines[0]!.tokens).toEqual({
      inputTokens: 40_000,
      outputTokens: 8_000,
      cacheReadTokens: 20_000,
      cacheWriteTokens: 0,
    });

    const costsRun = await runCommand(
      registerCostsCommand,
      ['costs', '--month', '2026-11', '--json'],
      { root },
    );
    expect(costsRun.code).toBe(0);
    const costs = JSON.parse(costsRun.out) as MonthCosts;
    const ledgerSum = lines.reduce((sum, line) => sum + line.usd, 0);
    expect(costs.totalUsd).toBeCloseTo(ledgerSum, 12);
    expect(costs.totalUsd).toBeCloseTo(4 * CALL_USD, 12);
    expect(costs.budgetUsd).toBe(0.75);
    // Each draft's `cost` in its frontmatter, the published one's included.
    const pending = readdirSync(join(root, 'content', 'pending'));
    expect(pending).toHaveLength(1);
    const secondCost = splitFrontmatter(
      readFileSync(join(root, 'content', 'pending', pending[0]!), 'utf8'),
    ).data.cost as { usd: number };
    const firstCost = splitFrontmatter(
      readFileSync(join(root, 'content', 'posts', `${first.draft!.slug}.md`), 'utf8'),
    ).data.cost as { usd: number };
    expect(firstCost.usd + secondCost.usd).toBeCloseTo(costs.totalUsd, 12);
    expect(costs.topics.map((t) => [t.topic, t.runs, t.drafts, t.published])).toEqual([
      ['canopy', 2, 1, 1],
      ['health', 1, 1, 0],
    ]);
    for (const topic of costs.topics) {
      const own = lines.filter((line) => line.topic === topic.topic);
      expect(topic.usd).toBeCloseTo(
        own.reduce((sum, line) => sum + line.usd, 0),
        12,
      );
      expect(Object.values(topic.byStage).reduce((a, b) => a + b, 0)).toBeCloseTo(topic.usd, 12);
    }
    expect(costs.topics[0]!.usdPerPublishedDraft).toBeCloseTo(2 * CALL_USD, 12);
    expect(costs.topics[0]!.byStage).toEqual({
      draft: expect.closeTo(CALL_USD, 12),
      critique: expect.closeTo(CALL_USD, 12),
    });
    expect(costs.nights).toEqual([
      { date: '2026-11-01', usd: expect.closeTo(2 * CALL_USD, 12), runs: 1 },
      { date: '2026-11-02', usd: expect.closeTo(2 * CALL_USD, 12), runs: 1 },
      { date: '2026-11-03', usd: 0, runs: 1 },
    ]);
    // 40,000 cache-read tokens at $2 instead of $0.10 per million.
    expect(costs.cacheSavingsUsd).toBeCloseTo((40_000 * 1.9) / 1e6, 12);
    expect(costs.budgetStops).toBe(1);

    const markdown = await runCommand(
      registerCostsCommand,
      ['costs', '--month', '2026-11', '--markdown'],
      { root },
    );
    expect(markdown.out).toContain('**$0.3240** of the $0.7500 monthly budget (43%)');
    const chart = /```mermaid\n([\s\S]*?)\n```/.exec(markdown.out)?.[1];
    expect(chart).toContain('bar [0.162, 0.162, 0]');
    await expectValidMermaid(chart!);

    // Resuming the stopped run checks the month again: still no room, still no request; its new
    // line supersedes the first (three runs, four lines).
    const resumed = await night(root, 'canopy', '2026-11-03', third.runId);
    expect(resumed.outcome).toBe('budget-stop');
    expect(api.requests.length).toBe(afterSecond);
    expect(readCostLines(config, '2026-11').lines).toHaveLength(4);
    expect(monthCostLines(config, '2026-11').lines.map((line) => line.outcome)).toEqual([
      'drafted',
      'drafted',
      'budget-stop',
    ]);
  });
});

describe('a monthly budget stop through the CLI', () => {
  it('exits 0, prints the budget-stop record, and sends nothing to the API', async () => {
    api = await startMockApi([reply]);
    const root = copyExample();
    writeTopic(root, 'canopy', ['tree-canopy-heat-study', 'tree-planting-costs-budget']);
    // Less than the topic's $0.50 worst case is left of the month before anything was spent.
    writeFileSync(join(root, '.research-draft.yaml'), 'budget:\n  monthlyUsd: 0.4\n');
    // An async child: the stand-in answers in this process while the CLI runs.
    const child = spawn(process.execPath, [CLI, 'run', 'canopy', '--json', '-q'], {
      cwd: root,
      env: { ...process.env, ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL },
    });
    const result = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
    result.status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(result.status, result.stderr).toBe(0);
    const record = JSON.parse(result.stdout) as RunRecord;
    expect(record.outcome).toBe('budget-stop');
    expect(record.message).toContain('monthly budget stop: $0.0000 spent of the');
    expect(api.requests).toHaveLength(0);
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
  });
});

/** Parses a diagram with the `mermaid` package (in Node, over a jsdom window); throws when invalid. */
async function expectValidMermaid(text: string): Promise<void> {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const scope = globalThis as Record<string, unknown>;
  scope.window ??= dom.window;
  scope.document ??= dom.window.document;
  const mermaid = (await import('mermaid')).default;
  await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'xychart' });
  await expect(mermaid.parse(text.replace('bar [', 'bar ['.slice(0, 3)))).rejects.toThrow();
}
