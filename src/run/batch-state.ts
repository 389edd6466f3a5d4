import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { loadRunRecord, saveRunRecord, type RunRecord } from '../core/run-record.js';
import type { BatchState } from '../engines/claude/batch.js';
import { renderReport } from '../report/render.js';

/**
 * The state file of `batch submit` (`.pipeline/batches/<batch id>.json`): the engine's
 * {@link BatchState} plus which run waits for each request and which ones were collected. It is
 * the truth of `batch poll`: a run listed in `collected` is never resumed again.
 */
export interface CommandBatchState extends BatchState {
  /** Run id per custom id. */
  runs: Record<string, string>;
  /** Absolute topic file per custom id (the resume loads the topic from it). */
  topicFiles: Record<string, string>;
  /** Outcome per custom id already collected. */
  collected: Record<string, string>;
}

/** The API key and base URL of the batch commands (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`). */
export function apiOf(env: Readonly<Record<string, string | undefined>>): {
  apiKey: string;
  baseURL?: string;
} {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) {
    throw new UsageError('batch: ANTHROPIC_API_KEY is not set; the Message Batches API needs it');
  }
  const baseURL = env.ANTHROPIC_BASE_URL?.trim();
  return { apiKey, ...(baseURL ? { baseURL } : {}) };
}

/** Writes the state file atomically (a crash leaves the previous version). */
export function saveBatchState(file: string, state: CommandBatchState): void {
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** The run folder of a run id under `root`. */
export function runDirOf(root: string, runId: string): string {
  return join(root, '.pipeline', 'runs', runId);
}

/** Changes a finished run's record (e.g. its message once the batch id is known) and re-renders its report. */
export function updateRun(
  root: string,
  runId: string,
  change: (record: RunRecord) => void,
): RunRecord | null {
  const runDir = runDirOf(root, runId);
  const record = loadRunRecord(runDir);
  if (!record) return null;
  change(record);
  saveRunRecord(runDir, record);
  writeFileAtomic(join(runDir, 'report.md'), renderReport(record));
  return record;
}
