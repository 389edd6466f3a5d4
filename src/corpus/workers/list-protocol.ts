import type { CorpusFile } from '../corpus-files.js';

/** What a listing worker is started with. */
export interface ListJob {
  /** The content folder. */
  root: string;
  /** Planned folders, relative to the root. */
  units: string[];
  /** One shared int32: the next unit to take (every thread takes with {@link takeUnit}). */
  next: SharedArrayBuffer;
}

/** Messages from a listing worker. */
export type ListMessage =
  | { type: 'unit'; unit: number; paths: string; numbers: Float64Array }
  | { type: 'error'; unit: number; message: string }
  | { type: 'done' };

/**
 * Takes the next unit for this thread: threads share the units as they go, so a thread that
 * met small folders takes more of them.
 *
 * @param next The job's shared counter, as an Int32Array.
 */
export function takeUnit(next: Int32Array): number {
  return Atomics.add(next, 0, 1);
}

/**
 * Packs a unit's files for a transfer: the paths in one string, sizes and times in one array
 * (100,000 objects cloned one by one cost more than the listing saved).
 */
export function packFiles(
  unit: number,
  files: CorpusFile[],
): Extract<ListMessage, { type: 'unit' }> {
  const numbers = new Float64Array(files.length * 2);
  files.forEach((file, i) => {
    numbers[2 * i] = file.size;
    numbers[2 * i + 1] = file.mtimeMs;
  });
  return { type: 'unit', unit, paths: files.map((file) => file.path).join('\0'), numbers };
}

/**
 * Unpacks what {@link packFiles} packed.
 *
 * @param root The content folder, joined to each path for its absolute path.
 * @param separator The platform's path separator.
 */
export function unpackFiles(
  message: Extract<ListMessage, { type: 'unit' }>,
  root: string,
  separator: string,
): CorpusFile[] {
  if (message.numbers.length === 0) return [];
  const paths = message.paths.split('\0');
  return paths.map((path, i) => ({
    path,
    absolutePath: `${root}${separator}${separator === '/' ? path : path.split('/').join(separator)}`,
    size: message.numbers[2 * i]!,
    mtimeMs: message.numbers[2 * i + 1]!,
  }));
}
