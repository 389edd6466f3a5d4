import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { CitedSource, PostRecord } from './read-post.js';

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

/** A record of the stored index whose signature and shingles are read on first use. */
export class StoredPost implements StoredRecord {
  /**
   * @param files The open segments.
   * @param bins Signature length (uint32 words before the shingles).
   */
  constructor(
    private readonly files: SegmentFiles,
    private readonly bins: number,
    readonly path: string,
    readonly contentHash: string,
    readonly size: number,
    readonly mtimeMs: number,
    readonly sources: CitedSource[],
    readonly segment: string,
    readonly offset: number,
    readonly shingleCount: number,
    readonly slot: number,
  ) {}

  /** The same record with a new size and modification time (same bytes: same data). */
  withTime(size: number, mtimeMs: number): StoredPost {
    return new StoredPost(
      this.files,
      this.bins,
      this.path,
      this.contentHash,
      size,
      mtimeMs,
      this.sources,
      this.segment,
      this.offset,
      this.shingleCount,
      this.slot,
    );
  }

  /** The signature, read from the segment (not kept: a query reads few posts). */
  get signature(): Uint32Array {
    return this.files.read(this.segment, this.offset, this.bins);
  }

  /** The shingles, read from the segment. */
  get shingles(): Uint32Array {
    return this.files.read(this.segment, this.offset + this.bins, this.shingleCount);
  }
}
