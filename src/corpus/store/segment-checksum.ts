import { crc32 } from 'node:zlib';

/**
 * Checksums of the stored segments. Each record of a segment is stored as
 * `signature[bins] crc(signature) shingles[n] crc(shingles)` (little-endian uint32 words): a
 * corruption that keeps the file's length (random bytes over a segment) used to be reused as
 * data, so a published post's duplicate stopped being dropped. The two parts carry their own
 * CRC-32 because they are read apart: the LSH table is built from signatures alone, a query reads
 * a candidate's shingles alone. A CRC-32 of a few hundred words costs microseconds, and only
 * records a query or a save actually reads are checked, so a warm load reads no more than before.
 */

/** Extra words a record takes in a segment: one checksum after each of its two parts. */
export const CHECKSUM_WORDS = 2;

/**
 * The CRC-32 of uint32 words, as their little-endian bytes.
 *
 * @param words The words.
 */
export function checksumOf(words: Uint32Array): number {
  return crc32(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
}

/** Stored words of a record: its signature, its shingles and their checksums. */
export function recordWordsOf(bins: number, shingleCount: number): number {
  return bins + shingleCount + CHECKSUM_WORDS;
}

/** Which part of a stored record a check read. */
export type RecordPart = 'signature' | 'shingles';

/** A part whose checksum did not match, as a repair is told about it. */
export interface ChecksumMismatch {
  /** Segment file name. */
  segment: string;
  /** Path of the post (relative to the content folder). */
  path: string;
  part: RecordPart;
  /** The checksum stored after the part, and the one of the words read. */
  stored: number;
  actual: number;
}

/**
 * Splits a part read with its trailing checksum, and checks it.
 *
 * @param read The part's words followed by its stored checksum.
 * @returns The part, or the mismatch (stored and actual checksums) when they differ.
 */
export function checkedPart(read: Uint32Array): {
  words: Uint32Array;
  stored: number;
  actual: number;
} {
  const words = read.subarray(0, read.length - 1);
  return { words, stored: read[read.length - 1]!, actual: checksumOf(words) };
}
