import { sep } from 'node:path';
import { PipelineError } from '../../core/errors.js';
import { listingPlanOf, listUnit, sortedByPath, type CorpusFile } from '../corpus-files.js';
import { takeUnit, unpackFiles, type ListJob, type ListMessage } from './list-protocol.js';
import { startWorker } from './worker-pool.js';

/** A corpus listing under way: {@link Listing.finish} lists what is left and returns all of it. */
export interface Listing {
  /** Lists the folders no worker took yet on this thread, waits for the workers, sorts. */
  finish(): Promise<CorpusFile[]>;
  /** Folders the workers have listed and sent back so far. */
  readonly unitsFromWorkers: number;
}

/**
 * Starts listing the corpus on worker threads, so that this thread can do other work (load the
 * stored index) before joining in with {@link Listing.finish}. With one thread, or a tree with
 * too few folders to share, everything is listed in `finish`.
 *
 * A listing error (an unreadable folder) is thrown by `finish` as a PipelineError naming the
 * folder.
 *
 * @param contentDir The content folder (missing = empty corpus).
 * @param workers Worker threads to start (0: list on this thread only).
 */
export function startListing(contentDir: string, workers: number): Listing {
  let plan;
  try {
    plan = listingPlanOf(contentDir);
  } catch (cause) {
    return { finish: () => Promise.reject(listingError(contentDir, cause)), unitsFromWorkers: 0 };
  }
  const { root, units } = plan;
  const results: CorpusFile[][] = new Array<CorpusFile[]>(units.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const job: ListJob = { root, units, next: next.buffer };
  const counted = { units: 0 };
  const running =
    units.length < 2
      ? []
      : Array.from({ length: Math.max(0, workers) }, () => runListWorker(job, results, counted));
  const done = Promise.all(running);
  // Rejections are thrown by finish(); until then they must not count as unhandled.
  done.catch(() => undefined);
  return {
    get unitsFromWorkers() {
      return counted.units;
    },
    async finish() {
      for (let unit = takeUnit(next); unit < units.length; unit = takeUnit(next)) {
        try {
          results[unit] = listUnit(root, units[unit]!);
        } catch (cause) {
          Atomics.store(next, 0, units.length); // the workers stop after their current folder
          await done.catch(() => undefined);
          throw listingError(`${root}${sep}${units[unit]!}`, cause);
        }
      }
      await done;
      return sortedByPath(plan.files.concat(...results));
    },
  };
}

function runListWorker(
  job: ListJob,
  results: CorpusFile[][],
  counted: { units: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job, 'list-worker');
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: ListMessage) => {
      if (message.type === 'unit') {
        results[message.unit] = unpackFiles(message, job.root, sep);
        counted.units++;
      } else if (message.type === 'error')
        fail(listingError(`${job.root}${sep}${job.units[message.unit]!}`, message.message));
      else {
        settled = true;
        void worker.terminate().then(() => resolve());
      }
    });
    worker.on('error', (cause) => fail(listingError(job.root, cause)));
    worker.on('exit', (code) =>
      fail(listingError(job.root, `listing worker exited with code ${code} before finishing`)),
    );
  });
}

function listingError(folder: string, cause: unknown): PipelineError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PipelineError('corpus', 'CORPUS_LIST', `corpus: listing ${folder} failed: ${reason}`, {
    cause,
  });
}
