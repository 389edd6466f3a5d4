import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';
import type { Logger } from '../../core/logger.js';
import type { FingerprintOptions } from './fingerprint.js';
import type { LshArrays } from './lsh.js';
import type { CitedSource, PostRecord } from './read-post.js';
import { lshOf, removeUnreferenced, segmentSize, writeSegment } from './store-files.js';

/**
 * The persistent corpus index in `<cacheDir>/corpus-index/`: `manifest.json` (per file: path,
 * content hash, size, modification time, cited sources, where its data is) and append-only
 * segment files `seg-*.bin` (per file: signature then shingles, as little-endian uint32).
 *
 * Crash safety: a segment is written whole (temp file + rename) before the manifest that refers
 * to it, and the manifest is replaced the same way, so an interrupted save leaves the previous
 * manifest and its segments intact. Segments are never modified; unreferenced ones are removed
 * after a save. Anything unreadable (truncated, corrupt, other options) makes the index empty:
 * the next build re-reads everything.
 */

const VERSION = 1;
const MANIFEST = 'manifest.json';

/** A stored record with where its data lives. */
export interface StoredRecord extends PostRecord {
  /** Segment file, and the record's offset in it (uint32 words). */
  segment: string;
  offset: number;
}

interface Manifest {
  version: number;
  fingerprint: FingerprintOptions;
  segments: Array<{ file: string; words: number }>;
  /** [path, contentHash, size, mtimeMs, segment number, offset (words), shingle count, sources]. */
  entries: Array<[string, string, number, number, number, number, number, CitedSource[]]>;
  /** The LSH table over the entries in this order: starts, keys, ids end to end. */
  lsh?: { file: string; starts: number; keys: number };
}

/** What {@link loadStore} found. */
export interface StoredIndex {
  records: Map<string, StoredRecord>;
  /** The stored LSH table, when there is one for exactly these records. */
  lsh?: LshArrays;
}

/**
 * Loads the stored index, or an empty map when there is none or it cannot be used.
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
    const segments = manifest.segments.map(({ file, words }) => {
      const bytes = readFileSync(join(dir, file));
      if (bytes.byteLength !== words * 4)
        throw new Error(`${file} has ${bytes.byteLength} bytes, expected ${words * 4}`);
      // A Buffer may sit at an offset that is not a multiple of 4: copy it then.
      const data =
        bytes.byteOffset % 4 === 0
          ? new Uint32Array(bytes.buffer, bytes.byteOffset, words)
          : new Uint32Array(new Uint8Array(bytes).buffer);
      return { file, data };
    });
    const bins = fingerprint.bins;
    for (const [
      path,
      contentHash,
      size,
      mtimeMs,
      segmentNo,
      offset,
      shingleCount,
      sources,
    ] of manifest.entries) {
      const segment = segments[segmentNo];
      if (!segment || offset + bins + shingleCount > segment.data.length)
        throw new Error(`entry ${path} points outside its segment`);
      records.set(path, {
        path,
        contentHash,
        size,
        mtimeMs,
        sources,
        segment: segment.file,
        offset,
        signature: segment.data.subarray(offset, offset + bins),
        shingles: segment.data.subarray(offset + bins, offset + bins + shingleCount),
      });
    }
    return manifest.lsh ? { records, lsh: lshOf(dir, manifest.lsh) } : { records };
  } catch (error) {
    logger.warn(
      `corpus: stored index in ${dir} ignored, rebuilding it: ${error instanceof Error ? error.message : String(error)}`,
    );
    records.clear();
    return { records };
  }
}

/**
 * Saves the index: records without a segment (new or changed) go into one new segment, then the
 * manifest is replaced. When more than half of the stored words belong to forgotten records,
 * everything is rewritten into one segment instead (compaction).
 *
 * @param dir The `corpus-index` folder (created).
 * @param records Every record of the corpus; `segment` empty for those read in this run.
 * @param fingerprint Options the records were built with.
 */
export function saveStore(
  dir: string,
  records: Map<string, StoredRecord | PostRecord>,
  fingerprint: FingerprintOptions,
  lsh?: LshArrays,
): Map<string, StoredRecord> {
  const bins = fingerprint.bins;
  const segmentWords = new Map<string, number>();
  let liveOld = 0;
  for (const record of records.values()) {
    const segment = 'segment' in record ? record.segment : '';
    if (segment) liveOld += bins + record.shingles.length;
    if (segment && !segmentWords.has(segment)) segmentWords.set(segment, segmentSize(dir, segment));
  }
  const totalOld = [...segmentWords.values()].reduce((a, b) => a + b, 0);
  const compact = totalOld > 0 && liveOld * 2 < totalOld;
  const fresh = [...records.values()].filter((r) => compact || !('segment' in r) || !r.segment);
  const out = new Map<string, StoredRecord>();
  const segments: Manifest['segments'] = [];
  const segmentNo = new Map<string, number>();
  if (!compact) {
    for (const [file, words] of segmentWords) {
      segmentNo.set(file, segments.length);
      segments.push({ file, words });
    }
  }
  const offsets = new Map<string, number>();
  if (fresh.length > 0) {
    const file = `seg-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    const words = writeSegment(join(dir, file), fresh, bins, offsets);
    segmentNo.set(file, segments.length);
    segments.push({ file, words });
    // The records keep their arrays (worker buffers): copying 100,000 of them into the segment's
    // layout would double the peak memory of a cold build.
    for (const r of fresh) out.set(r.path, { ...r, segment: file, offset: offsets.get(r.path)! });
  }
  const entries: Manifest['entries'] = [];
  for (const record of records.values()) {
    const stored = out.get(record.path) ?? (record as StoredRecord);
    out.set(record.path, stored);
    const offset = offsets.get(record.path) ?? stored.offset;
    entries.push([
      stored.path,
      stored.contentHash,
      stored.size,
      stored.mtimeMs,
      segmentNo.get(stored.segment)!,
      offset,
      stored.shingles.length,
      stored.sources,
    ]);
  }
  const manifest: Manifest = { version: VERSION, fingerprint, segments, entries };
  if (lsh) {
    const file = `lsh-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.bin`;
    writeFileAtomic(
      join(dir, file),
      Buffer.concat(
        [lsh.starts, lsh.keys, lsh.ids].map(
          (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
        ),
      ),
    );
    manifest.lsh = { file, starts: lsh.starts.length, keys: lsh.keys.length };
  }
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
  removeUnreferenced(
    dir,
    new Set([...segments.map((s) => s.file), ...(manifest.lsh ? [manifest.lsh.file] : [])]),
  );
  return out;
}
