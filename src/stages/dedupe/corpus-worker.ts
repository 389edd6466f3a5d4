/**
 * Worker thread of the cold index build: reads and fingerprints the files it is given and posts
 * the records back in batches, signatures and shingles packed in one transferred buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FingerprintOptions } from './fingerprint.js';
import { readPost } from './read-post.js';
import { packRecords, type WorkerJob, type WorkerMessage } from './worker-protocol.js';

const BATCH = 256;

function run(job: WorkerJob): void {
  const port = parentPort;
  if (!port) return;
  const options: FingerprintOptions = job.fingerprint;
  let batch = [];
  for (const file of job.files) {
    try {
      const record = readPost(file.absolutePath, file.path, options, file.knownHash);
      if (record) batch.push(record);
      else port.postMessage({ type: 'unchanged', path: file.path } satisfies WorkerMessage);
    } catch (error) {
      port.postMessage({
        type: 'error',
        path: file.path,
        message: String(error),
      } satisfies WorkerMessage);
    }
    if (batch.length >= BATCH) {
      const message = packRecords(batch);
      port.postMessage(message, [message.data.buffer as ArrayBuffer]);
      batch = [];
    }
  }
  const message = packRecords(batch);
  port.postMessage(message, [message.data.buffer as ArrayBuffer]);
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
}

run(workerData as WorkerJob);
