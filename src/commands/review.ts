import { loadConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { listPendingDrafts } from '../review/pending.js';
import { startReviewServer } from '../review/server.js';
import type { RegisterCommand } from './io.js';
import { lockWaitMsOf } from './lock-wait.js';
import { DEFAULT_MOVE_LOCK_WAIT_S } from './promote.js';

interface ReviewFlags {
  port: string;
  lockWait: string;
}

/**
 * `review [--port N]`: serves the pending drafts' evidence views on 127.0.0.1 until interrupted;
 * Approve and Reject run promote and reject. Nothing pending: says so, starts nothing, exit 0.
 */
export const registerReviewCommand: RegisterCommand = (program, io) => {
  program
    .command('review')
    .description(
      'serve the pending drafts on http://127.0.0.1:<port>/: each sentence beside its evidence, with Approve (promote) and Reject (reject, with a reason); stops on Ctrl-C. With nothing pending it says so and starts nothing (exit 0)',
    )
    .option('--port <port>', 'port on 127.0.0.1 (0: a free port)', '0')
    .option(
      '--lock-wait <seconds>',
      'longest wait for the project lock when approving or rejecting',
      String(DEFAULT_MOVE_LOCK_WAIT_S),
    )
    .action(async (flags: ReviewFlags) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535)
        throw new UsageError(
          `review: --port must be a port number from 0 to 65535 (got "${flags.port}")`,
        );
      const lockWaitMs = lockWaitMsOf('review', flags.lockWait);
      const config = loadConfig(io.root);
      const pending = listPendingDrafts(io.root, config);
      if (pending.length === 0) {
        io.out(`nothing pending in ${config.pending}/: no review server started\n`);
        return;
      }
      const server = await startReviewServer({
        root: io.root,
        config,
        logger: io.logger,
        port,
        lockWaitMs,
      });
      io.out(`review: ${server.url} (${pending.length} pending draft(s); Ctrl-C stops)\n`);
      // Serves until the operator interrupts it; the server then closes its connections.
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
};
