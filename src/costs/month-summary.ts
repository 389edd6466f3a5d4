import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { ProjectConfig } from '../core/config.js';
import { splitFrontmatter } from '../core/frontmatter.js';
import { readLedger } from '../core/ledger.js';
import { monthCostLines, previousMonthOf, type CostLine, type CostTokens } from './cost-ledger.js';

/** One topic's month. */
export interface TopicCosts {
  topic: string;
  /** Runs this month (one per run id). */
  runs: number;
  /** Drafts written. */
  drafts: number;
  /** Of those, drafts since promoted (published). */
  published: number;
  usd: number;
  /** Dollars per stage. */
  byStage: Record<string, number>;
  /** `usd / drafts`, or null without a draft. */
  usdPerDraft: number | null;
  /** `usd / published`: what a post that made it to the site cost, or null without one. */
  usdPerPublishedDraft: number | null;
  cacheSavingsUsd: number;
  tokens: CostTokens;
  /** Runs stopped by the monthly budget. */
  budgetStops: number;
  /** The topic's share of the monthly budget in dollars (`budget.topics`), or null without one. */
  budgetUsd?: number | null;
}

/** A month of the cost ledger, as `costs --json` prints it (INTERFACES.md, extra fields allowed). */
export interface MonthCosts {
  /** `YYYY-MM`. */
  month: string;
  /** Every run's dollars: the drafts' `cost.usd` plus the paid calls that produced no draft. */
  totalUsd: number;
  /** `budget.monthlyUsd`, or null. */
  budgetUsd: number | null;
  /** `budgetUsd - totalUsd` (at least 0), or null without a budget. */
  leftUsd: number | null;
  /** Topics by dollars spent, most first. */
  topics: TopicCosts[];
  /** Nights with a run, by date: the dollars of that night's runs. */
  nights: Array<{ date: string; usd: number; runs: number }>;
  byStage: Record<string, number>;
  runs: number;
  drafts: number;
  published: number;
  usdPerDraft: number | null;
  usdPerPublishedDraft: number | null;
  /** What cache reads saved against the same tokens as uncached input. */
  cacheSavingsUsd: number;
  tokens: CostTokens;
  budgetStops: number;
  /** Against the month before: its total, and its spend up to the same day of the month. */
  trend: {
    month: string;
    totalUsd: number;
    /** Last month up to the day of this month's latest night (a like-for-like figure). */
    sameDayUsd: number;
    /** `totalUsd - sameDayUsd` of this month against last. */
    changeUsd: number;
    /** The change in percent of `sameDayUsd`, or null when last month spent nothing by then. */
    changePct: number | null;
  };
  /** Ledger lines skipped (not cost lines), with file and line. */
  problems: string[];
}

/**
 * Sums a month of the cost ledger: per topic and per stage, drafts and the ones since published
 * (by the promote ledger, or a post of the same file name and run in a published folder), cache
 * savings, and the trend against the month before.
 *
 * @param config The project config.
 * @param month `YYYY-MM`.
 */
