import type { FingerprintOptions } from '../signature/fingerprint.js';
import type { CitedSource, PostRecord } from '../read-post.js';

/** One file for a worker. */
export interface WorkerFile {
  absolutePath: string;
  path: string;
  /** Content hash already indexed, if any (unchanged content is reported, not fingerprinted). */
  knownHash?: string;
}

/** What a worker is started with. */
export interface WorkerJob {
  files: WorkerFile[];
  fingerprint: FingerprintOptions;
}

/** Records without their arrays; `words` = signature length + shingle count, in `data` order. */
export interface PackedMeta {
  path: string;
  contentHash: string;
  size: number;
  mtimeMs: number;
  sources: CitedSource[];
  shingleCount: number;
}

/** Messages from a worker. */
export type WorkerMessage =
  | { type: 'records'; meta: PackedMeta[]; data: Uint32Array; bins: number }
  | { type: 'unchanged'; path: string }
  | { type: 'error'; path: string; message: string }
  | { type: 'done' };

/**
 * Packs records for a transfer: one buffer instead of two typed arrays per file.
 *
 * @param records Records to send.
 */
export function packRecords(records: PostRecord[]): Extract<WorkerMessage, { type: 'records' }> {
  const bins = records[0]?.signature.length ?? 0;
  let words = 0;
  for (const r of records) words += r.signature.length + r.shingles.length;
  const data = new Uint32Array(words);
  const meta: PackedMeta[] = [];
  let at = 0;
  for (const r of records) {
    data.set(r.signature, at);
    data.set(r.shingles, at + r.signature.length);
    at += r.signature.length + r.shingles.length;
    meta.push({
      path: r.path,
      contentHash: r.contentHash,
      size: r.size,
      mtimeMs: r.mtimeMs,
      sources: r.sources,
      shingleCount: r.shingles.length,
    });
  }
  return { type: 'records', meta, data, bins };
}

/**
 * Unpacks records (views into the transferred buffer, no copies).
 *
 * @param message A `records` message.
 */
export function unpackRecords(message: Extract<WorkerMessage, { type: 'records' }>): PostRecord[] {
  const out: PostRecord[] = [];
  let at = 0;
  for (const m of message.meta) {
    const signature = message.data.subarray(at, at + message.bins);
    const shingles = message.data.subarray(at + message.bins, at + message.bins + m.shingleCount);
    at += message.bins + m.shingleCount;
    out.push({
      path: m.path,
      contentHash: m.contentHash,
      size: m.size,
      mtimeMs: m.mtimeMs,
      sources: m.sources,
      signature,
      shingles,
    });
  }
  return out;
}
