import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';
import { EntryTableWriter } from './entry-table.js';
import {
  MANIFEST,
  STORE_LIMITS,
  VERSION,
  type Manifest,
  type StoredBase,
  type StoredLsh,
  type StoreKey,
} from './index-store.js';
import type { LshArrays } from '../signature/lsh.js';
import type { PostRecord } from '../read-post.js';
import { recordWordsOf } from './segment-checksum.js';
import { removeUnreferenced, segmentSize, writeSegment, type SegmentPlace } from './store-files.js';
import { StoredPost, type StoredRecord, type StoredTable } from './stored-post.js';

/** The LSH table to record with a save. */
export interface LshToSave {
  /** Slot of each record in the table, in the records' order (-1: not in the table). */
  slots: Int32Array;
  /** A new table over `count` slots to write, or the stored one kept as it is. */
  table: { arrays: LshArrays; count: number } | { stored: StoredLsh };
}

/**
 * Saves the index: records without a segment (new or changed, or stored in a segment that failed
 * a checksum) go into one new segment, then the
 * manifest is replaced. A small update (the LSH table kept, at most {@link STORE_LIMITS} records
 * not stored as they are in `previous`) writes only a change table beside the base. Otherwise
 * the whole entry table is written; when more than half of the stored words belong to forgotten
 * records, or there are too many segment files, everything is rewritten into one segment
 * (compaction).
 *
 * @param dir The `corpus-index` folder (created).
 * @param records Every record of the corpus sorted by path; `segment` empty for those read in
 *   this run.
 * @param key The corpus folder and the options the records were built with.
 * @param lsh The LSH table and each record's slot in it (default: none stored).
 * @param previous The base entry table the records were loaded from, if any.
 */
export function saveStore(
  dir: string,
  records: ReadonlyArray<StoredRecord | PostRecord>,
  key: StoreKey,
  lsh?: LshToSave,
  previous?: StoredBase,
): void {
  const { fingerprint, corpus } = key;
  const bins = fingerprint.bins;
  const segmentWords = new Map<string, number>();
  let liveOld = 0;
  for (const record of records) {
    const segment = segmentOf(record);
    if (!segment) continue;
    liveOld += recordWordsOf(bins, (record as StoredRecord).shingleCount);
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
  const places = new Map<string, SegmentPlace>();
  let freshNo = -1;
  if (fresh.length > 0) {
    const file = `seg-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    const words = writeSegment(join(dir, file), fresh, bins, places);
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
      const place = compact || !segmentOf(record) ? places.get(record.path) : undefined;
      const stored = record as StoredRecord;
      table.set(
        n,
        record.path,
        record instanceof StoredPost ? record.contentHashBytes : record.contentHash,
        record.sources,
      );
      size[n] = record.size;
      mtime[n] = record.mtimeMs;
      segment[n] = place === undefined ? segmentNo.get(stored.segment)! : freshNo;
      offsetOf[n] = place?.offset ?? stored.offset;
      shingles[n] = place?.shingleCount ?? stored.shingleCount;
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
        corpus,
        segments,
        entries: previous!.ref,
        changes: { ...entriesOf(changed.at), removed: changed.removed },
      }
    : { version: VERSION, fingerprint, corpus, segments, entries: entriesOf(undefined) };
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

// A record in a segment that failed a checksum has none: it is written again (segment-repair.ts).
function segmentOf(record: StoredRecord | PostRecord): string {
  if (record instanceof StoredPost && record.isInMarkedSegment()) return '';
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
