import { join } from 'node:path';
import type { StageContext } from '../core/context.js';
import { PipelineError, UsageError, messageOf } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Topic } from '../core/topic.js';
import type { DraftRequest } from '../engines/types.js';
import { apiOf, saveBatchState, updateRun } from './batch-state.js';
import { runTopic } from './pipeline.js';
import type { Progress } from './runner.js';

/** Options of {@link submitBatch}. */
export interface SubmitBatchOptions {
  root: string;
  /** The topics, loaded (a typo has stopped the night before anything was fetched). */
  topics: Topic[];
  /** Model id for every request (default: the topics' model, else the default). */
  model?: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  progress: Progress;
}

/** A topic that is not in the batch, and why. */
export interface NotSubmitted {
  topic: string;
  /** Its run id, or '' when the run could not start. */
  runId: string;
  outcome: string;
  message: string;
}

/** What {@link submitBatch} did. */
export interface SubmitBatchResult {
  /** The batch id, or null when nothing was submitted. */
  batchId: string | null;
  model: string;
  /** The state file, relative to the root, or null when nothing was submitted. */
  stateFile: string | null;
  items: Array<{ customId: string; topic: string; runId: string }>;
  others: NotSubmitted[];
  /** Topics whose run failed (the command exits 1). */
  broken: number;
}

interface Queued {
  customId: string;
  runId: string;
  topic: Topic;
  request: DraftRequest;
  ctx: StageContext;
}

/**
 * Nightly bulk mode, first half: runs each topic up to dedupe (the run stops there with outcome
 * `batched`), then submits one Message Batch with the drafting request of every topic that has new
 * sources, and saves its state file (`.pipeline/batches/<batch id>.json`). A broken topic is
 * reported and does not cost the others their night.
 *
 * @throws UsageError when the topics ask for several models and none is given.
 */
export async function submitBatch(options: SubmitBatchOptions): Promise<SubmitBatchResult> {
  const { root, topics, progress } = options;
  const api = apiOf(options.env);
  const models = new Set(topics.map((topic) => topic.model).filter((m) => m !== undefined));
  if (!options.model && models.size > 1) {
    throw new UsageError(
      `batch: the ${topics.length} topics ask for ${models.size} models (${[...models].join(', ')}); one batch has one model: pass --model`,
    );
  }
  const { DEFAULT_MODEL } = await import('../engines/claude/prices.js');
  const model = options.model ?? [...models][0] ?? DEFAULT_MODEL;
  const queued: Queued[] = [];
  const others: NotSubmitted[] = [];
  let broken = 0;
  for (const [index, topic] of topics.entries()) {
    progress(`${topic.name}: fetch, extract, dedupe`);
    const customId = `${index + 1}-${topic.name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
    try {
      const record = await runTopic({
        topic,
        engine: {
          id: `claude:${model}`,
          reason: 'claude: batch submit (Message Batches API, half price)',
        },
        root,
        logger: options.logger,
        progress,
        env: options.env,
        stopAfterDedupe: {
          outcome: 'batched',
          why: 'waiting for a Message Batch',
          take: (request, ctx) => {
            queued.push({ customId, runId: ctx.runId, topic, request, ctx });
            return 'waiting for a Message Batch (batch submit)';
          },
        },
      });
      if (record.outcome !== 'batched') {
        others.push({
          topic: topic.name,
          runId: record.runId,
          outcome: record.outcome,
          message: record.message,
        });
      }
    } catch (error) {
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
      updateRun(root, q.runId, (record) => {
        record.outcome = 'failed';
        record.error = { stage: 'draft', message: messageOf(error) };
        record.message = `draft failed: batch submit: ${messageOf(error)}`;
      });
    }
    throw error;
  }
  for (const refused of state.refused) {
    const item = queued.find((q) => q.customId === refused.customId)!;
    updateRun(root, item.runId, (record) => {
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
    saveBatchState(join(root, stateFile), {
      ...state,
      runs: Object.fromEntries(submitted.map((q) => [q.customId, q.runId])),
      topicFiles: Object.fromEntries(submitted.map((q) => [q.customId, q.topic.file])),
      collected: {},
    });
    for (const q of submitted) {
      updateRun(root, q.runId, (record) => {
        record.message = `waiting for Message Batch ${state.batchId}: npm run -s cli -- batch poll ${stateFile}`;
      });
    }
  }
  const items = state.items.map((i) => ({
    customId: i.customId,
    topic: i.topic,
    runId: queued.find((q) => q.customId === i.customId)!.runId,
  }));
  return { batchId: state.batchId || null, model, stateFile, items, others, broken };
}
