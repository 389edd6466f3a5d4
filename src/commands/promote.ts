import { resolve } from 'node:path';
import { loadConfig } from '../core/config.js';
import { checkTargetDir } from '../editorial/check-target.js';
import { promoteDrafts, rejectDrafts, type MoveReport } from '../editorial/moves.js';
import { cwdOf, type CommandIO, type RegisterCommand } from './io.js';
import { lockWaitMsOf } from './lock-wait.js';

/** Default `--lock-wait` of promote and reject, in seconds. */
export const DEFAULT_MOVE_LOCK_WAIT_S = 60;

interface MoveFlags {
  json?: boolean;
  lockWait: string;
}

/** `promote <draft.md>...`: approved pending drafts join the published corpus. */
export const registerPromoteCommand: RegisterCommand = (program, io) => {
  program
    .command('promote')
    .description(
      'publish approved drafts: from the pending folder (content/pending/ by default) to the first published folder of the project config (content/posts/), named and with the frontmatter its profile gives',
    )
    .argument('<draft...>', 'pending draft files (content/pending/<slug>.md by default)')
    .option(
      '--to <dir>',
      'move the drafts as they are (status and day set) to this folder inside content/ instead',
    )
    .option('--json', 'print {"moved":[{"from","to"}],"errors":[{"file","error"}]}')
    .option(
      '--lock-wait <seconds>',
      'longest wait for the project lock held by a run or another move',
      String(DEFAULT_MOVE_LOCK_WAIT_S),
    )
    .action(async (drafts: string[], flags: MoveFlags & { to?: string }) => {
      const lockWaitMs = lockWaitMsOf('promote', flags.lockWait);
      const config = loadConfig(io.root);
      const report = await promoteDrafts(drafts, {
        root: io.root,
        cwd: cwdOf(io),
        config,
        lockWaitMs,
        logger: io.logger,
        ...(flags.to === undefined
          ? {}
          : { toDir: checkTargetDir(io.root, resolve(cwdOf(io), flags.to), 'promote: --to') }),
      });
      printReport(io, report, flags.json === true);
    });
};

/** `reject <draft.md>... [--reason TEXT]`: drafts that are never proposed again. */
export const registerRejectCommand: RegisterCommand = (program, io) => {
  program
    .command('reject')
    .description(
      'move drafts from the pending folder to the rejected folder of the project config (content/.rejected/ by default) with status: rejected, the reason and the date; their sources are never proposed again',
    )
    .argument('<draft...>', 'pending draft files (content/pending/<slug>.md by default)')
    .option('--reason <text>', 'why the draft was rejected', 'rejected by the editor')
    .option('--json', 'print {"moved":[{"from","to"}],"errors":[{"file","error"}]}')
    .option(
      '--lock-wait <seconds>',
      'longest wait for the project lock held by a run or another move',
      String(DEFAULT_MOVE_LOCK_WAIT_S),
    )
    .action(async (drafts: string[], flags: MoveFlags & { reason: string }) => {
      const lockWaitMs = lockWaitMsOf('reject', flags.lockWait);
      const config = loadConfig(io.root);
      const report = await rejectDrafts(drafts, {
        root: io.root,
        cwd: cwdOf(io),
        config,
        lockWaitMs,
        logger: io.logger,
        reason: flags.reason,
      });
      printReport(io, report, flags.json === true);
    });
};

/** Prints what moved and what was refused; exit 2 for a refused draft, 1 for breakage. */
function printReport(io: CommandIO, report: MoveReport, json: boolean): void {
  const { moved, errors } = report;
  if (json) io.out(`${JSON.stringify({ moved, errors })}\n`);
  else {
    for (const item of moved) io.out(`${item.from} -> ${item.to}\n`);
    for (const item of errors) io.logger.error(`error: ${item.error}`);
  }
  io.setExitCode(errors.length === 0 ? 0 : report.broken ? 1 : 2);
}
