/**
 * Worker thread of the cold index build: reads and fingerprints the files it is given and posts
 * the records back in batches, signatures and shingles packed in one transferred buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readPosts } from '../read-post.js';
import { packRecords, type WorkerJob, type WorkerMessage } from './worker-protocol.js';

/** Files read between two posts of their records. */
const BATCH = 256;

function run(job: WorkerJob): void {
  const port = parentPort;
  if (!port) return;
  for (let at = 0; at < job.files.length; at += BATCH) {
    const { records, unchanged, errors } = readPosts(
      job.files.slice(at, at + BATCH),
      job.fingerprint,
    );
    for (const path of unchanged)
      port.postMessage({ type: 'unchanged', path } satisfies WorkerMessage);
    for (const { path, message } of errors)
      port.postMessage({ type: 'error', path, message } satisfies WorkerMessage);
    const message = packRecords(records);
    port.postMessage(message, [message.data.buffer as ArrayBuffer]);
  }
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
}

run(workerData as WorkerJob);
