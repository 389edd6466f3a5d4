import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';
import { PipelineError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { FingerprintOptions } from '../signature/fingerprint.js';
import { readPost, type PostRecord } from '../read-post.js';
import type { ChecksumMismatch } from './segment-checksum.js';

/** Manifest file name (as index-store.ts names it; repeated to keep this file free of cycles). */
const MANIFEST = 'manifest.json';

/**
 * What happens when a stored record fails its checksum (segment-checksum.ts): the post is read
 * again from the corpus, so this run answers from its true text; the segment is marked in the
 * manifest (`rebuild`), so the next load re-reads every entry of it instead of trusting it; and
 * a save in this run rewrites the segment's entries into a new segment. Every mismatch is logged.
 */
export class SegmentRepair {
  private readonly marked: Set<string>;
  private readonly reread = new Map<string, PostRecord>();

  /**
   * @param dir The `corpus-index` folder.
   * @param contentDir The corpus folder the posts are read again from.
   * @param fingerprint Fingerprint options of the index.
   * @param logger Where each mismatch is reported.
   * @param marked Segments already marked for rebuilding (by the manifest).
   */
  constructor(
    private readonly dir: string,
    private readonly contentDir: string,
    private readonly fingerprint: FingerprintOptions,
    private readonly logger: Logger,
    marked: Iterable<string> = [],
  ) {
    this.marked = new Set(marked);
  }

  /** Whether a segment failed a checksum (in this run or an earlier one): not to be kept. */
  isMarked(segment: string): boolean {
    return this.marked.has(segment);
  }

  /**
   * The post behind a record that failed its checksum, read again from the corpus (once per
   * path); marks its segment for rebuilding.
   *
   * @throws PipelineError (stage `corpus`, `CORPUS_INDEX_CORRUPT`) when the post cannot be read.
   */
  recordOf(mismatch: ChecksumMismatch): PostRecord {
    const known = this.reread.get(mismatch.path);
    if (known) return known;
    const { segment, path, part } = mismatch;
    this.logger.warn(
      `corpus: ${segment}: the ${part} of ${path} fails its checksum (stored ${hexOf(mismatch.stored)}, read ${hexOf(mismatch.actual)}); ${path} read again from the corpus, the segment's entries rebuilt`,
    );
    this.mark(segment);
    let record: PostRecord | null;
    try {
      record = readPost(join(this.contentDir, path), path, this.fingerprint);
    } catch (cause) {
      throw new PipelineError(
        'corpus',
        'CORPUS_INDEX_CORRUPT',
        `corpus: ${segment}: ${path} fails its ${part} checksum and cannot be read again from ${this.contentDir}`,
        { source: path, cause },
      );
    }
    this.reread.set(path, record!);
    return record!;
  }

  // The mark goes into the manifest now: a query may find the mismatch after this run's save.
  private mark(segment: string): void {
    if (this.marked.has(segment)) return;
    this.marked.add(segment);
    const file = join(this.dir, MANIFEST);
    try {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { rebuild?: string[] };
      if (manifest.rebuild?.includes(segment)) return;
      manifest.rebuild = [...(manifest.rebuild ?? []), segment];
      writeFileAtomic(file, JSON.stringify(manifest));
    } catch (error) {
      // The in-run answer is right either way; the next load checks the segment again.
      this.logger.warn(
        `corpus: could not mark ${segment} for rebuilding in ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function hexOf(value: number): string {
  return value.toString(16).padStart(8, '0');
}
