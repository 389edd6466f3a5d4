import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { EntryColumns } from './entry-table.js';
import type { CitedSource, PostRecord } from '../read-post.js';
import { checkedPart, type RecordPart } from './segment-checksum.js';
import type { SegmentRepair } from './segment-repair.js';

/**
 * Lazy access to the stored segments: a warm load keeps only where each post's words are, and
 * reads a post's signature or shingles with one positioned read when a query needs them. Reading
 * all ~400 MB of segments and making 200,000 array views cost more than half of a warm load.
 */
export class SegmentFiles {
  private readonly fds = new Map<string, number>();

  /**
   * Opens every segment now, so that a later compaction that removes one leaves it readable
   * through its open descriptor.
   *
   * @param dir The `corpus-index` folder.
   * @param files Segment file names.
   */
  constructor(dir: string, files: readonly string[]) {
    try {
      for (const file of files) this.fds.set(file, openSync(join(dir, file), 'r'));
    } catch (error) {
      this.close();
      throw error;
    }
    // Descriptors of an index nobody holds any more are closed when it is collected.
    REGISTRY.register(this, [...this.fds.values()]);
  }

  /**
   * Reads `words` uint32 words at `offset` (in words) of a segment.
   *
   * @throws Error when the segment is not open or the read is short.
   */
  read(file: string, offset: number, words: number): Uint32Array {
    const fd = this.fds.get(file);
    if (fd === undefined) throw new Error(`segment ${file} is not open`);
    const out = new Uint32Array(words);
    const bytes = new Uint8Array(out.buffer);
    let done = 0;
    while (done < bytes.byteLength) {
      const n = readSync(fd, bytes, done, bytes.byteLength - done, offset * 4 + done);
      if (n === 0) throw new Error(`segment ${file} ends before word ${offset + words}`);
      done += n;
    }
    return out;
  }

  /** Closes the descriptors (reads fail afterwards). */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

const REGISTRY = new FinalizationRegistry<number[]>((fds) => {
  for (const fd of fds) {
    try {
      closeSync(fd);
    } catch {
      // Already closed by close().
    }
  }
});

/** A stored record with where its data lives. */
export interface StoredRecord extends PostRecord {
  /** Segment file, and the record's offset in it (uint32 words). */
  segment: string;
  offset: number;
  /** Number of shingles (known without reading them). */
  shingleCount: number;
  /** Post number in the stored LSH table, -1 when the table does not hold it. */
  slot: number;
}

// Shared by every record without cited sources (all but drafts); frozen, as nobody may add to it.
const NO_SOURCES = Object.freeze([]) as unknown as CitedSource[];

/** The stored entries a {@link StoredPost} reads from: the decoded table and the open segments. */
export interface StoredTable {
  files: SegmentFiles;
  /** Signature length (uint32 words before the shingles). */
  bins: number;
  columns: EntryColumns;
  /** Segment file names, by segment number. */
  segments: readonly string[];
  /** Cited sources by entry number (drafts only). */
  sources: Record<string, CitedSource[]>;
  /** What a checksum mismatch does (without one, a mismatch throws). */
  repair?: SegmentRepair;
}

/**
 * A record of the stored index: its fields are read from the decoded entry table (no object per
 * field: 100,000 records made a fifth of a warm load's garbage), its signature and shingles from
 * the segment on first use.
 */
export class StoredPost implements StoredRecord {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  private readonly touched: boolean;

  /**
   * @param table The stored table.
   * @param entry The record's entry number in it.
   * @param time A new size and modification time (same bytes), when the file was touched.
   */
  constructor(
    private readonly table: StoredTable,
    private readonly entry: number,
    time?: { size: number; mtimeMs: number },
  ) {
    this.path = table.columns.paths[entry]!;
    this.size = time?.size ?? table.columns.size[entry]!;
    this.mtimeMs = time?.mtimeMs ?? table.columns.mtime[entry]!;
    this.touched = time !== undefined;
  }

  /**
   * Whether this record is entry of `table` as stored (not touched since, its segment not marked
   * for rebuilding): a save keeps it.
   */
  isStoredIn(table: StoredTable): boolean {
    return this.table === table && !this.touched && !this.isInMarkedSegment();
  }

  /** Whether its segment failed a checksum: a save writes the record again, from checked data. */
  isInMarkedSegment(): boolean {
    return this.table.repair?.isMarked(this.segment) ?? false;
  }

  /** The same record with a new size and modification time (same bytes: same data). */
  withTime(size: number, mtimeMs: number): StoredPost {
    return new StoredPost(this.table, this.entry, { size, mtimeMs });
  }

  get contentHash(): string {
    const at = this.entry * 32;
    return this.table.columns.hashes.toString('hex', at, at + 32);
  }

  /** The content hash's 32 bytes, as stored. */
  get contentHashBytes(): Uint8Array {
    const at = this.entry * 32;
    return this.table.columns.hashes.subarray(at, at + 32);
  }

  get sources(): CitedSource[] {
    return this.table.sources[this.entry] ?? NO_SOURCES;
  }

  get segment(): string {
    return this.table.segments[this.table.columns.segment[this.entry]!]!;
  }

  get offset(): number {
    return this.table.columns.offset[this.entry]!;
  }

  get shingleCount(): number {
    return this.table.columns.shingles[this.entry]!;
  }

  get slot(): number {
    return this.table.columns.slot[this.entry]!;
  }

  /**
   * The signature, read from the segment and checked (not kept: a query reads few posts).
   *
   * @throws Error when it fails its checksum and the table has no repair.
   */
  get signature(): Uint32Array {
    return this.checked('signature', this.offset, this.table.bins);
  }

  /** The shingles, read from the segment and checked. */
  get shingles(): Uint32Array {
    return this.checked('shingles', this.offset + this.table.bins + 1, this.shingleCount);
  }

  // A part is followed by its checksum; a mismatch is never used as data (segment-repair.ts).
  private checked(part: RecordPart, offset: number, words: number): Uint32Array {
    const read = checkedPart(this.table.files.read(this.segment, offset, words + 1));
    if (read.stored === read.actual) return read.words;
    const mismatch = { segment: this.segment, path: this.path, part, ...read };
    if (!this.table.repair)
      throw new Error(`${this.segment}: the ${part} of ${this.path} fails its checksum`);
    return this.table.repair.recordOf(mismatch)[part];
  }
}
