import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, messageOf } from '../core/errors.js';
import {
  RUN_ID_PATTERN,
  RUN_RECORD_FILE,
  loadRunRecord,
  type RunRecord,
} from '../core/run-record.js';

/**
 * Checks a `--resume <run id>` before anything is read or written with it: the id is a plain
 * folder name (so `../x` cannot lead out of `.pipeline/runs/`), the folder is a real folder with a
 * run record, and that record is a run of the topic being run (a draft is never written under
 * another topic's name).
 *
 * @param runsDir `.pipeline/runs/` of the project, absolute.
 * @param runId The id given on the command line.
 * @param topicName The topic of this run.
 * @returns The run's folder and its record.
 * @throws UsageError (exit code 2) naming `--resume`, the id and why.
 */
export function checkResumable(
  runsDir: string,
  runId: string,
  topicName: string,
): { runDir: string; record: RunRecord } {
  const refuse = (why: string) => new UsageError(`run: --resume ${JSON.stringify(runId)}: ${why}`);
  if (!RUN_ID_PATTERN.test(runId)) {
    throw refuse(
      'not a run id (letters, digits, ".", "_" and "-", starting with a letter or digit; no path)',
    );
  }
  const runDir = join(runsDir, runId);
  if (!existsSync(runDir)) throw refuse(`no run folder ${runDir}`);
  // A symlink could lead the run's writes (stage outputs, report.md) out of .pipeline/runs/.
  if (!lstatSync(runDir).isDirectory()) throw refuse(`${runDir} is not a folder`);
  let record: RunRecord | null;
  try {
    record = loadRunRecord(runDir);
  } catch (error) {
    throw refuse(`${join(runDir, RUN_RECORD_FILE)} cannot be read: ${messageOf(error)}`);
  }
  if (!record) throw refuse(`no run record (${RUN_RECORD_FILE}) in ${runDir}`);
  if (record.runId !== runId) {
    throw refuse(`${join(runDir, RUN_RECORD_FILE)} is the record of run "${record.runId}"`);
  }
  if (record.topic !== topicName) {
    throw refuse(`it is a run of topic "${record.topic}", not of "${topicName}"`);
  }
  return { runDir, record };
}
