import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PipelineError } from '../../core/errors.js';
import { SILENT_LOGGER, type Logger } from '../../core/logger.js';
import { listCorpusFiles } from './corpus-files.js';
import { MemoryCorpusIndex } from './corpus-index.js';
import { DEFAULT_FINGERPRINT, type FingerprintOptions } from './fingerprint.js';
import { loadStore, saveStore, type StoredRecord } from './index-store.js';
import { readPost, type PostRecord } from './read-post.js';
import type { LshArrays } from './lsh.js';
import type { Thresholds } from './similarity.js';
import { fingerprintOnWorkers } from './worker-pool.js';
import type { WorkerFile } from './worker-protocol.js';

/** Below this many files to read, worker start-up (~100 ms each) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 1000;

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions {
  /** Cache folder: the index persists in `<cacheDir>/corpus-index/` (default: none, nothing saved). */
  cacheDir?: string;
  /** Operator logs (default silent). */
  logger?: Logger;
  /** Worker threads for reading files (default: available cores; 1 reads on this thread). */
  workers?: number;
  /** Thresholds of `nearest` (default Jaccard 0.42, containment 0.9). */
  thresholds?: Partial<Thresholds>;
  /** Fingerprint options (default 3-word shingles, 128 bins, fast reader). */
  fingerprint?: FingerprintOptions;
}

/** What a load did. */
export interface LoadStats {
  /** Markdown files in the corpus. */
  files: number;
  /** Files re-used from the stored index without reading them. */
  reused: number;
  /** Files read and fingerprinted (new or changed). */
  read: number;
  /** Files read whose content had not changed (only their time). */
  touched: number;
  /** Stored files that no longer exist. */
  removed: number;
  /** Files that could not be read (logged, left out). */
  failed: number;
  /** Wall time in ms. */
  ms: number;
}

/** A loaded corpus: the index plus what the load did. */
export type LoadedCorpus = MemoryCorpusIndex & { readonly stats: LoadStats };

/**
 * Reads every `.md` file under the content folder (published posts, `pending/`, `.rejected/`)
 * into a corpus index, re-reading only files that are new or changed since the stored index.
 *
 * @param contentDir The content folder (missing folder = empty corpus).
 * @param options Cache folder, logger, workers, thresholds.
 * @throws PipelineError (stage `corpus`) when a worker fails or the index cannot be saved.
 */
