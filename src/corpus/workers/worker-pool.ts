import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PipelineError } from '../../core/errors.js';
import type { FingerprintOptions } from '../signature/fingerprint.js';
import type { ReadResult } from '../read-post.js';
import {
  unpackRecords,
  type WorkerFile,
  type WorkerJob,
  type WorkerMessage,
} from './worker-protocol.js';

/** What a pool run returns: what {@link readPosts} returns on one thread. */
export type PoolResult = ReadResult;

/**
 * Fingerprints files on worker threads, splitting them evenly.
 *
 * Works from compiled `dist/` (the worker is `corpus-worker.js` beside this file) and from the
 * TypeScript sources under tsx or vitest: then the worker is the `.ts` file, started through
 * tsx's ESM loader, which this thread may not have (vitest transforms modules itself).
 *
 * @param files Files to read.
 * @param fingerprint Fingerprint options.
 * @param threads Worker threads (at least 1).
 */
export async function fingerprintOnWorkers(
  files: WorkerFile[],
  fingerprint: FingerprintOptions,
  threads: number,
): Promise<PoolResult> {
  const result: PoolResult = { records: [], unchanged: [], errors: [] };
  const count = Math.max(1, Math.min(threads, files.length));
  const jobs: WorkerJob[] = Array.from({ length: count }, () => ({ files: [], fingerprint }));
  // Interleaved split: neighbouring files (a year's folder) are often of similar size.
  files.forEach((file, i) => jobs[i % count]!.files.push(file));
  await Promise.all(jobs.map((job) => runWorker(job, result)));
  return result;
}

function runWorker(job: WorkerJob, result: PoolResult): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let done = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'records') result.records.push(...unpackRecords(message));
      else if (message.type === 'unchanged') result.unchanged.push(message.path);
      else if (message.type === 'error')
        result.errors.push({ path: message.path, message: message.message });
      else {
        done = true;
        void worker.terminate().then(() => resolve());
      }
    });
    worker.on('error', (cause) =>
      reject(
        new PipelineError(
          'corpus',
          'CORPUS_WORKER',
          `corpus: index worker failed on ${job.files.length} files`,
          { cause },
        ),
      ),
    );
    worker.on('exit', (code) => {
      if (!done)
        reject(
          new PipelineError(
            'corpus',
            'CORPUS_WORKER',
            `corpus: index worker exited with code ${code} before finishing`,
          ),
        );
    });
  });
}

/**
 * Starts a worker of this folder by name: the compiled `.js` file, or the `.ts` file through tsx.
 *
 * @param data The worker's `workerData`.
 * @param name The worker module's name without extension.
 */
export function startWorker(data: unknown, name = 'corpus-worker'): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return new Worker(new URL(`./${name}.js`, here), {
      workerData: data,
      execArgv: withoutLoaders(process.execArgv),
    });
  const script = new URL(`./${name}.ts`, here).href;
  const tsxApi = tsxEsmApiOf(here);
  const code = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}

const LOADER_FLAGS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/**
 * Node options without module loaders (`--import tsx` and the like): a compiled worker needs
 * none, and inheriting one cost each worker ~200 ms of start-up.
 *
 * @param execArgv The parent's options.
 */
export function withoutLoaders(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const eq = arg.indexOf('=');
    if (LOADER_FLAGS.has(eq < 0 ? arg : arg.slice(0, eq))) {
      if (eq < 0) i++; // the value is the next argument
      continue;
    }
    out.push(arg);
  }
  return out;
}

// tsx's ESM register API. `require.resolve` would give its CommonJS build, which cannot register
// ESM hooks from a worker, so the `import` condition of its exports map is read directly.
function tsxEsmApiOf(from: string): string {
  const packageJson = createRequire(from).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = manifest.exports['./esm/api'];
  const relative = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!relative)
    throw new PipelineError(
      'corpus',
      'CORPUS_WORKER',
      'corpus: tsx has no ./esm/api export to start a TypeScript worker',
    );
  return pathToFileURL(join(dirname(packageJson), relative)).href;
}
