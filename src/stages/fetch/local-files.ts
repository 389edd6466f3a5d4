/**
 * `file:` sources and `file://` items: only inside the project root. The check is made on the
 * real path (symlinks resolved), so neither `../` nor a link pointing outside can escape.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FetchError } from '../../core/errors.js';
import { sizeOf } from './body.js';

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
