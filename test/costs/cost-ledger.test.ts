import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import {
  appendCostLine,
  costFileOf,
  foldCostLines,
  monthCostLines,
  readCostLines,
  type CostLine,
} from '../../src/costs/cost-ledger.js';
import { REPO_ROOT } from '../helpers/example-copy.js';

function lineOf(runId: string, date: string, usd: number, extra: Partial<CostLine> = {}): CostLine {
  return {
    v: 1,
    runId,
    date,
    at: `${date}T03:00:00.000Z`,
    topic: runId.split('@')[0]!,
    engine: 'claude:claude-sonnet-5-5',
    model: 'claude-sonnet-5-5',
    outcome: 'drafted',
    usd,
    tokens: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    byStage: { draft: usd },
    calls: 1,
    cacheSavingsUsd: 0,
    draft: `content/pending/${runId}.md`,
    ...extra,
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.org',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

describe('the cost ledger', () => {
  it('appends one line a run to its month file, with a merge=union .gitattributes, and folds a resumed run to its last line', () => {
    const root = mkdtempSync(join(tmpdir(), 'costs-'));
    const config = loadConfig(root);
    appendCostLine(config, lineOf('a@1', '2026-12-01', 0.1, { outcome: 'failed', draft: null }));
    appendCostLine(config, lineOf('b@1', '2026-12-02', 0.2));
    appendCostLine(config, lineOf('x@1', '2026-11-30', 0.4));
    // The run resumed: its new line supersedes the first.
    appendCostLine(config, lineOf('a@1', '2026-12-01', 0.15, { at: '2026-12-01T05:00:00.000Z' }));
    expect(readFileSync(join(root, '.research-draft', 'costs', '.gitattributes'), 'utf8')).toBe(
      '*.jsonl merge=union\n',
    );
    expect(readCostLines(config, '2026-12').lines).toHaveLength(3);
    const { lines } = monthCostLines(config, '2026-12');
    expect(lines.map((line) => [line.runId, line.usd, line.outcome])).toEqual([
      ['a@1', 0.15, 'drafted'],
      ['b@1', 0.2, 'drafted'],
    ]);
    expect(monthCostLines(config, '2026-11').lines.map((line) => line.runId)).toEqual(['x@1']);
  });

  it('skips and names a line cut short, and the next append starts on a line of its own', () => {
    const root = mkdtempSync(join(tmpdir(), 'costs-'));
    const config = loadConfig(root);
    appendCostLine(config, lineOf('a@1', '2026-12-01', 0.1));
    // A writer killed mid-line.
    appendFileSync(costFileOf(config, '2026-12'), '{"v":1,"runId":"cut');
    appendCostLine(config, lineOf('b@1', '2026-12-02', 0.2));
    const { lines, problems } = readCostLines(config, '2026-12');
    expect(lines.map((line) => line.runId)).toEqual(['a@1', 'b@1']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/2026-12\.jsonl:2: /);
  });

  it('loses no line when processes append at once', async () => {
    // Real processes run the build in dist/ (`npm run build`, as the CLI tests do).
    const root = mkdtempSync(join(tmpdir(), 'costs-'));
    const module = pathToFileURL(join(REPO_ROOT, 'dist', 'costs', 'cost-ledger.js')).href;
    const config = pathToFileURL(join(REPO_ROOT, 'dist', 'core', 'config.js')).href;
    const script = `
      const { appendCostLine } = await import(${JSON.stringify(module)});
      const { loadConfig } = await import(${JSON.stringify(config)});
      const config = loadConfig(process.argv[1]);
      const line = JSON.parse(process.argv[2]);
      for (let i = 0; i < 200; i++) appendCostLine(config, { ...line, runId: line.runId + '#' + i });
    `;
    const writers = Array.from(
      { length: 4 },
      (_, n) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              script,
              root,
              JSON.stringify(lineOf(`w${n}`, '2026-12-03', 0.001)),
            ],
            { stdio: 'inherit' },
          );
          child.on('error', reject);
          child.on('close', resolve);
        }),
    );
    expect(await Promise.all(writers)).toEqual([0, 0, 0, 0]);
    const { lines, problems } = readCostLines(loadConfig(root), '2026-12');
    expect(problems).toEqual([]);
    expect(new Set(lines.map((line) => line.runId)).size).toBe(800);
  });

  it('merges two branches that each appended a night without a conflict (real git), and conflicts without the attribute', () => {
    const attempt = (withAttributes: boolean) => {
      const repo = mkdtempSync(join(tmpdir(), 'costs-git-'));
      git(repo, 'init', '-q');
      const config = loadConfig(repo);
      appendCostLine(config, lineOf('base@1', '2026-12-01', 0.1));
      if (!withAttributes) rmSync(join(repo, '.research-draft', 'costs', '.gitattributes'));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'night 1');
      git(repo, 'checkout', '-qb', 'night-a');
      appendCostLine(config, lineOf('alpha@2', '2026-12-02', 0.2));
      git(repo, 'commit', '-qam', 'night 2 on a');
      git(repo, 'checkout', '-q', 'main');
      git(repo, 'checkout', '-qb', 'night-b');
      appendCostLine(config, lineOf('beta@2', '2026-12-02', 0.3));
      if (!withAttributes) rmSync(join(repo, '.research-draft', 'costs', '.gitattributes'));
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'night 2 on b');
      let merged = true;
      try {
        git(repo, 'merge', '-q', '--no-edit', 'night-a');
      } catch {
        merged = false;
      }
      return { repo, merged, config };
    };
    const union = attempt(true);
    expect(union.merged).toBe(true);
    expect(git(union.repo, 'status', '--porcelain')).toBe('');
    const { lines, problems } = monthCostLines(union.config, '2026-12');
    expect(problems).toEqual([]);
    expect(lines.map((line) => line.runId)).toEqual(['base@1', 'alpha@2', 'beta@2']);
    expect(lines.reduce((sum, line) => sum + line.usd, 0)).toBeCloseTo(0.6, 12);
    // The same history without merge=union: both sides appended at the end, a conflict.
    expect(attempt(false).merged).toBe(false);
  });

  it('folds lines from two branches in any order to the same list', () => {
    const a = lineOf('a@1', '2026-12-02', 0.1);
    const b = lineOf('b@1', '2026-12-01', 0.2);
    const a2 = { ...a, usd: 0.3, at: '2026-12-02T09:00:00.000Z' };
    expect(foldCostLines([a, b, a2])).toEqual([b, a2]);
    expect(foldCostLines([a2, a, b])).toEqual([b, a2]);
  });
});
