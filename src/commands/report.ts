import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadRunRecord, type RunRecord } from '../core/run-record.js';
import { renderPrBody } from '../report/pr-body.js';
import { renderReport } from '../report/render.js';
import { cwdOf, type RegisterCommand } from './io.js';

/** `report <run>...`: the run report (or, with `--pr`, the review PR body) from run records. */
export const registerReportCommand: RegisterCommand = (program, io) => {
  program
    .command('report')
    .description(
      'print the run report of runs (the report.md text), or with --pr the review PR body for all of them',
    )
    .argument('<run...>', 'run folders (.pipeline/runs/<id>) or run ids')
    .option(
      '--pr',
      'print the review pull request body: per draft its file, sources, drops, findings, tokens and dollars, and the total',
    )
    .option('--title <text>', 'heading of the PR body', 'Nightly drafts')
    .action((runs: string[], flags: { pr?: boolean; title: string }) => {
      const records: RunRecord[] = runs.map((run) => {
        const dir = run.includes('/')
          ? resolve(cwdOf(io), run)
          : join(io.root, '.pipeline', 'runs', run);
        const record = loadRunRecord(dir);
        if (!record) throw new UsageError(`report: no run record (run.json) in ${dir}`);
        return record;
      });
      io.out(flags.pr ? renderPrBody(records, flags.title) : records.map(renderReport).join('\n'));
      io.setExitCode(0);
    });
};
