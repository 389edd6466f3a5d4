import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';
import type { Logger } from '../../core/logger.js';
import type { FingerprintOptions } from './fingerprint.js';
import type { LshArrays } from './lsh.js';
import { decodeEntryColumns, encodeEntries, type Entry } from './entry-table.js';
import type { CitedSource, PostRecord } from './read-post.js';
import { lshOf, removeUnreferenced, segmentSize, writeSegment } from './store-files.js';
import { SegmentFiles, StoredPost, type StoredRecord, type StoredTable } from './stored-post.js';

/**
 * The persistent corpus index in `<cacheDir>/corpus-index/`: `manifest.json` (version, options,
 * segment list, where the LSH table is, cited sources), a binary entry table `entries-*.bin`
 * (per file: path, content hash, size, modification time, where its data is, its LSH slot; see
 * entry-table.ts), append-only segment files `seg-*.bin` (per file: signature then shingles, as
 * little-endian uint32) and the LSH table `lsh-*.bin`. A load reads the manifest, the entry table
 * and the LSH table; segments are read per post when a query needs it (stored-post.ts).
 *
 * Crash safety: segments, entry and LSH tables are written whole (temp file + rename) under new
 * names before the manifest that refers to them, and the manifest is replaced the same way, so an
 * interrupted save leaves the previous manifest and its files intact. No file is modified once
 * written (a small update keeps the LSH table as it is); unreferenced ones are removed after a
 * save. Anything unreadable (truncated, corrupt, other options) makes the index empty:
 * the next build re-reads everything.
 */

// 3: entries in a binary table with their LSH slot; the LSH table may hold dead slots.
const VERSION = 3;
const MANIFEST = 'manifest.json';

export type { StoredRecord } from './stored-post.js';

/** Where the stored LSH table is: file, array lengths, and how many posts (slots) it holds. */
export interface StoredLsh {
  file: string;
  starts: number;
  keys: number;
  count: number;
}

interface Manifest {
  version: number;
  fingerprint: FingerprintOptions;
  segments: Array<{ file: string; words: number }>;
  /** The entry table (entry-table.ts): file, entry count, cited sources by entry number. */
  entries: { file: string; count: number; sources: Record<string, CitedSource[]> };
  /** The LSH table over the slots: starts, keys, ids end to end. */
  lsh?: StoredLsh;
}

/** What {@link loadStore} found. */
export interface StoredIndex {
  /** Records sorted by path (the listing's order). */
  records: StoredRecord[];
  /**
   * The stored LSH table and where it is, when there is one. Its arrays are still being read:
   * a rejection means the table cannot be used (the records can).
   */
  lsh?: { arrays: Promise<LshArrays>; stored: StoredLsh };
}

/**
 * How many files the stored index holds, from its manifest alone (0 when there is none or it
 * cannot be read): tells a load whether the corpus is worth listing on several threads.
 *
 * @param dir The `corpus-index` folder.
 */
export function storedFileCountOf(dir: string): number {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    return typeof manifest.entries?.count === 'number' ? manifest.entries.count : 0;
  } catch {
    return 0;
  }
}

/**
 * Loads the stored index, or an empty map when there is none or it cannot be used. Signatures
 * and shingles stay in the segments and are read when used ({@link StoredPost}).
 *
 * @param dir The `corpus-index` folder.
 * @param fingerprint Options the caller uses: an index built with others is ignored.
 * @param logger Where to say why a stored index was ignored.
 */