export async function loadCorpus(
  contentDir: string,
  options: LoadCorpusOptions = {},
): Promise<LoadedCorpus> {
  const started = performance.now();
  const logger = options.logger ?? SILENT_LOGGER;
  const fingerprint = options.fingerprint ?? DEFAULT_FINGERPRINT;
  const storeDir =
    options.cacheDir === undefined ? undefined : join(options.cacheDir, 'corpus-index');
  const threads = options.workers ?? availableParallelism();
  // Listing stays on this thread: listing on a worker while the index loads was measured slower
  // (1.8 s against 0.9 s of CPU for 100,000 files: worker start-up and passing the listing back).
  const store = storeDir
    ? loadStore(storeDir, fingerprint, logger)
    : { records: new Map<string, StoredRecord>() };
  const stored = store.records;
  const files = listCorpusFiles(contentDir);
  const records = new Map<string, StoredRecord | PostRecord>();
  const toRead: WorkerFile[] = [];
  for (const file of files) {
    const old = stored.get(file.path);
    if (old && old.size === file.size && old.mtimeMs === file.mtimeMs) records.set(file.path, old);
    else
      toRead.push(
        old
          ? { absolutePath: file.absolutePath, path: file.path, knownHash: old.contentHash }
          : { absolutePath: file.absolutePath, path: file.path },
      );
  }
  const stats: LoadStats = {
    files: files.length,
    reused: records.size,
    read: 0,
    touched: 0,
    removed: 0,
    failed: 0,
    ms: 0,
  };
  const result =
    threads > 1 && toRead.length >= MIN_FILES_FOR_WORKERS
      ? await fingerprintOnWorkers(toRead, fingerprint, threads)
      : readHere(toRead, fingerprint);
  for (const record of result.records) records.set(record.path, record);
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const path of result.unchanged) {
    // Same bytes, new time: keep the stored data, remember the new time so it is not re-read.
    const old = stored.get(path)!;
    const file = byPath.get(path);
    records.set(path, {
      ...old,
      size: file?.size ?? old.size,
      mtimeMs: file?.mtimeMs ?? old.mtimeMs,
      segment: '',
    });
  }
  for (const { path, message } of result.errors)
    logger.warn(`corpus: ${path} left out of the index: ${message}`);
  stats.read = result.records.length;
  stats.touched = result.unchanged.length;
  stats.failed = result.errors.length;
  for (const path of stored.keys()) if (!records.has(path)) stats.removed++;

  // In listing order (sorted by path), so matches and used-source maps do not depend on worker
  // timing; rebuilt only when files were read (their records arrived last).
  const sorted =
    result.records.length + result.unchanged.length === 0 ? records : orderedOf(files, records);
  const changed = stats.read + stats.touched + stats.removed > 0 || stored.size !== sorted.size;
  // Unchanged: the stored LSH table serves as is (building it is a third of a warm load).
  const reusable = !changed && store.lsh ? store.lsh : undefined;
  let index: MemoryCorpusIndex;
  try {
    index = indexOf(sorted, fingerprint, options.thresholds, reusable);
  } catch (error) {
    logger.warn(
      `corpus: stored LSH table ignored, rebuilding it: ${error instanceof Error ? error.message : String(error)}`,
    );
    index = indexOf(sorted, fingerprint, options.thresholds);
  }
  if (storeDir && (changed || !store.lsh)) {
    try {
      saveStore(storeDir, sorted, fingerprint, index.lshArrays());
    } catch (cause) {
      throw new PipelineError(
        'corpus',
        'CORPUS_INDEX_WRITE',
        `corpus: saving the index of ${sorted.size} files in ${storeDir} failed`,
        { cause },
      );
    }
  }
  return finished(index, stats, started, logger);
}

function indexOf(
  records: Map<string, StoredRecord | PostRecord>,
  fingerprint: FingerprintOptions,
  thresholds: Partial<Thresholds> | undefined,
  lsh?: LshArrays,
): MemoryCorpusIndex {
  const usedUrls = new Map<string, string>();
  const usedHashes = new Map<string, string>();
  for (const record of records.values()) {
    for (const source of record.sources) {
      if (source.url !== undefined && !usedUrls.has(source.url))
        usedUrls.set(source.url, record.path);
      if (source.sha256 !== undefined && !usedHashes.has(source.sha256))
        usedHashes.set(source.sha256, record.path);
    }
  }
  const posts = [...records.values()].map(({ path, shingles, signature }) => ({
    path,
    shingles,
    signature,
  }));
  return new MemoryCorpusIndex(posts, {
    usedUrls,
    usedHashes,
    fingerprint,
    ...(thresholds ? { thresholds } : {}),
    ...(lsh ? { lsh } : {}),
  });
}

function orderedOf(
  files: { path: string }[],
  records: Map<string, StoredRecord | PostRecord>,
): Map<string, StoredRecord | PostRecord> {
  const out = new Map<string, StoredRecord | PostRecord>();
  for (const file of files) {
    const record = records.get(file.path);
    if (record) out.set(file.path, record);
  }
  return out;
}

function finished(
  index: MemoryCorpusIndex,
  stats: LoadStats,
  started: number,
  logger: Logger,
): LoadedCorpus {
  stats.ms = performance.now() - started;
  logger.info(
    `corpus: ${stats.files} files indexed in ${stats.ms.toFixed(0)} ms (${stats.reused} reused, ${stats.read} read, ${stats.removed} removed)`,
  );
  return Object.assign(index, { stats });
}

function readHere(files: WorkerFile[], fingerprint: FingerprintOptions) {
  const result = {
    records: [] as PostRecord[],
    unchanged: [] as string[],
    errors: [] as Array<{ path: string; message: string }>,
  };
  for (const file of files) {
    try {
      const record = readPost(file.absolutePath, file.path, fingerprint, file.knownHash);
      if (record) result.records.push(record);
      else result.unchanged.push(file.path);
    } catch (error) {
      result.errors.push({
        path: file.path,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}
