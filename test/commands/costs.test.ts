import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCostsCommand } from '../../src/commands/costs.js';
import { loadConfig } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';
import { appendCostLine, type CostLine } from '../../src/costs/cost-ledger.js';
import type { MonthCosts } from '../../src/costs/month-summary.js';
import { runCommand } from '../helpers/run-command.js';

function line(
  runId: string,
  topic: string,
  date: string,
  usd: number,
  draft: string | null,
): CostLine {
  return {
    v: 1,
    runId,
    date,
    at: `${date}T03:00:00.000Z`,
    topic,
    engine: 'claude:claude-sonnet-5-5',
    model: 'claude-sonnet-5-5',
    outcome: draft ? 'drafted' : 'nothing-new',
    usd,
    tokens: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 100, cacheWriteTokens: 0 },
    byStage: draft ? { draft: usd * 0.75, critique: usd * 0.25 } : { draft: usd },
    calls: 2,
    cacheSavingsUsd: 0.001,
    draft,
  };
}

const costs = (root: string, ...args: string[]) =>
  runCommand(registerCostsCommand, ['costs', ...args], { root });

describe('costs', () => {
  it('per topic and stage, per draft and per published draft (the promote ledger), the trend, as JSON and as a table', async () => {
    const root = mkdtempSync(join(tmpdir(), 'costs-cmd-'));
    writeFileSync(
      join(root, '.research-draft.yaml'),
      'budget:\n  monthlyUsd: 10\n  topics:\n    rust: 0.3\n',
    );
    const config = loadConfig(root);
    appendCostLine(config, line('r1', 'rust', '2026-12-01', 0.4, 'content/pending/a.md'));
    appendCostLine(config, line('r2', 'rust', '2026-12-02', 0.2, 'content/pending/b.md'));
    appendCostLine(config, line('g1', 'go', '2026-12-02', 0.1, null));
    appendCostLine(config, line('old', 'rust', '2026-11-01', 0.25, null));
    appendCostLine(config, line('old2', 'rust', '2026-11-20', 1, null));
    // `a` was promoted with a profile that strips its frontmatter: the promote ledger names its run.
    writeFileSync(
      join(root, config.ledger),
      `${JSON.stringify({ path: 'content/posts/a.md', slug: 'a', title: 'A', published: '2026-12-03', run: 'r1', sources: [] })}\n`,
    );
    const json = await costs(root, '--month', '2026-12', '--json');
    expect(json.code).toBe(0);
    const month = JSON.parse(json.out) as MonthCosts;
    expect(month).toMatchObject({
      month: '2026-12',
      budgetUsd: 10,
      runs: 3,
      drafts: 2,
      published: 1,
    });
    expect(month.totalUsd).toBeCloseTo(0.7, 12);
    expect(month.leftUsd).toBeCloseTo(9.3, 12);
    expect(month.topics.map((t) => [t.topic, t.runs, t.drafts, t.published])).toEqual([
      ['rust', 2, 2, 1],
      ['go', 1, 0, 0],
    ]);
    expect(month.topics[0]!.usdPerDraft).toBeCloseTo(0.3, 12);
    expect(month.topics[0]!.usdPerPublishedDraft).toBeCloseTo(0.6, 12);
    expect(month.topics[1]!.usdPerPublishedDraft).toBeNull();
    // The topic's share of the month, when the config gives one.
    expect(month.topics.map((t) => t.budgetUsd)).toEqual([3, null]);
    expect(month.byStage.draft).toBeCloseTo(0.55, 12);
    expect(month.byStage.critique).toBeCloseTo(0.15, 12);
    expect(month.nights.map((n) => [n.date, n.runs])).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 2],
    ]);
    // Last month by the 2nd spent $0.25 ($1.25 in all): this month is up $0.45.
    expect(month.trend.sameDayUsd).toBeCloseTo(0.25, 12);
    expect(month.trend.totalUsd).toBeCloseTo(1.25, 12);
    expect(month.trend.changePct).toBeCloseTo(180, 9);
    expect(month.cacheSavingsUsd).toBeCloseTo(0.003, 12);

    const table = await costs(root, '--month', '2026-12');
    expect(table.out).toContain('Costs 2026-12: $0.7000 of the $10.0000 monthly budget (7%)');
    expect(table.out).toMatch(
      /^rust\s+2\s+2\s+1\s+\$0\.6000\s+\$0\.3000\s+\$0\.6000\s+\$0\.0020$/m,
    );
    expect(table.out).toContain(
      'Trend: 2026-11 spent $0.2500 by the same day ($1.2500 in all); this month +$0.4500 (+180%).',
    );

    const empty = await costs(root, '--month', '2027-01', '--json');
    expect(JSON.parse(empty.out)).toMatchObject({ totalUsd: 0, topics: [], nights: [] });
    expect((await costs(root, '--month', '2027-01', '--markdown')).out).not.toContain('mermaid');
  });

  it('refuses a month that is not YYYY-MM, and --json with --markdown', async () => {
    const root = mkdtempSync(join(tmpdir(), 'costs-cmd-'));
    await expect(costs(root, '--month', '2026-13')).rejects.toThrow(UsageError);
    await expect(costs(root, '--month', 'december')).rejects.toThrow(
      'costs: --month must be YYYY-MM, e.g. 2026-12 (got "december")',
    );
    await expect(costs(root, '--json', '--markdown')).rejects.toThrow(
      'costs: --json and --markdown cannot be used together',
    );
  });
});
