import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';
import type { Logger } from '../../core/logger.js';
import type { FingerprintOptions } from './fingerprint.js';
import type { LshArrays } from './lsh.js';
import { EntryTableWriter } from './entry-table.js';
import type { PostRecord } from './read-post.js';
import { lshOf, removeUnreferenced, segmentSize, writeSegment } from './store-files.js';
import {
  mergedRecords,
  readEntryTable,
  type ChangesRef,
  type EntryFileRef,
} from './stored-entries.js';
import { SegmentFiles, StoredPost, type StoredRecord, type StoredTable } from './stored-post.js';

/**
 * The persistent corpus index in `<cacheDir>/corpus-index/`: `manifest.json` (version, options,
 * segment list, where the LSH table is, cited sources), a binary entry table `entries-*.bin`
 * (per file: path, content hash, size, modification time, where its data is, its LSH slot; see
 * entry-table.ts), append-only segment files `seg-*.bin` (per file: signature then shingles, as
 * little-endian uint32) and the LSH table `lsh-*.bin`. A load reads the manifest, the entry table
 * and the LSH table; segments are read per post when a query needs it (stored-post.ts).
 *
 * A small update (few changed files, the LSH table kept) writes only a change table
 * `changes-*.bin` (the changed and new entries, and the removed paths in the manifest) beside the
 * base entry table, which stays as it is: rewriting 100,000 entries was a sixth of an update. A
 * load applies the changes to the base; past {@link STORE_LIMITS} a save rewrites the base.
 *
 * Crash safety: segments, entry, change and LSH tables are written whole (temp file + rename)
 * under new names before the manifest that refers to them, and the manifest is replaced the same
 * way, so an interrupted save leaves the previous manifest and its files intact. No file is
 * modified once written; unreferenced ones are removed after a save. Anything unreadable
 * (truncated, corrupt, other options) makes the index empty: the next build re-reads everything.
 */

// 4: a change table beside the base entries. 3 (no change table) is read as it is.
const VERSION = 4;
const READABLE_VERSIONS = [3, 4];
const MANIFEST = 'manifest.json';

/**
 * Limits of the stored index: changes kept apart from the base entry table (at most `changes`
 * or `changesShare` of all records, whichever is more), and segment files (a save past
 * `segments` compacts them into one, so a load never opens hundreds of files).
 */
export const STORE_LIMITS = { changes: 1000, changesShare: 0.05, segments: 64 };

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
  /** The base entry table (entry-table.ts): file, entry count, cited sources by entry number. */
  entries: EntryFileRef;
  /** Changes since the base table, written by small updates. */
  changes?: ChangesRef;
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
  /** The base entry table as loaded: a small update keeps it and writes only the changes. */
  base?: StoredBase;
}

