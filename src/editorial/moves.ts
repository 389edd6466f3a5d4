import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document } from 'yaml';
import { publishedPathOf, type ProjectConfig } from '../core/config.js';
import { messageOf } from '../core/errors.js';
import { appendLedger, type LedgerEntry } from '../core/ledger.js';
import type { Logger } from '../core/logger.js';
import { acquireProjectLock } from '../core/project-lock.js';
import { DraftMoveError, moveDraft } from './move-draft.js';
import { publishedFormOf } from './publish.js';

/** What a promote or a reject did, draft by draft. */
export interface MoveReport {
  moved: Array<{ from: string; to: string }>;
  errors: Array<{ file: string; error: string }>;
  /** Whether an error was a file-system failure (exit 1) rather than a refused draft (exit 2). */
  broken: boolean;
}

/** What every move needs. */
export interface MoveOptions {
  root: string;
  config: ProjectConfig;
  /** Longest wait for the project lock, in milliseconds. */
  lockWaitMs: number;
  logger: Logger;
  /** The folder relative draft paths are read from (default: `root`). */
  cwd?: string;
  /** The clock (default: now). */
  now?: Date;
}

/**
 * Publishes approved pending drafts, under the project lock (`promote`, and Approve in the review
 * server): into the first published folder, placed and stripped by the project's profile, with the
 * ledger keeping what the published post no longer says; or, with `toDir`, moved as they are with
 * `status: published` and the day set.
 *
 * @param drafts Pending draft files, absolute or relative to `options.cwd`, each reported as given.
 * @param options The project, the lock wait and `toDir` (an absolute folder already checked).
 */
export async function promoteDrafts(
  drafts: readonly string[],
  options: MoveOptions & { toDir?: string },
): Promise<MoveReport> {
  const { root, config } = options;
  const now = options.now ?? new Date();
  const date = now.toISOString().slice(0, 10);
  const ledger: LedgerEntry[] = [];
  // toDir: the draft moves as it is (status and day set); otherwise the project's profile
  // decides the path (file-name pattern) and the frontmatter, and the ledger keeps the rest.
  const toDir = options.toDir ?? resolve(root, config.published[0]!);
  const place =
    options.toDir === undefined
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
    return await moveAll('promote', drafts, options, (draft) =>
      moveDraft({
        draft,
        root,
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
        resolve(root, config.ledger),
        ledger.filter((entry) => existsSync(resolve(root, entry.path))),
      );
  }
}

/**
 * Rejects pending drafts, under the project lock (`reject`, and Reject in the review server): to
 * the rejected folder with `status: rejected`, the reason and the date.
 *
 * @param drafts Pending draft files, absolute or relative to `options.cwd`.
 * @param options The project, the lock wait and the reason.
 */
export async function rejectDrafts(
  drafts: readonly string[],
  options: MoveOptions & { reason: string },
): Promise<MoveReport> {
  const { root, config } = options;
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  return moveAll('reject', drafts, options, (draft) =>
    moveDraft({
      draft,
      root,
      toDir: config.rejected,
      status: 'rejected',
      fields: { rejected: { date, reason: options.reason } },
      pendingDir: config.pending,
      movedTo: [...config.published, config.rejected],
    }),
  );
}

/**
 * Moves each draft under the project lock, so that a promote and a reject of the same draft (or a
 * run writing drafts) never interleave: the second finds the draft already moved.
 */
async function moveAll(
  command: 'promote' | 'reject',
  drafts: readonly string[],
  options: MoveOptions,
  move: (draft: string) => string,
): Promise<MoveReport> {
  const report: MoveReport = { moved: [], errors: [], broken: false };
  const lock = await acquireProjectLock(options.root, {
    purpose: command,
    logger: options.logger,
    waitMs: options.lockWaitMs,
  });
  try {
    for (const draft of drafts) {
      try {
        report.moved.push({ from: draft, to: move(resolve(options.cwd ?? options.root, draft)) });
      } catch (error) {
        // A refused draft is bad input (exit 2); a file system failure is breakage (exit 1).
        if (!(error instanceof DraftMoveError)) report.broken = true;
        report.errors.push({ file: draft, error: messageOf(error) });
      }
    }
  } finally {
    lock.release();
  }
  return report;
}
