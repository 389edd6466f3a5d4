import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteError } from '../../core/errors.js';
import type { LshArrays } from '../signature/lsh.js';
import type { PostRecord } from '../read-post.js';
import { checksumOf } from './segment-checksum.js';

/**
 * The files of the stored corpus index (see index-store.ts): segment writing, the stored LSH
 * table, clean-up of files no manifest refers to.
 */

/** Length of a segment file in uint32 words (0 when it is gone). */
export function segmentSize(dir: string, file: string): number {
  try {
    return statSync(join(dir, file)).size / 4;
  } catch {
    return 0;
  }
}

/** Removes segment, LSH and temp files of the index folder that `keep` does not name. */
export function removeUnreferenced(dir: string, keep: Set<string>): void {
  for (const name of readdirSync(dir)) {
    if (
      !keep.has(name) &&
      (/^(?:seg|lsh|entries|changes)-.*\.bin$/.test(name) || /^\..*\.tmp$/.test(name))
    ) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // Another run may have removed it already; a leftover file is harmless.
      }
    }
  }
}

/** Where a record went in a new segment: its offset (words) and its number of shingles. */
export interface SegmentPlace {
  offset: number;
  shingleCount: number;
}

/**
 * Streams records into a new segment through a small staging buffer, temp file then rename (as
 * writeFileAtomic, without building the whole file in memory): per record its signature, the
 * signature's CRC-32, its shingles, their CRC-32 (segment-checksum.ts).
 *
 * @param path The segment file.
 * @param records Records to write (a stored record's data is read, and checked, on the way).
 * @param bins Signature length in words.
 * @param places Filled with where each record went, by path.
 * @returns The segment's length in words.
 * @throws WriteError when the file cannot be written.
 */
export function writeSegment(
  path: string,
  records: PostRecord[],
  bins: number,
  places: Map<string, SegmentPlace>,
): number {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const staging = new Uint32Array(1 << 20);
  let fill = 0;
  let words = 0;
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(temp, 'w');
  const flush = () => {
    writeSync(fd, new Uint8Array(staging.buffer, 0, fill * 4));
    fill = 0;
  };
  try {
    const sum = new Uint32Array(1);
    const put = (part: Uint32Array) => {
      if (fill + part.length > staging.length) flush();
      if (part.length > staging.length)
        writeSync(fd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      else {
        staging.set(part, fill);
        fill += part.length;
      }
      words += part.length;
    };
    for (const r of records) {
      const signature = r.signature.subarray(0, bins);
      const shingles = r.shingles;
      places.set(r.path, { offset: words, shingleCount: shingles.length });
      for (const part of [signature, shingles]) {
        put(part);
        sum[0] = checksumOf(part);
        put(sum);
      }
    }
    flush();
    closeSync(fd);
    renameSync(temp, path);
    return words;
  } catch (cause) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temp, { force: true });
    throw new WriteError(path, `segment write failed after ${words} words`, { cause });
  }
}

/**
 * Reads a stored LSH table, checking its length. The read runs on libuv's thread pool into one
 * buffer, so the ~85 MB of a 100,000-post table arrive while this thread lists and decodes.
 */
export async function lshOf(
  dir: string,
  stored: { file: string; starts: number; keys: number },
): Promise<LshArrays> {
  const words = stored.starts + 2 * stored.keys;
  const all = new Uint32Array(words);
  const bytes = new Uint8Array(all.buffer);
  const handle = await open(join(dir, stored.file), 'r');
  try {
    const { size } = await handle.stat();
    if (size !== bytes.byteLength)
      throw new Error(`${stored.file} has ${size} bytes, expected ${bytes.byteLength}`);
    for (let done = 0; done < bytes.byteLength;) {
      const { bytesRead } = await handle.read(bytes, done, bytes.byteLength - done, done);
      if (bytesRead === 0) throw new Error(`${stored.file} ends after ${done} bytes`);
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return {
    starts: all.subarray(0, stored.starts),
    keys: all.subarray(stored.starts, stored.starts + stored.keys),
    ids: all.subarray(stored.starts + stored.keys),
  };
}
