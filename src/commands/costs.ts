import { loadConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { MONTH_PATTERN, monthOf } from '../costs/cost-ledger.js';
import { renderCostsMarkdown, renderCostsTable } from '../costs/month-render.js';
import { summarizeMonth } from '../costs/month-summary.js';
import type { RegisterCommand } from './io.js';

interface CostsFlags {
  month?: string;
  json?: boolean;
  markdown?: boolean;
}

/** `costs [--month YYYY-MM] [--json|--markdown]`: the month's spend from the cost ledger. */
export const registerCostsCommand: RegisterCommand = (program, io) => {
  program
    .command('costs')
    .description(
      "the month's spend from the cost ledger kept in the repository (the project config's costs folder, .research-draft/costs/ by default): per topic and per stage, drafts, dollars per draft and per published draft, cache savings, the trend against last month",
    )
    .option('--month <YYYY-MM>', 'the month (UTC; default: this month)')
    .option(
      '--json',
      'print {"month","totalUsd","budgetUsd","topics":[{"topic","runs","drafts","usd","byStage"}],"nights":[{"date","usd"}],...}',
    )
    .option(
      '--markdown',
      'print the Markdown fragment of the review PR body and job summary: the month against the budget, a Mermaid chart of spend per night, the top topics by cost per published draft',
    )
    .action((flags: CostsFlags) => {
      if (flags.json && flags.markdown)
        throw new UsageError('costs: --json and --markdown cannot be used together');
      const month = flags.month ?? monthOf(new Date());
      if (!MONTH_PATTERN.test(month))
        throw new UsageError(`costs: --month must be YYYY-MM, e.g. 2026-12 (got "${month}")`);
      const costs = summarizeMonth(loadConfig(io.root), month);
      for (const problem of costs.problems)
        io.logger.warn(`costs: ledger line skipped: ${problem}`);
      if (flags.json) io.out(`${JSON.stringify(costs)}\n`);
      else if (flags.markdown) io.out(renderCostsMarkdown(costs));
      else io.out(renderCostsTable(costs));
      io.setExitCode(0);
    });
};
