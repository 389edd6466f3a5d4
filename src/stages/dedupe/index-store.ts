import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';
import type { Logger } from '../../core/logger.js';
import type { FingerprintOptions } from './fingerprint.js';
import type { LshArrays } from './lsh.js';
import { decodeEntries, encodeEntries, type Entry } from './entry-table.js';
import type { CitedSource, PostRecord } from './read-post.js';
import { lshOf, removeUnreferenced, segmentSize, writeSegment } from './store-files.js';
import { SegmentFiles, StoredPost, type StoredRecord } from './stored-post.js';

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
  records: Map<string, StoredRecord>;
  /** The stored LSH table and where it is, when there is one. */
  lsh?: { arrays: LshArrays; stored: StoredLsh };
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
  const records = new Map<string, StoredRecord>();
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
    const table = decodeEntries(
      readFileSync(join(dir, manifest.entries.file)),
      manifest.entries.count,
      manifest.entries.sources,
    );
    for (const e of table) {
      const segment = manifest.segments[e.segment];
      if (!segment || e.offset + bins + e.shingleCount > segment.words)
        throw new Error(`entry ${e.path} points outside its segment`);
      if (!(e.slot >= -1 && e.slot < slots))
        throw new Error(`entry ${e.path} has LSH slot ${e.slot}`);
      records.set(
        e.path,
        new StoredPost(
          files,
          bins,
          e.path,
          e.contentHash,
          e.size,
          e.mtimeMs,
          e.sources,
          segment.file,
          e.offset,
          e.shingleCount,
          e.slot,
        ),
      );
    }
    if (!manifest.lsh) return { records };
    return { records, lsh: { arrays: lshOf(dir, manifest.lsh), stored: manifest.lsh } };
  } catch (error) {
    logger.warn(
      `corpus: stored index in ${dir} ignored, rebuilding it: ${error instanceof Error ? error.message : String(error)}`,
    );
    records.clear();
    return { records };
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
 * @param records Every record of the corpus; `segment` empty for those read in this run.
 * @param fingerprint Options the records were built with.
 * @param lsh The LSH table and each record's slot in it (default: none stored).
 */
export function saveStore(
  dir: string,
  records: Map<string, StoredRecord | PostRecord>,
  fingerprint: FingerprintOptions,
  lsh?: LshToSave,
): void {
  const bins = fingerprint.bins;
  const segmentOf = (r: StoredRecord | PostRecord) => ('segment' in r ? r.segment : '');
  const segmentWords = new Map<string, number>();
  let liveOld = 0;
  for (const record of records.values()) {
    const segment = segmentOf(record);
    if (!segment) continue;
    liveOld += bins + (record as StoredRecord).shingleCount;
    if (!segmentWords.has(segment)) segmentWords.set(segment, segmentSize(dir, segment));
  }
  const totalOld = [...segmentWords.values()].reduce((a, b) => a + b, 0);
  const compact = totalOld > 0 && liveOld * 2 < totalOld;
  const fresh = [...records.values()].filter((r) => compact || !segmentOf(r));
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
  for (const record of records.values()) {
    const offset = offsets.get(record.path);
    const stored = record as StoredRecord;
    entries.push({
      path: record.path,
      contentHash: record.contentHash,
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
