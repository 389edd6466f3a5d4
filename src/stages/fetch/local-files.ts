/**
 * `file:` sources and `file://` items: only inside the project root. The check is made on the
 * real path (symlinks resolved), so neither `../` nor a link pointing outside can escape.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { extname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FetchError } from '../../core/errors.js';
import { sizeOf } from './body.js';
import { reasonOf } from './network-errors.js';
import { newRecord } from './records.js';
import type { FetchRecord } from './types.js';

/** Content types guessed from file extensions. */
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.json': 'application/json',
};

/** Guesses a content type from a file name (`application/octet-stream` when unknown). */
export function contentTypeOfPath(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Reads a file that must lie inside `root`.
 *
 * @param pathOrUrl Absolute path or `file://` URL.
 * @param root Project root (ctx.root).
 * @param maxBytes Largest file read, in bytes.
 * @returns The bytes and the real path.
 * @throws FetchError (step `file`) outside the root, missing, not a file, or over the cap.
 */
export async function readLocalFile(
  pathOrUrl: string,
  root: string,
  maxBytes: number,
): Promise<{ bytes: Buffer; path: string }> {
  const path = pathOrUrl.startsWith('file:') ? fileURLToPath(pathOrUrl) : pathOrUrl;
  const fail = (reason: string, cause?: unknown) =>
    new FetchError(pathOrUrl, reason, {
      step: 'file',
      code: 'FILE_REFUSED',
      ...(cause === undefined ? {} : { cause }),
    });
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(path);
  } catch (cause) {
    throw fail(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`, cause);
  }
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw fail(`refused: ${path} is outside the project root ${realRoot}`);
  }
  const info = await stat(real);
  if (!info.isFile()) throw fail(`${path} is not a file`);
  if (info.size > maxBytes) throw fail(`over the ${sizeOf(maxBytes)} cap (${sizeOf(info.size)})`);
  return { bytes: await readFile(real), path: real };
}

/**
 * Reads a file inside `root` like {@link readLocalFile} and records the read in `records`
 * (status null; the error with step `file` on failure).
 *
 * @param pathOrUrl Absolute path or `file://` URL.
 * @param root Project root.
 * @param maxBytes Largest file read, in bytes.
 * @param records Where the record goes.
 * @param id Source id, or null for a `file:` source that is read to be expanded.
 * @returns The bytes, or the error (already recorded).
 */
export async function readRecorded(
  pathOrUrl: string,
  root: string,
  maxBytes: number,
  records: FetchRecord[],
  id: string | null,
): Promise<{ bytes: Buffer } | { error: FetchError }> {
  const started = performance.now();
  const url = pathOrUrl.startsWith('file:') ? pathOrUrl : pathToFileURL(pathOrUrl).href;
  const record: FetchRecord = { ...newRecord(id, url), attempts: 1 };
  try {
    const { bytes } = await readLocalFile(pathOrUrl, root, maxBytes);
    Object.assign(record, { finalUrl: url, bytes: bytes.byteLength, ok: true });
    return { bytes };
  } catch (cause) {
    const error =
      cause instanceof FetchError
        ? cause
        : new FetchError(url, String(cause), { step: 'file', cause });
    record.error = { step: error.step, message: reasonOf(error) };
    return { error };
  } finally {
    record.elapsedMs = Math.round(performance.now() - started);
    records.push(record);
  }
}
