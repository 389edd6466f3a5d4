import type { CitedSource } from '../read-post.js';

/**
 * The manifest's per-file entries in binary form (`entries-*.bin`): one read and no JSON parse
 * of 100,000 small arrays, which took a third of a warm load. Layout, n entries:
 * float64 size[n], float64 mtimeMs[n], uint32 segment[n], uint32 offset[n] (words),
 * uint32 shingleCount[n], int32 slot[n], SHA-256 content hash (32 bytes)[n], then the paths in
 * UTF-8, each ended by a NUL (a byte no path can hold). Cited sources, rare (drafts only), stay
 * in the JSON manifest.
 */

/** One entry as stored. */
export interface Entry {
  path: string;
  /** SHA-256 of the file, hex or its 32 bytes (decoded entries have hex). */
  contentHash: string | Uint8Array;
  size: number;
  mtimeMs: number;
  segment: number;
  offset: number;
  shingleCount: number;
  slot: number;
  sources: CitedSource[];
}

/**
 * Fills an entry table column by column, without an object per entry: a save of 100,000 stored
 * records copies their fields straight from the table they were loaded from.
 */
export class EntryTableWriter {
  /** The fixed-size columns, to fill by entry number. */
  readonly columns: Omit<EntryColumns, 'count' | 'paths'>;
  private readonly fixed: Uint8Array;
  private readonly paths: string[];
  private readonly sources: Record<string, CitedSource[]> = {};

  /** @param count Number of entries. */
  constructor(readonly count: number) {
    this.fixed = new Uint8Array(count * 64);
    this.columns = viewsOf(this.fixed, count);
    this.paths = new Array<string>(count);
  }

  /**
   * Sets an entry's path, content hash (hex or 32 bytes) and cited sources; the caller fills
   * the numeric columns.
   *
   * @throws Error when the hash is not SHA-256.
   */
  set(i: number, path: string, contentHash: string | Uint8Array, sources: CitedSource[]): void {
    this.paths[i] = path;
    const { hashes } = this.columns;
    if (typeof contentHash !== 'string') {
      if (contentHash.byteLength !== 32)
        throw new Error(`${path}: content hash has ${contentHash.byteLength} bytes, not 32`);
      hashes.set(contentHash, i * 32);
    } else if (contentHash.length !== 64 || hashes.write(contentHash, i * 32, 32, 'hex') !== 32)
      throw new Error(`${path}: content hash ${contentHash} is not SHA-256 hex`);
    if (sources.length > 0) this.sources[i] = sources;
  }

  /** The table's bytes, and the sources that are not empty by entry number. */
  finish(): { bytes: Uint8Array; sources: Record<string, CitedSource[]> } {
    const paths = Buffer.from(this.paths.join('\0') + (this.count > 0 ? '\0' : ''), 'utf8');
    const bytes = new Uint8Array(this.fixed.byteLength + paths.byteLength);
    bytes.set(this.fixed);
    bytes.set(paths, this.fixed.byteLength);
    return { bytes, sources: this.sources };
  }
}

/**
 * Encodes entries; sources that are not empty are returned apart, by entry number.
 *
 * @param entries Entries in index order.
 */
export function encodeEntries(entries: readonly Entry[]): {
  bytes: Uint8Array;
  sources: Record<string, CitedSource[]>;
} {
  const writer = new EntryTableWriter(entries.length);
  const { size, mtime, segment, offset, shingles, slot } = writer.columns;
  entries.forEach((e, i) => {
    writer.set(i, e.path, e.contentHash, e.sources);
    size[i] = e.size;
    mtime[i] = e.mtimeMs;
    segment[i] = e.segment;
    offset[i] = e.offset;
    shingles[i] = e.shingleCount;
    slot[i] = e.slot;
  });
  return writer.finish();
}

/** A decoded entry table, column by column (no object per entry). */
export interface EntryColumns {
  count: number;
  paths: string[];
  size: Float64Array;
  mtime: Float64Array;
  segment: Uint32Array;
  offset: Uint32Array;
  shingles: Uint32Array;
  slot: Int32Array;
  /** SHA-256 content hashes, 32 bytes each. */
  hashes: Buffer;
}

/**
 * Decodes what {@link encodeEntries} wrote, column by column.
 *
 * @param bytes The file's bytes.
 * @param n Number of entries (from the manifest).
 * @throws Error when the length or the path list does not match `n`.
 */
export function decodeEntryColumns(bytes: Uint8Array, n: number): EntryColumns {
  if (bytes.byteLength < n * 64)
    throw new Error(`entry table has ${bytes.byteLength} bytes, expected at least ${n * 64}`);
  // Typed views need aligned offsets: copy when the Buffer sits in a shared pool.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
  const text = Buffer.from(
    aligned.buffer,
    aligned.byteOffset + n * 64,
    aligned.byteLength - n * 64,
  ).toString('utf8');
  const paths = text.split('\0');
  if (paths.length !== n + 1 || paths[n] !== '')
    throw new Error(`entry table has ${paths.length - 1} paths, expected ${n}`);
  paths.pop();
  return { count: n, paths, ...viewsOf(aligned, n) };
}

/**
 * Decodes what {@link encodeEntries} wrote into entries.
 *
 * @param bytes The file's bytes.
 * @param n Number of entries (from the manifest).
 * @param sources Sources by entry number.
 * @throws Error when the length or the path list does not match `n`.
 */
export function decodeEntries(
  bytes: Uint8Array,
  n: number,
  sources: Record<string, CitedSource[]>,
): Entry[] {
  const c = decodeEntryColumns(bytes, n);
  return c.paths.map((path, i) => ({
    path,
    contentHash: c.hashes.toString('hex', i * 32, i * 32 + 32),
    size: c.size[i]!,
    mtimeMs: c.mtime[i]!,
    segment: c.segment[i]!,
    offset: c.offset[i]!,
    shingleCount: c.shingles[i]!,
    slot: c.slot[i]!,
    sources: sources[i] ?? [],
  }));
}

function viewsOf(bytes: Uint8Array, n: number) {
  const { buffer, byteOffset: at } = bytes;
  return {
    size: new Float64Array(buffer, at, n),
    mtime: new Float64Array(buffer, at + 8 * n, n),
    segment: new Uint32Array(buffer, at + 16 * n, n),
    offset: new Uint32Array(buffer, at + 20 * n, n),
    shingles: new Uint32Array(buffer, at + 24 * n, n),
    slot: new Int32Array(buffer, at + 28 * n, n),
    hashes: Buffer.from(buffer, at + 32 * n, 32 * n),
  };
}