export function summarizeMonth(config: ProjectConfig, month: string): MonthCosts {
  const { lines, problems } = monthCostLines(config, month);
  const previous = monthCostLines(config, previousMonthOf(month));
  const published = publishedRunsOf(config, lines);
  const topics = new Map<string, CostLine[]>();
  for (const line of lines) topics.set(line.topic, [...(topics.get(line.topic) ?? []), line]);
  const topicRows = [...topics.entries()]
    .map(([topic, own]) => {
      const share = config.budget.topics?.[topic];
      const monthly = config.budget.monthlyUsd;
      return {
        topic,
        ...totalsOf(own, published),
        budgetUsd: share !== undefined && monthly !== undefined ? share * monthly : null,
      };
    })
    .sort((a, b) => b.usd - a.usd || a.topic.localeCompare(b.topic));
  const nights = new Map<string, { usd: number; runs: number }>();
  for (const line of lines) {
    const night = nights.get(line.date) ?? { usd: 0, runs: 0 };
    nights.set(line.date, { usd: night.usd + line.usd, runs: night.runs + 1 });
  }
  const totals = totalsOf(lines, published);
  const lastDay = lines.at(-1)?.date.slice(8, 10) ?? '31';
  const previousTotal = sum(previous.lines.map((line) => line.usd));
  const sameDayUsd = sum(
    previous.lines.filter((line) => line.date.slice(8, 10) <= lastDay).map((line) => line.usd),
  );
  const budgetUsd = config.budget.monthlyUsd ?? null;
  return {
    month,
    totalUsd: totals.usd,
    budgetUsd,
    leftUsd: budgetUsd === null ? null : Math.max(0, budgetUsd - totals.usd),
    topics: topicRows,
    nights: [...nights.entries()].map(([date, night]) => ({ date, ...night })),
    byStage: totals.byStage,
    runs: totals.runs,
    drafts: totals.drafts,
    published: totals.published,
    usdPerDraft: totals.usdPerDraft,
    usdPerPublishedDraft: totals.usdPerPublishedDraft,
    cacheSavingsUsd: totals.cacheSavingsUsd,
    tokens: totals.tokens,
    budgetStops: totals.budgetStops,
    trend: {
      month: previousMonthOf(month),
      totalUsd: previousTotal,
      sameDayUsd,
      changeUsd: totals.usd - sameDayUsd,
      changePct: sameDayUsd > 0 ? ((totals.usd - sameDayUsd) / sameDayUsd) * 100 : null,
    },
    problems: [...problems, ...previous.problems],
  };
}

function totalsOf(
  lines: readonly CostLine[],
  published: ReadonlySet<string>,
): Omit<TopicCosts, 'topic'> {
  const byStage: Record<string, number> = {};
  const tokens: CostTokens = {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  };
  for (const line of lines) {
    for (const [stage, usd] of Object.entries(line.byStage ?? {}))
      byStage[stage] = (byStage[stage] ?? 0) + usd;
    for (const kind of Object.keys(tokens) as Array<keyof CostTokens>)
      tokens[kind] += line.tokens?.[kind] ?? 0;
  }
  const usd = sum(lines.map((line) => line.usd));
  const drafts = lines.filter((line) => line.draft).length;
  const publishedCount = lines.filter((line) => line.draft && published.has(line.runId)).length;
  return {
    runs: lines.length,
    drafts,
    published: publishedCount,
    usd,
    byStage,
    usdPerDraft: drafts > 0 ? usd / drafts : null,
    usdPerPublishedDraft: publishedCount > 0 ? usd / publishedCount : null,
    cacheSavingsUsd: sum(lines.map((line) => line.cacheSavingsUsd ?? 0)),
    tokens,
    budgetStops: lines.filter((line) => line.monthlyStop).length,
  };
}

/**
 * Run ids whose draft was published: the promote ledger names each promoted draft's run (when the
 * profile strips the frontmatter); otherwise the published post keeps its `run` field, so a post
 * in a published folder named for the draft's slug (any `fileName` pattern: `{slug}.md`,
 * `{date}-{slug}.md`, `{slug}/index.md`, ...) whose `run` is the run's counts.
 */
function publishedRunsOf(config: ProjectConfig, lines: readonly CostLine[]): Set<string> {
  const runs = new Set<string>();
  for (const entry of readLedger(resolve(config.root, config.ledger)).entries)
    if (typeof entry.run === 'string') runs.add(entry.run);
  const wanted = new Map<string, string>();
  for (const line of lines)
    if (line.draft && !runs.has(line.runId))
      wanted.set(line.runId, basename(line.draft).replace(/\.(md|markdown|mdx)$/, ''));
  if (wanted.size === 0) return runs;
  const slugs = new Set(wanted.values());
  for (const folder of config.published) {
    const dir = join(config.root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const parts = name.split(sep);
      const file = parts.at(-1)!.replace(/\.(md|markdown|mdx)$/, '');
      const slug = file === 'index' ? parts.at(-2) : file.replace(/^\d{4}-\d{2}-\d{2}-/, '');
      if (slug === undefined || !slugs.has(slug) || file === parts.at(-1)) continue;
      let run: unknown;
      try {
        run = splitFrontmatter(readFileSync(join(dir, name), 'utf8')).data.run;
      } catch {
        continue; // a post whose frontmatter does not parse is not a run's draft
      }
      if (typeof run === 'string' && wanted.get(run) === slug) runs.add(run);
    }
  }
  return runs;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
