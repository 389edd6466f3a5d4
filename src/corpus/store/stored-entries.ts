import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CitedSource } from '../read-post.js';
import { decodeEntryColumns } from './entry-table.js';
import { recordWordsOf } from './segment-checksum.js';
import { StoredPost, type SegmentFiles, type StoredTable } from './stored-post.js';

/** Where an entry table is, as the manifest records it. */
export interface EntryFileRef {
  file: string;
  count: number;
  /** Cited sources by entry number. */
  sources: Record<string, CitedSource[]>;
}

/** The changes since the base table: entries that replace or add to it, base paths removed. */
export interface ChangesRef extends EntryFileRef {
  /** Paths of base entries no longer in the corpus, sorted. */
  removed: string[];
}

/**
 * Reads and checks one entry table: every entry inside its segment, with a valid LSH slot, and
 * the paths in strictly ascending order (the order saves write and loads rely on).
 *
 * @param segments The manifest's segments (file, length in words), by segment number.
 * @param slots Slots of the stored LSH table (0 when there is none).
 * @throws Error naming the first entry that is wrong.
 */
export function readEntryTable(
  dir: string,
  ref: EntryFileRef,
  files: SegmentFiles,
  bins: number,
  segments: ReadonlyArray<{ file: string; words: number }>,
  slots: number,
): StoredTable {
  const columns = decodeEntryColumns(readFileSync(join(dir, ref.file)), ref.count);
  const { paths, segment, offset, shingles, slot } = columns;
  for (let i = 0; i < columns.count; i++) {
    const words = segments[segment[i]!]?.words ?? -1;
    if (offset[i]! + recordWordsOf(bins, shingles[i]!) > words)
      throw new Error(`entry ${paths[i]} points outside its segment`);
    if (!(slot[i]! >= -1 && slot[i]! < slots))
      throw new Error(`entry ${paths[i]} has LSH slot ${slot[i]}`);
    if (i > 0 && !(paths[i - 1]! < paths[i]!))
      throw new Error(`entry ${paths[i]} is out of path order`);
  }
  return { files, bins, columns, segments: segments.map((s) => s.file), sources: ref.sources };
}

/**
 * The records of a base table with its changes applied, sorted by path: a changed entry replaces
 * the base entry of the same path, a removed path drops it, the others are added in order.
 *
 * @param removed Removed base paths, sorted.
 * @throws Error when the removed paths are out of order.
 */
export function mergedRecords(
  base: StoredTable,
  changes: StoredTable | undefined,
  removed: readonly string[],
): StoredPost[] {
  const basePaths = base.columns.paths;
  const out: StoredPost[] = [];
  for (let k = 1; k < removed.length; k++)
    if (!(removed[k - 1]! < removed[k]!))
      throw new Error(`removed path ${removed[k]} out of order`);
  if (!changes && removed.length === 0) {
    for (let i = 0; i < basePaths.length; i++) out.push(new StoredPost(base, i));
    return out;
  }
  const changedPaths = changes?.columns.paths ?? [];
  let j = 0;
  let k = 0;
  for (let i = 0; i < basePaths.length; i++) {
    const path = basePaths[i]!;
    while (j < changedPaths.length && changedPaths[j]! < path)
      out.push(new StoredPost(changes!, j++));
    if (j < changedPaths.length && changedPaths[j] === path) {
      out.push(new StoredPost(changes!, j++));
      continue;
    }
    while (k < removed.length && removed[k]! < path) k++;
    if (k < removed.length && removed[k] === path) continue;
    out.push(new StoredPost(base, i));
  }
  while (j < changedPaths.length) out.push(new StoredPost(changes!, j++));
  return out;
}
