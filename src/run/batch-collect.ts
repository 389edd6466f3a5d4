import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError, PipelineError, UsageError, messageOf } from '../core/errors.js';
import { loadRunRecord, saveStageOutput } from '../core/run-record.js';
import { loadTopic } from '../core/topic.js';
import type { Logger } from '../core/logger.js';
import type { ClaudeFactory } from '../engines/choose.js';
import { runTopic } from './pipeline.js';
import type { Progress } from './runner.js';
import {
  apiOf,
  runDirOf,
  saveBatchState,
  updateRun,
  type CommandBatchState,
} from './batch-state.js';

/** Options of {@link collectBatch}. */
export interface CollectOptions {
  root: string;
  /** The state file, relative to the root or absolute. */
  stateFile: string;
  /** Poll until the batch has ended (default: poll once). */
  wait: boolean;
  /** Milliseconds between polls. */
  intervalMs: number;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  progress: Progress;
  /** Creates the Claude engine that critiques and revises a collected draft. */
  claude?: ClaudeFactory;
  /** Waits between polls (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** One collected draft: the run it resumed, and how that run ended. */
export interface Collected {
  customId: string;
  topic: string;
  runId: string;
  outcome: string;
  message: string;
}

/** What {@link collectBatch} did. */
export interface CollectResult {
  batchId: string;
  /** `ended`, or why nothing was collected (still processing, all collected already). */
  status: string;
  collected: Collected[];
  /** Drafts whose run failed (the command exits 1). */
  failed: number;
}

/**
 * Nightly bulk mode, second half: polls the batch (once, or until it has ended with `wait`), then
 * for each result not yet collected writes the draft as the run's `draft.json` and resumes the run,
 * so critique and write run as usual. The state file is updated after each run, so a process that
 * dies here loses nothing: the next poll skips what was collected.
 *
 * @throws UsageError for a missing state file, or no Claude engine to critique with.
 */
export async function collectBatch(options: CollectOptions): Promise<CollectResult> {
  const { root, progress } = options;
  const api = apiOf(options.env);
  const stateFile = resolve(root, options.stateFile);
  if (!existsSync(stateFile)) throw new UsageError(`batch poll: no state file ${stateFile}`);
  const { loadBatchState } = await import('../engines/claude/batch.js');
  const state = loadBatchState(stateFile) as CommandBatchState;
  const pending = state.items.filter((item) => state.collected[item.customId] === undefined);
  if (pending.length === 0) {
    return {
      batchId: state.batchId,
      status: 'nothing new: every draft of this batch was collected already',
      collected: [],
      failed: 0,
    };
  }
  const { pollBatch } = await import('../engines/claude/batch-poll.js');
  let results;
  try {
    results = await pollBatch(state, {
      ...api,
      model: state.model,
      intervalMs: options.intervalMs,
      maxWaitMs: options.wait ? 24 * 3600_000 : 0,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  } catch (error) {
    if (!(error instanceof EngineError && error.code === 'ENGINE_BATCH_PENDING')) throw error;
    return {
      batchId: state.batchId,
      status: `still processing (${pending.length} draft(s) waiting); poll again later`,
      collected: [],
      failed: 0,
    };
  }
  if (!options.claude) {
    throw new UsageError('the Claude engine is not available in this build; batch poll needs it');
  }
  const collected: Collected[] = [];
  let failed = 0;
  for (const item of pending) {
    const runId = state.runs[item.customId];
    const topicFile = state.topicFiles[item.customId];
    if (!runId || !topicFile) continue;
    const result = results.find((r) => r.customId === item.customId);
    const done = (outcome: string, message: string) => {
      state.collected[item.customId] = outcome;
      saveBatchState(stateFile, state);
      collected.push({ customId: item.customId, topic: item.topic, runId, outcome, message });
      progress(`${item.topic}: ${outcome}: ${message}`);
    };
    const runDir = runDirOf(root, runId);
    const before = loadRunRecord(runDir);
    if (before && before.outcome !== 'batched' && existsSync(join(runDir, 'write.json'))) {
      // Written by an earlier poll that died before it could update the state file.
      done(before.outcome, before.message);
      continue;
    }
    if (!result?.output) {
      const why =
        result && 'error' in result
          ? result.error
          : `batch ${state.batchId}: no result for ${item.customId}`;
      updateRun(root, runId, (record) => {
        record.outcome = 'failed';
        record.error = { stage: 'draft', message: why };
        record.message = `draft failed: ${why}`;
      });
      failed++;
      done('failed', why);
      continue;
    }
    // A usable draft is the run's draft.json. An answer that is paid for but not a draft (cut at
    // max_tokens, text only, invalid) is drafted again outside the batch, within the budget left:
    // its call is on the run's ledger and in the draft's cost.
    const unusable = result.output.content === null && 'error' in result ? result.error : null;
    if (unusable === null) saveStageOutput(runDir, 'draft', result.output);
    else
      updateRun(root, runId, (record) => {
        record.notes.push(`${unusable}: drafted again outside the batch`);
      });
    const engine = await options.claude({
      ...api,
      model: state.model,
      reason:
        unusable === null
          ? `claude: collected from Message Batch ${state.batchId}`
          : `claude: the Message Batch ${state.batchId} answer could not be used; drafted again`,
    });
    try {
      const record = await runTopic({
        topic: loadTopic(topicFile),
        engine,
        root,
        logger: options.logger,
        progress,
        env: options.env,
        resume: runId,
        ...(unusable === null ? {} : { paidBefore: result.output.calls }),
      });
      done(record.outcome, record.message);
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      failed++;
      done('failed', messageOf(error));
    }
  }
  return { batchId: state.batchId, status: 'ended', collected, failed };
}
