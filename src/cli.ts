#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError, PipelineError, TopicError, UsageError, messageOf } from './core/errors.js';
import { createLogger, type LogLevel } from './core/logger.js';
import { findProjectRoot } from './core/project-root.js';
import { redactCredentials } from './core/redact.js';
import type { ClaudeFactory } from './engines/choose.js';
import type { CommandIO } from './commands/io.js';
import { registerBatchCommand } from './commands/batch.js';
import { registerCostsCommand } from './commands/costs.js';
import { registerCritiqueCommand } from './commands/critique.js';
import { registerDedupeCommand } from './commands/dedupe.js';
import { registerExtractCommand } from './commands/extract.js';
import { registerInitCommand } from './commands/init.js';
import { registerPromoteCommand, registerRejectCommand } from './commands/promote.js';
import { registerReportCommand } from './commands/report.js';
import { registerReviewCommand } from './commands/review.js';
import { registerRunCommand } from './commands/run.js';
import { registerSourcesCommand } from './commands/sources.js';

/**
 * The command line: `npm run pipeline <topic>` is `cli.js run <topic>`; `npm run -s cli -- <command>`
 * runs the others. The only place that touches the console and the only `process.exit`.
 */
async function main(argv: string[]): Promise<number> {
  const level =
    (process.env.PIPELINE_LOG_LEVEL as LogLevel | undefined) ??
    (argv.includes('--verbose') ? 'debug' : 'warn');
  let exitCode = 0;
  const cwd = process.cwd();
  let root: string | undefined;
  const io: CommandIO = {
    // Everything printed is redacted: reports, --json documents, error lines.
    out: (text) => process.stdout.write(redactCredentials(text)),
    logger: createLogger(level),
    // Looked up when a command first needs it: extract, dedupe and critique work outside a project.
    get root() {
      return (root ??= findProjectRoot(cwd));
    },
    cwd,
    env: process.env,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command()
    .name('research-draft')
    .description('Research-to-draft content pipeline: sourced, checked drafts in content/pending/.')
    .option('--verbose', 'debug logs on stderr (or set PIPELINE_LOG_LEVEL)')
    .showHelpAfterError()
    .exitOverride();
  // The SDK is loaded only when Claude is chosen, so offline runs start faster.
  const claude: ClaudeFactory = async (options) =>
    (await import('./engines/claude/index.js')).createClaudeEngine({
      ...options,
      logger: io.logger,
    });
  registerRunCommand(program, io, { claude });
  registerBatchCommand(program, io, { claude });
  registerSourcesCommand(program, io);
  registerExtractCommand(program, io);
  registerDedupeCommand(program, io);
  registerCritiqueCommand(program, io);
  registerPromoteCommand(program, io);
  registerRejectCommand(program, io);
  registerReportCommand(program, io);
  registerReviewCommand(program, io);
  registerCostsCommand(program, io);
  registerInitCommand(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits with code 0; every other commander error is bad usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`error: ${redactCredentials(messageOf(error))}
`);
    if (error instanceof TopicError || error instanceof ConfigError || error instanceof UsageError)
      return 2;
    if (!(error instanceof PipelineError) && error instanceof Error && error.stack) {
      process.stderr.write(`${redactCredentials(error.stack)}\n`);
    }
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fatal: ${redactCredentials(messageOf(error))}\n`);
    process.exit(1);
  },
);