/** A loaded base entry table and the manifest's segment list its entries refer to. */
export interface StoredBase {
  table: StoredTable;
  ref: EntryFileRef;
  segments: Array<{ file: string; words: number }>;
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
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return { records: [] };
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (!READABLE_VERSIONS.includes(manifest.version))
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
    const { segments } = manifest;
    const table = readEntryTable(dir, manifest.entries, files, bins, segments, slots);
    const changes = manifest.changes
      ? readEntryTable(dir, manifest.changes, files, bins, segments, slots)
      : undefined;
    // Saved in listing order: the load matches them with the listing in one pass.
    const records = mergedRecords(table, changes, manifest.changes?.removed ?? []);
    const base = { table, ref: manifest.entries, segments };
    return lsh ? { records, lsh, base } : { records, base };
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
 * manifest is replaced. A small update (the LSH table kept, at most {@link STORE_LIMITS} records
 * not stored as they are in `previous`) writes only a change table beside the base. Otherwise
 * the whole entry table is written; when more than half of the stored words belong to forgotten
 * records, or there are too many segment files, everything is rewritten into one segment
 * (compaction).
 *
 * @param dir The `corpus-index` folder (created).
 * @param records Every record of the corpus sorted by path; `segment` empty for those read in
 *   this run.
 * @param fingerprint Options the records were built with.
 * @param lsh The LSH table and each record's slot in it (default: none stored).
 * @param previous The base entry table the records were loaded from, if any.
 */
export function saveStore(
  dir: string,
  records: ReadonlyArray<StoredRecord | PostRecord>,
  fingerprint: FingerprintOptions,
  lsh?: LshToSave,
  previous?: StoredBase,
): void {
  const bins = fingerprint.bins;
  const segmentWords = new Map<string, number>();
  let liveOld = 0;
  for (const record of records) {
    const segment = segmentOf(record);
    if (!segment) continue;
    liveOld += bins + (record as StoredRecord).shingleCount;
    if (!segmentWords.has(segment)) segmentWords.set(segment, segmentSize(dir, segment));
  }
  const totalOld = [...segmentWords.values()].reduce((a, b) => a + b, 0);
  const compact =
    totalOld > 0 && (liveOld * 2 < totalOld || segmentWords.size >= STORE_LIMITS.segments);
  const changed =
    previous &&
    !compact &&
    previous.segments.length < STORE_LIMITS.segments &&
    lsh &&
    'stored' in lsh.table
      ? changesOf(records, previous.table)
      : undefined;
  // A small update keeps the base's segment list as it is (its entries refer to it by number).
  const segments: Manifest['segments'] = changed
    ? [...previous!.segments]
    : compact
      ? []
      : [...segmentWords].map(([file, words]) => ({ file, words }));
  const segmentNo = new Map(segments.map((s, i) => [s.file, i]));
  const fresh = records.filter((r) => compact || !segmentOf(r));
  const offsets = new Map<string, number>();
  let freshNo = -1;
  if (fresh.length > 0) {
    const file = `seg-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    const words = writeSegment(join(dir, file), fresh, bins, offsets);
    freshNo = segments.length;
    segments.push({ file, words });
  }
  const entriesOf = (at: readonly number[] | undefined) => {
    const count = at ? at.length : records.length;
    // Column by column: a stored record's fields (its hash as bytes) go straight to the table.
    const table = new EntryTableWriter(count);
    const { size, mtime, segment, offset: offsetOf, shingles, slot } = table.columns;
    for (let n = 0; n < count; n++) {
      const i = at ? at[n]! : n;
      const record = records[i]!;
      const offset = compact || !segmentOf(record) ? offsets.get(record.path) : undefined;
      const stored = record as StoredRecord;
      table.set(
        n,
        record.path,
        record instanceof StoredPost ? record.contentHashBytes : record.contentHash,
        record.sources,
      );
      size[n] = record.size;
      mtime[n] = record.mtimeMs;
      segment[n] = offset === undefined ? segmentNo.get(stored.segment)! : freshNo;
      offsetOf[n] = offset ?? stored.offset;
      shingles[n] = 'shingleCount' in record ? record.shingleCount : record.shingles.length;
      slot[n] = lsh?.slots[i] ?? -1;
    }
    const encoded = table.finish();
    const prefix = at ? 'changes' : 'entries';
    const file = `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    writeFileAtomic(join(dir, file), encoded.bytes);
    return { file, count, sources: encoded.sources };
  };
  const manifest: Manifest = changed
    ? {
        version: VERSION,
        fingerprint,
        segments,
        entries: previous!.ref,
        changes: { ...entriesOf(changed.at), removed: changed.removed },
      }
    : { version: VERSION, fingerprint, segments, entries: entriesOf(undefined) };
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
      manifest.entries.file,
      ...(manifest.changes ? [manifest.changes.file] : []),
      ...(manifest.lsh ? [manifest.lsh.file] : []),
    ]),
  );
}

function segmentOf(record: StoredRecord | PostRecord): string {
  return 'segment' in record ? record.segment : '';
}

/**
 * The records not stored as they are in the base table (changed, touched, new: their numbers)
 * and the base paths no longer present; undefined when there are too many to keep apart.
 */
function changesOf(
  records: ReadonlyArray<StoredRecord | PostRecord>,
  base: StoredTable,
): { at: number[]; removed: string[] } | undefined {
  const at: number[] = [];
  records.forEach((record, i) => {
    if (!(record instanceof StoredPost && record.isStoredIn(base))) at.push(i);
  });
  if (at.length > Math.max(STORE_LIMITS.changes, STORE_LIMITS.changesShare * records.length))
    return undefined;
  // Both sorted by path: one pass finds the base paths that are gone.
  const removed: string[] = [];
  let i = 0;
  for (const path of base.columns.paths) {
    while (i < records.length && records[i]!.path !== path && records[i]!.path < path) i++;
    if (i < records.length && records[i]!.path === path) i++;
    else removed.push(path);
  }
  return { at, removed };
}
