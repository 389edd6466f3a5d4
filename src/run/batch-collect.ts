import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError, PipelineError, UsageError, messageOf } from '../core/errors.js';
import { loadRunRecord, saveStageOutput } from '../core/run-record.js';
import { loadTopic } from '../core/topic.js';
import { runTopic } from './pipeline.js';
import type { BatchDeps } from '../commands/batch.js';
import {
  apiOf,
  runDirOf,
  saveBatchState,
  updateRun,
  type CommandBatchState,
} from './batch-state.js';
import type { CommandIO } from '../commands/io.js';

/** Flags of `batch poll`. */
export interface PollFlags {
  wait?: boolean;
  interval: string;
  json?: boolean;
  quiet?: boolean;
}

interface Collected {
  customId: string;
  topic: string;
  runId: string;
  outcome: string;
  message: string;
}

/**
 * `batch poll <state-file>`: polls the batch (once, or until it has ended with `--wait`), then for
 * each result not yet collected writes the draft as the run's `draft.json` and resumes the run, so
 * critique and write run as usual. The state file is updated after each run, so a process that
 * dies here loses nothing: the next poll skips what was collected.
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
  const api = apiOf(io.env);
  const intervalS = Number(flags.interval);
  if (!Number.isFinite(intervalS) || intervalS <= 0) {
    throw new UsageError(
      `batch poll: --interval must be a number of seconds above 0 (got "${flags.interval}")`,
    );
  }
  const stateFile = resolve(io.root, file);
  if (!existsSync(stateFile)) throw new UsageError(`batch poll: no state file ${stateFile}`);
  const { loadBatchState } = await import('../engines/claude/batch.js');
  const state = loadBatchState(stateFile) as CommandBatchState;
  const progress = flags.quiet ? () => {} : (line: string) => io.logger.error(line);
  const report = (status: string, collected: Collected[]) => {
    if (flags.json) io.out(`${JSON.stringify({ batchId: state.batchId, status, collected })}\n`);
    else {
      io.out(`batch ${state.batchId}: ${status}\n`);
      for (const c of collected) io.out(`${c.topic}: ${c.outcome}: ${c.message}\n`);
    }
  };
  const pending = state.items.filter((item) => state.collected[item.customId] === undefined);
  if (pending.length === 0) {
    report('nothing new: every draft of this batch was collected already', []);
    io.setExitCode(0);
    return;
  }
  const { pollBatch } = await import('../engines/claude/batch-poll.js');
  let results;
  try {
    results = await pollBatch(state, {
      ...api,
      model: state.model,
      intervalMs: intervalS * 1000,
      maxWaitMs: flags.wait ? 24 * 3600_000 : 0,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
  } catch (error) {
    if (!(error instanceof EngineError && error.code === 'ENGINE_BATCH_PENDING')) throw error;
    report(`still processing (${pending.length} draft(s) waiting); poll again later`, []);
    io.setExitCode(0);
    return;
  }
  if (!deps.claude) {
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
    const runDir = runDirOf(io.root, runId);
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
      updateRun(io.root, runId, (record) => {
        record.outcome = 'failed';
        record.error = { stage: 'draft', message: why };
        record.message = `draft failed: ${why}`;
      });
      failed++;
      done('failed', why);
      continue;
    }
    // An invalid submission was paid for: its draft.json (content null) puts its cost on record.
    saveStageOutput(runDir, 'draft', result.output);
    const engine = await deps.claude({
      ...api,
      model: state.model,
      reason: `claude: collected from Message Batch ${state.batchId}`,
    });
    try {
      const record = await runTopic({
        topic: loadTopic(topicFile),
        engine,
        root: io.root,
        logger: io.logger,
        progress,
        env: io.env,
        resume: runId,
      });
      done(record.outcome, record.message);
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      failed++;
      done('failed', messageOf(error));
    }
  }
  report('ended', collected);
  io.setExitCode(failed > 0 ? 1 : 0);
}
