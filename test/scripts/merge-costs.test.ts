import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerCostsCommand } from '../../src/commands/costs.js';
import type { MonthCosts } from '../../src/costs/month-summary.js';
import { runCommand } from '../helpers/run-command.js';
import { git, runScript } from './helpers.js';

const COSTS = '.research-draft/costs';

function line(runId: string, date: string, usd: number): string {
  return JSON.stringify({
    v: 1,
    runId,
    date,
    at: `${date}T03:00:00.000Z`,
    topic: runId.split('@')[0],
    engine: 'claude:claude-sonnet-5-5',
    model: 'claude-sonnet-5-5',
    outcome: 'drafted',
    usd,
    tokens: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    byStage: { draft: usd },
    calls: 1,
    cacheSavingsUsd: 0,
    draft: null,
  });
}

function write(dir: string, month: string, lines: string[], tail = '\n'): void {
  mkdirSync(join(dir, COSTS), { recursive: true });
  writeFileSync(join(dir, COSTS, `${month}.jsonl`), lines.join('\n') + tail);
}

describe('scripts/merge-costs.sh', () => {
  it('unions the cost lines of the review branch, the rejections branch and every job of the night, each once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-costs-'));
    git(root, 'init', '-q', '-b', 'main');
    const [l1, l2, l3, l4, l5] = [
      line('a@1', '2026-12-01', 0.1),
      line('b@2', '2026-12-02', 0.2),
      line('a@3', '2026-12-03', 0.3),
      line('c@3', '2026-12-03', 0.4),
      line('d@1', '2026-11-30', 0.5),
    ];
    write(root, '2026-12', [l1]);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    // The review branch: night 2 appended to the base's ledger.
    git(root, 'checkout', '-qb', 'pipeline/review');
    write(root, '2026-12', [l1, l2]);
    git(root, 'commit', '-qam', 'Nightly drafts for review');
    // The rejections branch of a closed PR holds last month's lines.
    git(root, 'checkout', '-q', '--orphan', 'pipeline/rejections');
    git(root, 'rm', '-rqf', '.');
    write(root, '2026-11', [l5]);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'rejections');
    git(root, 'checkout', '-qf', 'main');
    // Two jobs of night 3, each from the base plus the review branch, then its own run (one of
    // them cut short by a killed writer before its run's line).
    const artifacts = mkdtempSync(join(tmpdir(), 'artifacts-'));
    write(join(artifacts, 'run-a'), '2026-12', [l1, l2, l3]);
    write(join(artifacts, 'run-c'), '2026-12', [l1, l2, l4]);
    mkdirSync(join(artifacts, 'run-failed'));

    const out = runScript(root, 'merge-costs.sh', [
      'pipeline/review',
      'pipeline/rejections',
      'no-such-branch',
      join(artifacts, 'run-a'),
      join(artifacts, 'run-c'),
      join(artifacts, 'run-failed'),
    ]);
    expect(out).toContain('no no-such-branch: no cost lines from it');
    expect(out).toContain('cost ledger: 4 line(s) added');
    expect(readFileSync(join(root, COSTS, '2026-12.jsonl'), 'utf8')).toBe(
      [l1, l2, l3, l4, ''].join('\n'),
    );
    expect(readFileSync(join(root, COSTS, '2026-11.jsonl'), 'utf8')).toBe(`${l5}\n`);
    expect(readFileSync(join(root, COSTS, '.gitattributes'), 'utf8')).toBe('*.jsonl merge=union\n');
    // Again: nothing new.
    expect(
      runScript(root, 'merge-costs.sh', ['pipeline/review', join(artifacts, 'run-a')]),
    ).toContain('cost ledger: 0 line(s) added');
    // A line cut short here is closed before new lines are appended.
    write(root, '2026-12', [l1, '{"v":1,"runId":"cut'], '');
    runScript(root, 'merge-costs.sh', [join(artifacts, 'run-a')]);
    expect(readFileSync(join(root, COSTS, '2026-12.jsonl'), 'utf8')).toBe(
      [l1, '{"v":1,"runId":"cut', l2, l3, ''].join('\n'),
    );
    write(root, '2026-12', [l1, l2, l3, l4]);
    const costs = await runCommand(
      registerCostsCommand,
      ['costs', '--month', '2026-12', '--json'],
      {
        root,
      },
    );
    const month = JSON.parse(costs.out) as MonthCosts;
    expect(month.totalUsd).toBeCloseTo(1.0, 12);
    expect(month.trend).toMatchObject({ month: '2026-11', totalUsd: 0.5 });
  });
});
