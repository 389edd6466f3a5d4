import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document } from 'yaml';
import { loadConfig, publishedPathOf } from '../core/config.js';
import { appendLedger, type LedgerEntry } from '../core/ledger.js';
import { publishedFormOf } from '../editorial/publish.js';
import { checkTargetDir } from '../editorial/check-target.js';
import { DraftMoveError, moveDraft } from '../editorial/move-draft.js';
import { messageOf } from '../core/errors.js';
import { acquireProjectLock } from '../core/project-lock.js';
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
      const now = new Date();
      const date = now.toISOString().slice(0, 10);
      const ledger: LedgerEntry[] = [];
      // --to: the draft moves as it is (status and day set); otherwise the project's profile
      // decides the path (file-name pattern) and the frontmatter, and the ledger keeps the rest.
      const toDir =
        flags.to === undefined
          ? resolve(io.root, config.published[0]!)
          : checkTargetDir(io.root, resolve(cwdOf(io), flags.to), 'promote: --to');
      const place =
        flags.to === undefined
          ? (frontmatter: Document, body: string, fileName: string) => {
              const form = publishedFormOf(frontmatter, body, config, now);
              // A draft without a slug field keeps its file name.
              const slug = form.ledger.slug || fileName.replace(/\.(md|markdown|mdx)$/, '');
              const path = publishedPathOf(config, slug, date);
              form.ledger.slug = slug;
              ledger.push({ ...form.ledger, path });
              return { path, text: form.text };
            }
          : undefined;
      try {
        await moveAll(io, 'promote', drafts, flags.json === true, lockWaitMs, (draft) =>
          moveDraft({
            draft,
            root: io.root,
            toDir,
            status: 'published',
            fields: { published: date },
            pendingDir: config.pending,
            movedTo: [...config.published, config.rejected],
            ...(place ? { place } : {}),
          }),
        );
      } finally {
        // The ledger is needed only when the profile takes fields out of the published post.
        if (config.frontmatter.keep !== 'all')
          appendLedger(
            resolve(io.root, config.ledger),
            ledger.filter((entry) => existsSync(resolve(io.root, entry.path))),
          );
      }
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
      const date = new Date().toISOString().slice(0, 10);
      const config = loadConfig(io.root);
      await moveAll(io, 'reject', drafts, flags.json === true, lockWaitMs, (draft) =>
        moveDraft({
          draft,
          root: io.root,
          toDir: config.rejected,
          status: 'rejected',
          fields: { rejected: { date, reason: flags.reason } },
          pendingDir: config.pending,
          movedTo: [...config.published, config.rejected],
        }),
      );
    });
};

/**
 * Moves each draft under the project lock, so that a promote and a reject of the same draft (or a
 * run writing drafts) never interleave: the second finds the draft already moved.
 */
async function moveAll(
  io: CommandIO,
  command: 'promote' | 'reject',
  drafts: string[],
  json: boolean,
  lockWaitMs: number,
  move: (draft: string) => string,
): Promise<void> {
  const moved: Array<{ from: string; to: string }> = [];
  const errors: Array<{ file: string; error: string }> = [];
  let broken = false;
  const lock = await acquireProjectLock(io.root, {
    purpose: command,
    logger: io.logger,
    waitMs: lockWaitMs,
  });
  try {
    for (const draft of drafts) {
      try {
        moved.push({ from: draft, to: move(resolve(cwdOf(io), draft)) });
      } catch (error) {
        // A refused draft is bad input (exit 2); a file system failure is breakage (exit 1).
        if (!(error instanceof DraftMoveError)) broken = true;
        errors.push({ file: draft, error: messageOf(error) });
      }
    }
  } finally {
    lock.release();
  }
  if (json) io.out(`${JSON.stringify({ moved, errors })}\n`);
  else {
    for (const item of moved) io.out(`${item.from} -> ${item.to}\n`);
    for (const item of errors) io.logger.error(`error: ${item.error}`);
  }
  io.setExitCode(errors.length === 0 ? 0 : broken ? 1 : 2);
}
