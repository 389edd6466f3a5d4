import type { ProjectConfig } from '../core/config.js';
import type { MonthlyBudget } from '../core/run-record.js';
import { monthCostLines, monthOf, type CostLine } from './cost-ledger.js';

/**
 * Reserves a run's worst case against the month's budget: what the cost ledger says every topic
 * spent this month (UTC), and this topic when the config gives it a share. Returns null when the
 * config has no `budget.monthlyUsd`.
 *
 * @param config The project config (`budget`, `costs`).
 * @param topic The topic's name.
 * @param now The run's start (its month is the one charged).
 * @param worstCaseUsd The most the run can spend: the topic's `budget.usd`.
 * @param lines The month's folded ledger lines, when the caller has read them already.
 */
export function reserveMonthlyBudget(
  config: ProjectConfig,
  topic: string,
  now: Date,
  worstCaseUsd: number,
  lines: readonly CostLine[] = monthCostLines(config, monthOf(now)).lines,
): MonthlyBudget | null {
  const monthUsd = config.budget.monthlyUsd;
  if (monthUsd === undefined) return null;
  const month = monthOf(now);
  const monthSpentUsd = heldUsdOf(lines);
  const topicSpentUsd = heldUsdOf(lines.filter((line) => line.topic === topic));
  const share = config.budget.topics?.[topic];
  const monthLeft = monthUsd - monthSpentUsd;
  const topicLeft = share === undefined ? Infinity : share * monthUsd - topicSpentUsd;
  // The tighter of the two limits decides, and is the one the report names.
  const scope = topicLeft < monthLeft ? 'topic' : 'month';
  const limitUsd = scope === 'topic' ? share! * monthUsd : monthUsd;
  const spentUsd = scope === 'topic' ? topicSpentUsd : monthSpentUsd;
  return {
    month,
    scope,
    limitUsd,
    spentUsd,
    monthUsd,
    monthSpentUsd,
    ...(share === undefined ? {} : { topicShare: share }),
    topicSpentUsd,
    reservedUsd: worstCaseUsd,
    // A cent's thousandth of float noise never stops a run that fits exactly.
    fits: spentUsd + worstCaseUsd <= limitUsd + 1e-9,
  };
}

/**
 * What lines hold of the month: their dollars, or for a run still waiting for its Message Batch
 * the worst case it reserved (the batch is paid for when it ends).
 */
function heldUsdOf(lines: readonly CostLine[]): number {
  return lines.reduce(
    (sum, line) =>
      sum + (line.outcome === 'batched' ? Math.max(line.usd, line.reservedUsd ?? 0) : line.usd),
    0,
  );
}

/** One sentence with the figures of a monthly reservation, for the report and the run's message. */
export function monthlyBudgetSentence(check: MonthlyBudget): string {
  const what =
    check.scope === 'topic'
      ? `the topic's share of ${check.month} (${Math.round((check.topicShare ?? 0) * 100)}% of $${check.monthUsd.toFixed(2)}: $${check.limitUsd.toFixed(2)})`
      : `the ${check.month} budget of $${check.limitUsd.toFixed(2)}`;
  const left = Math.max(0, check.limitUsd - check.spentUsd);
  return check.fits
    ? `monthly budget: $${check.spentUsd.toFixed(4)} spent of ${what}, $${left.toFixed(4)} left; this run reserves up to $${check.reservedUsd.toFixed(4)}`
    : `monthly budget stop: $${check.spentUsd.toFixed(4)} spent of ${what}, $${left.toFixed(4)} left, but this run may spend up to $${check.reservedUsd.toFixed(4)} (its budget.usd); no paid call was made`;
}

/**
 * The `--estimate` line of the month: what the cost ledger says the month spent so far (against
 * `budget.monthlyUsd` when set), and what this run would add.
 *
 * @param config The project config.
 * @param topic The topic's name.
 * @param now The run's start.
 * @param expectedUsd The estimate of this run's cost.
 * @param worstCaseUsd The most this run may spend (the topic's `budget.usd`).
 */
export function monthEstimateLine(
  config: ProjectConfig,
  topic: string,
  now: Date,
  expectedUsd: number,
  worstCaseUsd: number,
): string {
  const month = monthOf(now);
  const { lines } = monthCostLines(config, month);
  // What the budget check counts: a batch still running holds its reservation.
  const spent = heldUsdOf(lines);
  const budget = config.budget.monthlyUsd;
  const of =
    budget === undefined
      ? ' (no monthly budget)'
      : ` of $${budget.toFixed(2)} (budget.monthlyUsd), $${Math.max(0, budget - spent).toFixed(4)} left`;
  const check = reserveMonthlyBudget(config, topic, now, worstCaseUsd, lines);
  const verdict = !check
    ? ''
    : check.fits
      ? '; its worst case fits'
      : `; its worst case does not fit ${check.scope === 'topic' ? "the topic's share" : 'the month'}: a run now would stop before any paid call`;
  return (
    `month ${month} so far: $${spent.toFixed(4)} in ${lines.length} run(s)${of}; ` +
    `this run would add about $${expectedUsd.toFixed(4)} (at most $${worstCaseUsd.toFixed(2)}, its budget.usd), ` +
    `$${(spent + expectedUsd).toFixed(4)} in all${verdict}`
  );
}
