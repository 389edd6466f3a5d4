import { DraftMoveError, moveDraft } from '../editorial/move-draft.js';
import { messageOf } from '../core/errors.js';
import type { CommandIO, RegisterCommand } from './io.js';

/** Default folder of published posts. */
export const DEFAULT_PUBLISHED_DIR = 'content/posts';
/** Folder of rejected drafts. */
export const REJECTED_DIR = 'content/.rejected';

/** `promote <draft.md>...`: approved pending drafts join the published corpus. */
export const registerPromoteCommand: RegisterCommand = (program, io) => {
  program
    .command('promote')
    .description(
      'move approved drafts from content/pending/ to the published folder with status: published',
    )
    .argument('<draft...>', 'pending draft files (content/pending/<slug>.md)')
    .option('--to <dir>', 'published folder', DEFAULT_PUBLISHED_DIR)
    .option('--json', 'print {"moved":[{"from","to"}],"errors":[{"file","error"}]}')
    .action((drafts: string[], flags: { to: string; json?: boolean }) => {
      const date = new Date().toISOString().slice(0, 10);
      moveAll(io, drafts, flags.json === true, (draft) =>
        moveDraft({
          draft,
          root: io.root,
          toDir: flags.to,
          status: 'published',
          fields: { published: date },
        }),
      );
    });
};

/** `reject <draft.md>... [--reason TEXT]`: drafts that are never proposed again. */
export const registerRejectCommand: RegisterCommand = (program, io) => {
  program
    .command('reject')
    .description(
      'move drafts from content/pending/ to content/.rejected/ with status: rejected, the reason and the date; their sources are never proposed again',
    )
    .argument('<draft...>', 'pending draft files (content/pending/<slug>.md)')
    .option('--reason <text>', 'why the draft was rejected', 'rejected by the editor')
    .option('--json', 'print {"moved":[{"from","to"}],"errors":[{"file","error"}]}')
    .action((drafts: string[], flags: { reason: string; json?: boolean }) => {
      const date = new Date().toISOString().slice(0, 10);
      moveAll(io, drafts, flags.json === true, (draft) =>
        moveDraft({
          draft,
          root: io.root,
          toDir: REJECTED_DIR,
          status: 'rejected',
          fields: { rejected: { date, reason: flags.reason } },
        }),
      );
    });
};

function moveAll(
  io: CommandIO,
  drafts: string[],
  json: boolean,
  move: (draft: string) => string,
): void {
  const moved: Array<{ from: string; to: string }> = [];
  const errors: Array<{ file: string; error: string }> = [];
  let broken = false;
  for (const draft of drafts) {
    try {
      moved.push({ from: draft, to: move(draft) });
    } catch (error) {
      // A refused draft is bad input (exit 2); a file system failure is breakage (exit 1).
      if (!(error instanceof DraftMoveError)) broken = true;
      errors.push({ file: draft, error: messageOf(error) });
    }
  }
  if (json) io.out(`${JSON.stringify({ moved, errors })}\n`);
  else {
    for (const item of moved) io.out(`${item.from} -> ${item.to}\n`);
    for (const item of errors) io.logger.error(`error: ${item.error}`);
  }
  io.setExitCode(errors.length === 0 ? 0 : broken ? 1 : 2);
}