export function loadStore(
  dir: string,
  fingerprint: FingerprintOptions,
  logger: Logger,
): StoredIndex {
  const records: StoredRecord[] = [];
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return { records };
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.version !== VERSION)
      throw new Error(`version ${manifest.version}, expected ${VERSION}`);
    if (JSON.stringify(manifest.fingerprint) !== JSON.stringify(fingerprint))
      throw new Error('built with other fingerprint options');
    for (const { file, words } of manifest.segments) {
      const size = segmentSize(dir, file);
      if (size !== words) throw new Error(`${file} has ${size * 4} bytes, expected ${words * 4}`);
    }
    const files = new SegmentFiles(
      dir,
      manifest.segments.map((s) => s.file),
    );
    const bins = fingerprint.bins;
    const slots = manifest.lsh?.count ?? 0;
    // Started first, to arrive while the entries are decoded and the corpus is listed.
    const lsh = manifest.lsh
      ? { arrays: lshOf(dir, manifest.lsh), stored: manifest.lsh }
      : undefined;
    lsh?.arrays.catch(() => undefined); // awaited (and reported) by the caller
    const columns = decodeEntryColumns(
      readFileSync(join(dir, manifest.entries.file)),
      manifest.entries.count,
    );
    const table: StoredTable = {
      files,
      bins,
      columns,
      segments: manifest.segments.map((s) => s.file),
      sources: manifest.entries.sources,
    };
    const { paths, segment, offset, shingles, slot } = columns;
    for (let i = 0; i < columns.count; i++) {
      const words = manifest.segments[segment[i]!]?.words ?? -1;
      if (offset[i]! + bins + shingles[i]! > words)
        throw new Error(`entry ${paths[i]} points outside its segment`);
      if (!(slot[i]! >= -1 && slot[i]! < slots))
        throw new Error(`entry ${paths[i]} has LSH slot ${slot[i]}`);
      // Saved in listing order: the load matches them with the listing in one pass.
      if (i > 0 && !(paths[i - 1]! < paths[i]!))
        throw new Error(`entry ${paths[i]} is out of path order`);
      records.push(new StoredPost(table, i));
    }
    return lsh ? { records, lsh } : { records };
  } catch (error) {
    logger.warn(
      `corpus: stored index in ${dir} ignored, rebuilding it: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { records: [] };
  }
}

/** The LSH table to record with a save. */
export interface LshToSave {
  /** Slot of each record in the table, in the records' order (-1: not in the table). */
  slots: Int32Array;
  /** A new table over `count` slots to write, or the stored one kept as it is. */
  table: { arrays: LshArrays; count: number } | { stored: StoredLsh };
}

/**
 * Saves the index: records without a segment (new or changed) go into one new segment, then the
 * manifest is replaced. When more than half of the stored words belong to forgotten records,
 * everything is rewritten into one segment instead (compaction).
 *
 * @param dir The `corpus-index` folder (created).
 * @param records Every record of the corpus sorted by path; `segment` empty for those read in
 *   this run.
 * @param fingerprint Options the records were built with.
 * @param lsh The LSH table and each record's slot in it (default: none stored).
 */
export function saveStore(
  dir: string,
  records: ReadonlyArray<StoredRecord | PostRecord>,
  fingerprint: FingerprintOptions,
  lsh?: LshToSave,
): void {
  const bins = fingerprint.bins;
  const segmentOf = (r: StoredRecord | PostRecord) => ('segment' in r ? r.segment : '');
  const segmentWords = new Map<string, number>();
  let liveOld = 0;
  for (const record of records) {
    const segment = segmentOf(record);
    if (!segment) continue;
    liveOld += bins + (record as StoredRecord).shingleCount;
    if (!segmentWords.has(segment)) segmentWords.set(segment, segmentSize(dir, segment));
  }
  const totalOld = [...segmentWords.values()].reduce((a, b) => a + b, 0);
  const compact = totalOld > 0 && liveOld * 2 < totalOld;
  const fresh = records.filter((r) => compact || !segmentOf(r));
  const segments: Manifest['segments'] = [];
  const segmentNo = new Map<string, number>();
  if (!compact) {
    for (const [file, words] of segmentWords) {
      segmentNo.set(file, segments.length);
      segments.push({ file, words });
    }
  }
  const offsets = new Map<string, number>();
  let freshNo = -1;
  if (fresh.length > 0) {
    const file = `seg-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    const words = writeSegment(join(dir, file), fresh, bins, offsets);
    freshNo = segments.length;
    segments.push({ file, words });
  }
  const entries: Entry[] = [];
  let i = 0;
  for (const record of records) {
    const offset = compact || !segmentOf(record) ? offsets.get(record.path) : undefined;
    const stored = record as StoredRecord;
    entries.push({
      path: record.path,
      // A stored record's hash is copied as bytes (hex both ways was a tenth of an update).
      contentHash: record instanceof StoredPost ? record.contentHashBytes : record.contentHash,
      size: record.size,
      mtimeMs: record.mtimeMs,
      segment: offset === undefined ? segmentNo.get(stored.segment)! : freshNo,
      offset: offset ?? stored.offset,
      shingleCount: 'shingleCount' in record ? record.shingleCount : record.shingles.length,
      sources: record.sources,
      slot: lsh?.slots[i] ?? -1,
    });
    i++;
  }
  const encoded = encodeEntries(entries);
  const entriesFile = `entries-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
  writeFileAtomic(join(dir, entriesFile), encoded.bytes);
  const manifest: Manifest = {
    version: VERSION,
    fingerprint,
    segments,
    entries: { file: entriesFile, count: entries.length, sources: encoded.sources },
  };
  if (lsh && 'stored' in lsh.table) manifest.lsh = lsh.table.stored;
  else if (lsh && 'arrays' in lsh.table) {
    const { arrays, count } = lsh.table;
    const file = `lsh-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    writeFileAtomic(
      join(dir, file),
      Buffer.concat(
        [arrays.starts, arrays.keys, arrays.ids].map(
          (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
        ),
      ),
    );
    manifest.lsh = { file, starts: arrays.starts.length, keys: arrays.keys.length, count };
  }
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
  removeUnreferenced(
    dir,
    new Set([
      ...segments.map((s) => s.file),
      entriesFile,
      ...(manifest.lsh ? [manifest.lsh.file] : []),
    ]),
  );
}
