import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Bounded reading of a text file given on the command line or named by a topic: never more than
 * the cap is read (so `/dev/zero` or a huge file costs at most the cap, instead of hanging or
 * filling memory), and a file that is not text is refused instead of being read as garbage.
 */

/** What {@link readTextFile} found: the text, or why it refuses the file. */
export type TextFileRead = { ok: true; text: string } | { ok: false; reason: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a UTF-8 text file of at most `maxBytes` (a leading BOM is dropped).
 *
 * @param path The file.
 * @param maxBytes Largest size read, in bytes.
 * @returns The text, or the reason it is refused with its numbers: over the cap, a NUL byte
 *   (binary) or bytes that are not UTF-8. Errors of the file system (missing, unreadable) throw.
 */
export function readTextFile(path: string, maxBytes: number): TextFileRead {
  const bytes = readAtMost(path, maxBytes + 1);
  if (bytes.byteLength > maxBytes)
    return { ok: false, reason: `is larger than the ${sizeOf(maxBytes)} cap` };
  return textOf(bytes);
}

/**
 * Checks that bytes are text: no NUL byte, valid UTF-8.
 *
 * @param bytes The bytes.
 */
export function textOf(bytes: Uint8Array): TextFileRead {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, reason: `is not text: a NUL byte at offset ${nul}` };
  try {
    return { ok: true, text: UTF8.decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { ok: false, reason: 'is not text: its bytes are not valid UTF-8' };
  }
}

/** A byte count as people read it: `256 KB`, `2 MB`. */
export function sizeOf(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

// Reads until the end of the file or `limit` bytes, whichever comes first (a device or a pipe
// has no size to trust, so the size is never asked).
function readAtMost(path: string, limit: number): Uint8Array {
  const buffer = new Uint8Array(Math.min(limit, 1 << 16));
  const chunks: Uint8Array[] = [];
  let total = 0;
  const fd = openSync(path, 'r');
  try {
    while (total < limit) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.byteLength, limit - total), null);
      if (n === 0) break;
      chunks.push(buffer.slice(0, n));
      total += n;
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks, total);
}
