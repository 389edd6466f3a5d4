import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { FingerprintOptions } from '../signature/fingerprint.js';
import type { LshArrays } from '../signature/lsh.js';
import { lshOf, segmentSize } from './store-files.js';
import {
  mergedRecords,
  readEntryTable,
  type ChangesRef,
  type EntryFileRef,
} from './stored-entries.js';
import { SegmentFiles, type StoredRecord, type StoredTable } from './stored-post.js';
import { SegmentRepair } from './segment-repair.js';

/**
 * The persistent corpus index in `<cacheDir>/corpus-index/`: `manifest.json` (version, options,
 * segment list, where the LSH table is, cited sources), a binary entry table `entries-*.bin`
 * (per file: path, content hash, size, modification time, where its data is, its LSH slot; see
 * entry-table.ts), append-only segment files `seg-*.bin` (per file: signature then shingles, as
 * little-endian uint32) and the LSH table `lsh-*.bin`. A load reads the manifest, the entry table
 * and the LSH table; segments are read per post when a query needs it (stored-post.ts).
 *
 * Loading is here, saving in save-store.ts.
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
 * Corruption that keeps a segment's length is caught by the records' checksums when they are read
 * (segment-checksum.ts): the post is read again, and the segment's entries are rewritten by this
 * run's save or, marked in the manifest (`rebuild`), read again by the next load
 * (segment-repair.ts). A warm load checks no segment up front: reading them all cost more than
 * half of it.
 */

// 7: TOML frontmatter and MDX module lines are not text (6: each segment record carries a CRC-32
// after its signature and after its shingles; 5: the manifest names its corpus folder; 4: a
// change table beside the base entries).
export const VERSION = 7;
export const MANIFEST = 'manifest.json';

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

/** The manifest: options, segments, entry tables, LSH table. */
export interface Manifest {
  version: number;
  fingerprint: FingerprintOptions;
  /** The corpus folder the index is of, relative to the index folder. */
  corpus: string;
  segments: Array<{ file: string; words: number }>;
  /** The base entry table (entry-table.ts): file, entry count, cited sources by entry number. */
  entries: EntryFileRef;
  /** Changes since the base table, written by small updates. */
  changes?: ChangesRef;
  /** The LSH table over the slots: starts, keys, ids end to end. */
  lsh?: StoredLsh;
  /** Segments that failed a checksum after the save: their entries are read again on load. */
  rebuild?: string[];
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

/** What an index is of: the corpus folder and the fingerprint options. */
export interface StoreKey {
  fingerprint: FingerprintOptions;
  /** The corpus folder, relative to the index folder ({@link corpusKeyOf}). */
  corpus: string;
}

/**
 * The corpus folder as the manifest records it: relative to the index folder, so that moving the
 * whole project keeps the index, while an index of another folder is never taken for this one.
 *
 * @param dir The `corpus-index` folder.
 * @param contentDir The corpus folder.
 */
export function corpusKeyOf(dir: string, contentDir: string): string {
  return relative(resolve(dir), resolve(contentDir)).split(sep).join('/') || '.';
}

/**
 * Loads the stored index, or an empty map when there is none or it cannot be used. Signatures
 * and shingles stay in the segments and are read when used ({@link StoredPost}).
 *
 * @param dir The `corpus-index` folder.
 * @param key The corpus folder and fingerprint options the caller uses: an index of another
 *   folder, or built with other options, is ignored.
 * @param logger Where to say why a stored index was ignored.
 */
export function loadStore(dir: string, key: StoreKey, logger: Logger): StoredIndex {
  const { fingerprint } = key;
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return { records: [] };
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.version !== VERSION)
      throw new Error(`version ${manifest.version}, expected ${VERSION}`);
    if (manifest.corpus !== key.corpus)
      throw new Error(`it is of the folder ${manifest.corpus}, not ${key.corpus}`);
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
    const rebuild = new Set(manifest.rebuild ?? []);
    const repair = new SegmentRepair(dir, resolve(dir, key.corpus), fingerprint, logger, rebuild);
    const table = readEntryTable(dir, manifest.entries, files, bins, segments, slots);
    const changes = manifest.changes
      ? readEntryTable(dir, manifest.changes, files, bins, segments, slots)
      : undefined;
    table.repair = repair;
    if (changes) changes.repair = repair;
    // Saved in listing order: the load matches them with the listing in one pass.
    const merged = mergedRecords(table, changes, manifest.changes?.removed ?? []);
    const records = rebuild.size > 0 ? withoutMarked(merged, rebuild, logger) : merged;
    const base = { table, ref: manifest.entries, segments };
    return lsh ? { records, lsh, base } : { records, base };
  } catch (error) {
    logger.warn(
      `corpus: stored index in ${dir} ignored, rebuilding it: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { records: [] };
  }
}

// Entries of a segment that failed a checksum are not trusted: left out, the listing reads them.
function withoutMarked<T extends StoredRecord>(
  records: T[],
  rebuild: ReadonlySet<string>,
  logger: Logger,
): T[] {
  const kept = records.filter((record) => !rebuild.has(record.segment));
  logger.warn(
    `corpus: ${records.length - kept.length} entries of ${[...rebuild].join(', ')} (failed a checksum) read again from the corpus`,
  );
  return kept;
}
