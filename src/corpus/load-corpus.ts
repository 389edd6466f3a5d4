import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PipelineError } from '../core/errors.js';
import { SILENT_LOGGER, type Logger } from '../core/logger.js';
import { MemoryCorpusIndex } from './corpus-index.js';
import { DEFAULT_FINGERPRINT, type FingerprintOptions } from './signature/fingerprint.js';
import {
  corpusKeyOf,
  loadStore,
  storedFileCountOf,
  type StoredRecord,
} from './store/index-store.js';
import { saveStore } from './store/save-store.js';
import { startListing } from './workers/parallel-listing.js';
import { matchListing } from './listing-match.js';
import { readPosts, type PostRecord } from './read-post.js';
import { StoredPost } from './store/stored-post.js';
import type { LshArrays } from './signature/lsh.js';
import type { Thresholds } from './signature/similarity.js';
import { fingerprintOnWorkers } from './workers/worker-pool.js';

/** Below this many files to read, worker start-up (~100 ms each) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 1000;

/**
 * From this many stored files on, the listing runs on worker threads while this thread loads the
 * stored index (a worker starts in ~50 ms; listing 100,000 files takes ~0.5 s on one thread).
 */
export const MIN_FILES_FOR_LIST_WORKERS = 20_000;

/** Stale LSH entries (posts outside the stored table plus forgotten ones) always tolerated. */
export const MIN_STALE = 1000;
/** Above this share of stale entries the LSH table is rebuilt and rewritten. */
export const REBUILD_SHARE = 0.05;

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
 * Reads every post file (`.md`, `.markdown`, `.mdx`) under the content folder (published posts, `pending/`, `.rejected/`)
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
  // The listing (a stat per file) runs on workers while this thread decodes the stored index.
  const listing = startListing(
    contentDir,
    threads > 1 && storeDir && storedFileCountOf(storeDir) >= MIN_FILES_FOR_LIST_WORKERS
      ? threads - 1
      : 0,
  );
  const key = { fingerprint, corpus: storeDir ? corpusKeyOf(storeDir, contentDir) : '' };
  const store = storeDir ? loadStore(storeDir, key, logger) : { records: [] };
  const stored = store.records;
  const files = await listing.finish();
  const { slots, toRead, pending, removed } = matchListing(files, stored);
  const stats: LoadStats = {
    files: files.length,
    reused: files.length - toRead.length,
    read: 0,
    touched: 0,
    removed,
    failed: 0,
    ms: 0,
  };
  const result =
    threads > 1 && toRead.length >= MIN_FILES_FOR_WORKERS
      ? await fingerprintOnWorkers(toRead, fingerprint, threads)
      : readPosts(toRead, fingerprint);
  for (const record of result.records) {
    const at = pending.get(record.path)?.at;
    if (at !== undefined) slots[at] = record;
  }
  for (const path of result.unchanged) {
    // Same bytes, new time: keep the stored data, remember the new time so it is not re-read.
    const { at, file, old } = pending.get(path)!;
    if (old) slots[at] = old instanceof StoredPost ? old.withTime(file.size, file.mtimeMs) : old;
  }
  // Files that failed (or never came back) are left out.
  const records = slots.filter((record): record is StoredRecord | PostRecord => record !== null);
  for (const { path, message } of result.errors)
    logger.warn(`corpus: ${path} left out of the index: ${message}`);
  stats.read = result.records.length;
  stats.touched = result.unchanged.length;
  stats.failed = result.errors.length;

  const changed =
    stats.read + stats.touched + stats.removed > 0 || stored.length !== records.length;
  // The stored LSH table serves while few posts are outside it (changed or new: a small second
  // table) or forgotten (dead slots): rebuilding and rewriting it is most of an update's cost.
  const layout = store.lsh ? slotsOf(records, store.lsh.stored.count) : undefined;
  let index: MemoryCorpusIndex | undefined;
  if (store.lsh && layout && layout.stale <= Math.max(MIN_STALE, REBUILD_SHARE * records.length)) {
    try {
      const lsh = { arrays: await store.lsh.arrays, slots: layout.posts };
      index = indexOf(records, fingerprint, options.thresholds, lsh);
    } catch (error) {
      logger.warn(
        `corpus: stored LSH table ignored, rebuilding it: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const kept = index !== undefined;
  index ??= indexOf(records, fingerprint, options.thresholds);
  if (storeDir && (changed || !kept)) {
    try {
      saveStore(
        storeDir,
        records,
        key,
        {
          slots: kept ? layout!.slotOfRecord : Int32Array.from(records, (_, i) => i),
          table:
            kept && store.lsh
              ? { stored: store.lsh.stored }
              : { arrays: index.lshArrays(), count: records.length },
        },
        store.base,
      );
    } catch (cause) {
      throw new PipelineError(
        'corpus',
        'CORPUS_INDEX_WRITE',
        `corpus: saving the index of ${records.length} files in ${storeDir} failed`,
        { cause },
      );
    }
  }
  return finished(index, stats, started, logger);
}

function indexOf(
  records: Array<StoredRecord | PostRecord>,
  fingerprint: FingerprintOptions,
  thresholds: Partial<Thresholds> | undefined,
  lsh?: { arrays: LshArrays; slots: Int32Array },
): MemoryCorpusIndex {
  const usedUrls = new Map<string, string>();
  const usedHashes = new Map<string, string>();
  for (const record of records) {
    for (const source of record.sources) {
      if (source.url !== undefined && !usedUrls.has(source.url))
        usedUrls.set(source.url, record.path);
      if (source.sha256 !== undefined && !usedHashes.has(source.sha256))
        usedHashes.set(source.sha256, record.path);
    }
  }
  // The records themselves: a stored record reads its signature and shingles only when used.
  return new MemoryCorpusIndex(records, {
    usedUrls,
    usedHashes,
    fingerprint,
    ...(thresholds ? { thresholds } : {}),
    ...(lsh ? { lsh } : {}),
  });
}

/**
 * Where the records sit in a stored LSH table of `count` slots: the post of each slot (-1 when
 * forgotten), each record's slot (-1 when outside), and how many are stale (outside or dead).
 */
function slotsOf(
  records: Array<StoredRecord | PostRecord>,
  count: number,
): { posts: Int32Array; slotOfRecord: Int32Array; stale: number } {
  const posts = new Int32Array(count).fill(-1);
  const slotOfRecord = new Int32Array(records.length).fill(-1);
  let i = 0;
  let inside = 0;
  for (const record of records) {
    const slot = 'slot' in record ? record.slot : -1;
    if (slot >= 0 && slot < count && posts[slot] === -1) {
      posts[slot] = i;
      slotOfRecord[i] = slot;
      inside++;
    }
    i++;
  }
  return { posts, slotOfRecord, stale: records.length - inside + (count - inside) };
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
