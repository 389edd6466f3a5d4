import type { Command } from 'commander';
import { join } from 'node:path';
import type { StageContext } from '../core/context.js';
import { PipelineError, UsageError, messageOf } from '../core/errors.js';
import { loadTopic, type Topic } from '../core/topic.js';
import type { ClaudeFactory } from '../engines/choose.js';
import { runTopic } from '../run/pipeline.js';
import type { Article } from '../stages/extract/types.js';
import { pollCommand, type PollFlags } from '../run/batch-collect.js';
import { apiOf, batchEngineOf, saveBatchState, updateRun } from '../run/batch-state.js';
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

interface Queued {
  customId: string;
  runId: string;
  topic: Topic;
  request: { articles: Article[]; sections: string[] };
  ctx: StageContext;
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
  const api = apiOf(io.env);
  // Topics are all loaded first, so a typo stops the night before anything is fetched.
  const topics = names.map((name) => loadTopic(name, join(io.root, 'pipelines')));
  const models = new Set(topics.map((topic) => topic.model).filter((m) => m !== undefined));
  if (!flags.model && models.size > 1) {
    throw new UsageError(
      `batch: the ${topics.length} topics ask for ${models.size} models (${[...models].join(', ')}); one batch has one model: pass --model`,
    );
  }
  const { DEFAULT_MODEL } = await import('../engines/claude/prices.js');
  const model = flags.model ?? [...models][0] ?? DEFAULT_MODEL;
  const progress = flags.quiet ? () => {} : (line: string) => io.logger.error(line);
  const queued: Queued[] = [];
  const others: Array<{ topic: string; runId: string; outcome: string; message: string }> = [];
  let broken = 0;
  for (const [index, topic] of topics.entries()) {
    progress(`${topic.name}: fetch, extract, dedupe`);
    const customId = `${index + 1}-${topic.name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
    try {
      const record = await runTopic({
        topic,
        engine: batchEngineOf(model),
        root: io.root,
        logger: io.logger,
        progress,
        env: io.env,
        stopAfterDedupe: (request, ctx) => {
          queued.push({ customId, runId: ctx.runId, topic, request, ctx });
          return 'waiting for a Message Batch (batch submit)';
        },
      });
      if (record.outcome !== 'batched') {
        others.push({ topic: topic.name, runId: record.runId, ...outcomeOf(record) });
      }
    } catch (error) {
      // One broken topic does not cost the others their night: it is reported, and exits 1.
      if (!(error instanceof PipelineError)) throw error;
      broken++;
      others.push({ topic: topic.name, runId: '', outcome: 'failed', message: messageOf(error) });
    }
  }
  const { submitDraftBatch } = await import('../engines/claude/batch.js');
  let state;
  try {
    state = await submitDraftBatch(
      queued.map(({ customId, request, ctx }) => ({ customId, request, ctx })),
      { ...api, model },
    );
  } catch (error) {
    // No batch exists for these runs: their records must not say they are waiting for one.
    for (const q of queued) {
      updateRun(io.root, q.runId, (record) => {
        record.outcome = 'failed';
        record.error = { stage: 'draft', message: messageOf(error) };
        record.message = `draft failed: batch submit: ${messageOf(error)}`;
      });
    }
    throw error;
  }
  for (const refused of state.refused) {
    const item = queued.find((q) => q.customId === refused.customId)!;
    updateRun(io.root, item.runId, (record) => {
      record.outcome = 'budget-stop';
      record.message = `budget stop: ${refused.reason}; not submitted to the batch`;
    });
    others.push({
      topic: item.topic.name,
      runId: item.runId,
      outcome: 'budget-stop',
      message: refused.reason,
    });
  }
  let stateFile: string | null = null;
  if (state.batchId) {
    stateFile = join('.pipeline', 'batches', `${state.batchId}.json`);
    const submitted = queued.filter((q) => state.items.some((i) => i.customId === q.customId));
    saveBatchState(join(io.root, stateFile), {
      ...state,
      runs: Object.fromEntries(submitted.map((q) => [q.customId, q.runId])),
      topicFiles: Object.fromEntries(submitted.map((q) => [q.customId, q.topic.file])),
      collected: {},
    });
    for (const q of submitted) {
      updateRun(io.root, q.runId, (record) => {
        record.message = `waiting for Message Batch ${state.batchId}: npm run -s cli -- batch poll ${stateFile}`;
      });
    }
  }
  const items = state.items.map((i) => ({
    customId: i.customId,
    topic: i.topic,
    runId: queued.find((q) => q.customId === i.customId)!.runId,
  }));
  for (const other of others) progress(`${other.topic}: ${other.outcome}: ${other.message}`);
  if (flags.json) {
    io.out(
      `${JSON.stringify({ batchId: state.batchId || null, model, stateFile, items, others })}\n`,
    );
  } else if (stateFile) {
    io.out(
      `batch ${state.batchId}: ${items.length} draft(s) of ${topics.length} topic(s) at half price\n`,
    );
    io.out(`state: ${stateFile}\npoll with: npm run -s cli -- batch poll ${stateFile} --wait\n`);
  } else {
    io.out(`no batch submitted: no topic had a draft to request\n`);
  }
  io.setExitCode(broken > 0 ? 1 : 0);
  return stateFile;
}

function outcomeOf(record: { outcome: string; message: string }) {
  return { outcome: record.outcome, message: record.message };
}
