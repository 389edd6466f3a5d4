import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { appendCostLine, monthCostLines, type CostLine } from '../../src/costs/cost-ledger.js';
import { monthEstimateLine, reserveMonthlyBudget } from '../../src/costs/month-budget.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample } from '../helpers/example-copy.js';

function spent(topic: string, date: string, usd: number): CostLine {
  return {
    v: 1,
    runId: `${date}-${topic}`,
    date,
    at: `${date}T03:00:00.000Z`,
    topic,
    engine: 'claude:claude-sonnet-5-5',
    model: 'claude-sonnet-5-5',
    outcome: 'drafted',
    usd,
    tokens: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    byStage: { draft: usd },
    calls: 1,
    cacheSavingsUsd: 0,
    draft: null,
  };
}

function project(configText: string): string {
  const root = mkdtempSync(join(tmpdir(), 'month-budget-'));
  writeFileSync(join(root, '.research-draft.yaml'), configText);
  return root;
}

const NOW = new Date('2026-12-10T02:17:00Z');

describe('the monthly budget', () => {
  it('reserves the worst case against what the month has left, on both sides of the limit', () => {
    const root = project('budget:\n  monthlyUsd: 2\n');
    const config = loadConfig(root);
    appendCostLine(config, spent('a', '2026-12-01', 0.75));
    appendCostLine(config, spent('b', '2026-12-02', 0.75));
    // Last month's spend does not count against this month.
    appendCostLine(config, spent('a', '2026-11-30', 5));
    expect(reserveMonthlyBudget(config, 'a', NOW, 0.5)).toMatchObject({
      month: '2026-12',
      scope: 'month',
      limitUsd: 2,
      spentUsd: 1.5,
      reservedUsd: 0.5,
      fits: true,
    });
    expect(reserveMonthlyBudget(config, 'a', NOW, 0.51)).toMatchObject({ fits: false });
  });

  it("a topic's share caps it before the month is spent, and the other topics go on", () => {
    const root = project('budget:\n  monthlyUsd: 10\n  topics:\n    a: 0.1\n');
    const config = loadConfig(root);
    appendCostLine(config, spent('a', '2026-12-01', 0.6));
    const a = reserveMonthlyBudget(config, 'a', NOW, 0.5)!;
    expect(a).toMatchObject({
      scope: 'topic',
      limitUsd: 1,
      spentUsd: 0.6,
      topicShare: 0.1,
      monthSpentUsd: 0.6,
      fits: false,
    });
    expect(reserveMonthlyBudget(config, 'a', NOW, 0.4)!.fits).toBe(true);
    expect(reserveMonthlyBudget(config, 'b', NOW, 0.5)).toMatchObject({
      scope: 'month',
      fits: true,
    });
  });

  it('has nothing to reserve without budget.monthlyUsd; --estimate says the month so far and what the run adds', () => {
    const none = loadConfig(project('generator: plain\n'));
    expect(reserveMonthlyBudget(none, 'a', NOW, 0.5)).toBeNull();
    appendCostLine(none, spent('a', '2026-12-01', 0.25));
    expect(monthEstimateLine(none, 'a', NOW, 0.1, 0.5)).toBe(
      'month 2026-12 so far: $0.2500 in 1 run(s) (no monthly budget); this run would add about $0.1000 (at most $0.50, its budget.usd), $0.3500 in all',
    );
    const capped = loadConfig(project('budget:\n  monthlyUsd: 0.6\n'));
    appendCostLine(capped, spent('a', '2026-12-01', 0.25));
    expect(monthEstimateLine(capped, 'a', NOW, 0.1, 0.5)).toBe(
      'month 2026-12 so far: $0.2500 in 1 run(s) of $0.60 (budget.monthlyUsd), $0.3500 left; this run would add about $0.1000 (at most $0.50, its budget.usd), $0.3500 in all; its worst case does not fit the month: a run now would stop before any paid call',
    );
  });

  it('--estimate counts a batch still running at its reservation, as the budget check does', () => {
    const config = loadConfig(project('budget:\n  monthlyUsd: 1\n'));
    appendCostLine(config, {
      ...spent('a', '2026-12-01', 0),
      outcome: 'batched',
      reservedUsd: 0.7,
    });
    // $0.70 held of $1.00: $0.30 left, so a $0.50 worst case does not fit, and the line says both.
    expect(monthEstimateLine(config, 'a', NOW, 0.1, 0.5)).toBe(
      'month 2026-12 so far: $0.7000 in 1 run(s) of $1.00 (budget.monthlyUsd), $0.3000 left; this run would add about $0.1000 (at most $0.50, its budget.usd), $0.8000 in all; its worst case does not fit the month: a run now would stop before any paid call',
    );
  });

  it('a ledger that cannot be written fails the run after its report says so, the draft kept', async () => {
    const root = copyExample();
    // A file where the ledger's folder should be: the append cannot make the folder.
    writeFileSync(join(root, '.research-draft.yaml'), 'costs: ledger-here\n');
    writeFileSync(join(root, 'ledger-here'), 'not a folder\n');
    const run = runTopic({
      topic: loadTopic('example', join(root, 'pipelines')),
      engine: createOfflineEngine('offline: test'),
      root,
      logger: SILENT_LOGGER,
      env: {},
    });
    await expect(run).rejects.toThrow(/ledger-here/);
    const runs = readdirSync(join(root, '.pipeline', 'runs'));
    const report = readFileSync(join(root, '.pipeline', 'runs', runs[0]!, 'report.md'), 'utf8');
    expect(report).toMatch(/cost ledger: could not append this run's line to ledger-here\//);
    expect(readdirSync(join(root, 'content', 'pending'))).toHaveLength(1);
  });

  it('does not stop an offline run, which pays for nothing, and books it at $0', async () => {
    const root = copyExample();
    writeFileSync(join(root, '.research-draft.yaml'), 'budget:\n  monthlyUsd: 0.01\n');
    const config = loadConfig(root);
    appendCostLine(config, spent('example', '2026-12-01', 5));
    const record = await runTopic({
      topic: loadTopic('example', join(root, 'pipelines')),
      engine: createOfflineEngine('offline: test'),
      root,
      logger: SILENT_LOGGER,
      now: () => NOW,
    });
    expect(record.outcome).toBe('drafted');
    expect(record.monthlyBudget).toBeUndefined();
    const { lines } = monthCostLines(config, '2026-12');
    expect(lines.map((line) => [line.topic, line.usd, line.outcome, line.engine])).toEqual([
      ['example', 5, 'drafted', 'claude:claude-sonnet-5-5'],
      ['example', 0, 'drafted', 'offline'],
    ]);
    expect(lines[1]!.draft).toBe(record.draft!.path);
  });

  it('a run batched for a Message Batch holds its worst case until the batch is collected', async () => {
    const root = copyExample();
    writeFileSync(join(root, '.research-draft.yaml'), 'budget:\n  monthlyUsd: 0.8\n');
    const batched = () =>
      runTopic({
        topic: loadTopic('example', join(root, 'pipelines')),
        engine: { id: 'claude:claude-sonnet-5-5', reason: 'claude: batch submit' },
        root,
        logger: SILENT_LOGGER,
        now: () => NOW,
        stopAfterDedupe: { outcome: 'batched', why: 'waiting', take: () => 'queued' },
      });
    const first = await batched();
    expect(first.outcome).toBe('batched');
    const second = await batched();
    expect(second.outcome).toBe('budget-stop');
    expect(second.message).toContain('$0.5000 spent of the 2026-12 budget of $0.80, $0.3000 left');
    const { lines } = monthCostLines(loadConfig(root), '2026-12');
    expect(lines.map((line) => [line.outcome, line.usd, line.reservedUsd])).toEqual([
      ['batched', 0, 0.5],
      ['budget-stop', 0, undefined],
    ]);
  });
});
