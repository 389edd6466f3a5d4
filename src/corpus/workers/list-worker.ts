/**
 * Worker thread of a corpus listing: takes planned folders from the shared counter, lists each
 * and posts its files back packed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { listUnit } from '../corpus-files.js';
import { packFiles, takeUnit, type ListJob, type ListMessage } from './list-protocol.js';

function run(job: ListJob): void {
  const port = parentPort;
  if (!port) return;
  const next = new Int32Array(job.next);
  for (let unit = takeUnit(next); unit < job.units.length; unit = takeUnit(next)) {
    try {
      const message = packFiles(unit, listUnit(job.root, job.units[unit]!));
      port.postMessage(message, [message.numbers.buffer as ArrayBuffer]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'error', unit, message } satisfies ListMessage);
      return;
    }
  }
  port.postMessage({ type: 'done' } satisfies ListMessage);
}

run(workerData as ListJob);
