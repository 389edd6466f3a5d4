import type { Command } from 'commander';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadTopic } from '../core/topic.js';
import type { ClaudeFactory } from '../engines/choose.js';
import { submitBatch } from '../run/batch-submit.js';
import { collectBatch } from '../run/batch-collect.js';
import type { CommandIO } from './io.js';

/** What the batch commands need besides the io (injected so that tests stay offline and quick). */
export interface BatchDeps {
  /** Creates the Claude engine that critiques and revises a collected draft. */
  claude?: ClaudeFactory;
  /** Waits between polls (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** Flags of `batch submit` (and of `run --batch`). */
export interface SubmitFlags {
  model?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * Registers `batch submit <topic>...` and `batch poll <state-file>`: nightly bulk mode, where the
 * drafts of several topics are written through the Message Batches API at half price.
 *
 * @param deps The Claude engine factory (needed by `poll`) and the poll timer.
 */
export function registerBatchCommand(program: Command, io: CommandIO, deps: BatchDeps = {}): void {
  const batch = program
    .command('batch')
    .description(
      'nightly bulk mode: draft several topics through the Message Batches API at half price (needs ANTHROPIC_API_KEY)',
    );
  batch
    .command('submit')
    .description(
      'fetch, extract and dedupe each topic, then submit one Message Batch with a drafting request per topic that has new sources; writes .pipeline/batches/<batch id>.json',
    )
    .argument('<topic...>', 'topic names in pipelines/ or paths to topic files')
    .option('--model <model>', 'Claude model id (default: the topics’ model, else the default)')
    .option('--json', 'print the batch as one JSON document on stdout')
    .option('-q, --quiet', 'no progress lines on stderr')
    .action(async (names: string[], flags: SubmitFlags) => {
      await submitTopics(io, names, flags);
    });
  batch
    .command('poll')
    .description(
      'collect a batch: write each finished draft into its run folder and resume the run (critique, write); safe to run again',
    )
    .argument('<state-file>', 'the state file printed by batch submit')
    .option('--wait', 'poll until the batch has ended (default: poll once)')
    .option('--interval <seconds>', 'seconds between polls with --wait', '30')
    .option('--json', 'print what was collected as one JSON document on stdout')
    .option('-q, --quiet', 'no progress lines on stderr')
    .action((file: string, flags: PollFlags) => pollCommand(io, deps, file, flags));
}

/**
 * `batch submit`: runs each topic up to its draft, then submits one Message Batch with the
 * drafting request of every topic that has new sources, and saves its state file.
 *
 * @param names Topic names or files.
 * @returns The state file (relative to the root), or null when nothing was submitted.
 */
export async function submitTopics(
  io: CommandIO,
  names: string[],
  flags: SubmitFlags,
): Promise<string | null> {
  // Topics are all loaded first, so a typo stops the night before anything is fetched.
  const topics = names.map((name) => loadTopic(name, join(io.root, 'pipelines')));
  const progress = flags.quiet ? () => {} : (line: string) => io.logger.error(line);
  const result = await submitBatch({
    root: io.root,
    topics,
    env: io.env,
    logger: io.logger,
    progress,
    ...(flags.model ? { model: flags.model } : {}),
  });
  const { batchId, model, stateFile, items, others } = result;
  for (const other of others) progress(`${other.topic}: ${other.outcome}: ${other.message}`);
  if (flags.json) {
    io.out(`${JSON.stringify({ batchId, model, stateFile, items, others })}\n`);
  } else if (stateFile) {
    io.out(
      `batch ${batchId}: ${items.length} draft(s) of ${topics.length} topic(s) at half price\n`,
    );
    io.out(`state: ${stateFile}\npoll with: npm run -s cli -- batch poll ${stateFile} --wait\n`);
  } else {
    io.out(`no batch submitted: no topic had a draft to request\n`);
  }
  io.setExitCode(result.broken > 0 ? 1 : 0);
  return stateFile;
}

/** Flags of `batch poll`. */
export interface PollFlags {
  wait?: boolean;
  interval: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `batch poll <state-file>`: collects what the batch has finished (see `collectBatch`) and says
 * what each run became.
 *
 * @param deps The Claude engine factory (critique's revisions) and the poll timer.
 * @param file The state file, relative to the project root or absolute.
 */
export async function pollCommand(
  io: CommandIO,
  deps: BatchDeps,
  file: string,
  flags: PollFlags,
): Promise<void> {
  const intervalS = Number(flags.interval);
  if (!Number.isFinite(intervalS) || intervalS <= 0) {
    throw new UsageError(
      `batch poll: --interval must be a number of seconds above 0 (got "${flags.interval}")`,
    );
  }
  const result = await collectBatch({
    root: io.root,
    stateFile: file,
    wait: flags.wait === true,
    intervalMs: intervalS * 1000,
    env: io.env,
    logger: io.logger,
    progress: flags.quiet ? () => {} : (line: string) => io.logger.error(line),
    ...(deps.claude ? { claude: deps.claude } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const { batchId, status, collected } = result;
  if (flags.json) io.out(`${JSON.stringify({ batchId, status, collected })}\n`);
  else {
    io.out(`batch ${batchId}: ${status}\n`);
    for (const c of collected) io.out(`${c.topic}: ${c.outcome}: ${c.message}\n`);
  }
  io.setExitCode(result.failed > 0 ? 1 : 0);
}
