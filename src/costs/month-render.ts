import type { MonthCosts, TopicCosts } from './month-summary.js';

/** How many topics the PR body lists by cost per published draft. */
export const TOP_TOPICS = 5;

/**
 * The month as a readable table for the terminal: the total against the budget, one row per
 * topic, the stages, the nights and the trend.
 *
 * @param costs The month ({@link summarizeMonth}).
 */
export function renderCostsTable(costs: MonthCosts): string {
  const lines = [`Costs ${costs.month}: ${headline(costs, false)}`, ''];
  if (costs.runs === 0) {
    lines.push('No run in the cost ledger this month.');
  } else {
    const rows = [
      ['topic', 'runs', 'drafts', 'published', 'USD', 'USD/draft', 'USD/published', 'cache saved'],
      ...costs.topics.map((topic) => [
        topic.topic,
        String(topic.runs),
        String(topic.drafts),
        String(topic.published),
        usd(topic.usd),
        usdOrDash(topic.usdPerDraft),
        usdOrDash(topic.usdPerPublishedDraft),
        usd(topic.cacheSavingsUsd),
      ]),
    ];
    lines.push(...aligned(rows), '');
    lines.push(
      `By stage: ${
        Object.entries(costs.byStage)
          .map(([stage, value]) => `${stage} ${usd(value)}`)
          .join(', ') || 'nothing paid'
      }`,
    );
    lines.push(
      `Nights: ${costs.nights.map((night) => `${night.date.slice(5)} ${usd(night.usd)}`).join(', ')}`,
    );
  }
  lines.push(trendLine(costs));
  for (const problem of costs.problems) lines.push(`skipped ledger line: ${problem}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The month as a Markdown fragment for the review PR body and the job summary: month-to-date spend
 * against the budget, a Mermaid `xychart-beta` bar chart of spend per night (GitHub renders it),
 * and the top topics by cost per published draft.
 *
 * @param costs The month ({@link summarizeMonth}).
 */
export function renderCostsMarkdown(costs: MonthCosts): string {
  const lines = [`## Cost this month (${costs.month})`, '', `${headline(costs, true)}.`, ''];
  if (costs.runs > 0) {
    lines.push('```mermaid', spendChartOf(costs), '```', '');
    const ranked = rankedByPublished(costs.topics).slice(0, TOP_TOPICS);
    lines.push('Top topics by cost per published draft:', '');
    lines.push('| topic | runs | drafts | published | USD | USD / draft | USD / published draft |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const topic of ranked)
      lines.push(
        `| ${cell(topic.topic)} | ${topic.runs} | ${topic.drafts} | ${topic.published} | ${usd(topic.usd)} | ${usdOrDash(topic.usdPerDraft)} | ${usdOrDash(topic.usdPerPublishedDraft)} |`,
      );
    lines.push('');
  }
  lines.push(`${trendLine(costs)}`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The Mermaid `xychart-beta` of the month's spend per night: one bar per day from the 1st to the
 * latest night with a run (days without one are 0).
 */
export function spendChartOf(costs: MonthCosts): string {
  const lastDay = Number(costs.nights.at(-1)?.date.slice(8, 10) ?? '1');
  const byDay = new Map(costs.nights.map((night) => [Number(night.date.slice(8, 10)), night.usd]));
  const days = Array.from({ length: lastDay }, (_, index) => index + 1);
  const values = days.map((day) => Number((byDay.get(day) ?? 0).toFixed(4)));
  const top = Math.max(0, ...values);
  // A round top a little above the highest bar, never 0 (Mermaid needs a range).
  const axisTop = top > 0 ? Number((top * 1.2).toPrecision(2)) : 1;
  return [
    'xychart-beta',
    `    title "Spend per night, ${costs.month} (USD)"`,
    `    x-axis "day" [${days.map((day) => `"${String(day).padStart(2, '0')}"`).join(', ')}]`,
    `    y-axis "USD" 0 --> ${axisTop}`,
    `    bar [${values.join(', ')}]`,
  ].join('\n');
}

/** Topics with a published draft first, dearest per published draft first; then the rest by dollars. */
function rankedByPublished(topics: readonly TopicCosts[]): TopicCosts[] {
  return [...topics].sort((a, b) => {
    if (a.usdPerPublishedDraft === null || b.usdPerPublishedDraft === null)
      return a.usdPerPublishedDraft === null
        ? b.usdPerPublishedDraft === null
          ? b.usd - a.usd
          : 1
        : -1;
    return b.usdPerPublishedDraft - a.usdPerPublishedDraft;
  });
}

function headline(costs: MonthCosts, markdown: boolean): string {
  const spent = markdown ? `**${usd(costs.totalUsd)}**` : usd(costs.totalUsd);
  const budget =
    costs.budgetUsd === null
      ? `${spent} month to date (no monthly budget: set budget.monthlyUsd in .research-draft.yaml)`
      : `${spent} of the ${usd(costs.budgetUsd)} monthly budget (${Math.round((costs.totalUsd / costs.budgetUsd) * 100)}%), ${usd(costs.leftUsd ?? 0)} left`;
  const stops = costs.budgetStops > 0 ? `, ${costs.budgetStops} budget stop(s)` : '';
  return `${budget}; ${costs.runs} run(s), ${costs.drafts} draft(s), ${costs.published} published${stops}; cache reads saved ${usd(costs.cacheSavingsUsd)}`;
}

function trendLine(costs: MonthCosts): string {
  const { trend } = costs;
  const sign = trend.changeUsd >= 0 ? '+' : '-';
  const pct = trend.changePct === null ? '' : ` (${sign}${Math.abs(trend.changePct).toFixed(0)}%)`;
  return `Trend: ${trend.month} spent ${usd(trend.sameDayUsd)} by the same day (${usd(trend.totalUsd)} in all); this month ${sign}${usd(Math.abs(trend.changeUsd))}${pct}.`;
}

function aligned(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((value, column) =>
        column === 0 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd(),
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}

function usdOrDash(value: number | null): string {
  return value === null ? '-' : usd(value);
}
