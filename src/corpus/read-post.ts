import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { splitFrontmatterLenient } from '../core/frontmatter.js';
import { fingerprintOf, type FingerprintOptions } from './signature/fingerprint.js';

/** A source cited by a draft's frontmatter (`sources: [{url, sha256}]`). */
export interface CitedSource {
  url?: string;
  sha256?: string;
}

/** What the index keeps about one file. */
export interface PostRecord {
  /** Path relative to the content folder, `/`-separated. */
  path: string;
  /** SHA-256 (hex) of the file's bytes. */
  contentHash: string;
  /** File size in bytes and modification time in ms: a file whose both are unchanged is not re-read. */
  size: number;
  mtimeMs: number;
  /** Sources cited in the frontmatter (drafts only; empty for other posts). */
  sources: CitedSource[];
  signature: Uint32Array;
  shingles: Uint32Array;
}

// Frontmatter is parsed (YAML, ~0.5 ms) only when it has a `sources:` key: drafts, not posts.
const SOURCES_KEY = /^\uFEFF?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?sources:/;

/**
 * Reads and fingerprints one Markdown file.
 *
 * @param absolutePath File to read.
 * @param path Its path relative to the content folder.
 * @param options Fingerprint options.
 * @param knownHash Content hash already indexed: when the file still has it, `null` is returned
 *   (only its modification time changed) and nothing is fingerprinted.
 */
export function readPost(
  absolutePath: string,
  path: string,
  options: FingerprintOptions,
  knownHash?: string,
): PostRecord | null {
  const bytes = readFileSync(absolutePath);
  const stat = statSync(absolutePath);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  if (knownHash === contentHash) return null;
  const text = bytes.toString('utf8');
  const { shingles, signature } = fingerprintOf(text, options);
  return {
    path,
    contentHash,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    sources: citedSourcesOf(text),
    signature,
    shingles,
  };
}

/**
 * The `sources: [{url, sha256}]` of a draft's frontmatter; empty when there are none or the
 * frontmatter is not valid YAML.
 *
 * @param text Whole file text.
 */
export function citedSourcesOf(text: string): CitedSource[] {
  if (!SOURCES_KEY.test(text.slice(0, 64 * 1024))) return [];
  const sources = splitFrontmatterLenient(text).data['sources'];
  if (!Array.isArray(sources)) return [];
  const out: CitedSource[] = [];
  for (const source of sources as unknown[]) {
    if (typeof source !== 'object' || source === null) continue;
    const { url, sha256 } = source as Record<string, unknown>;
    const cited: CitedSource = {};
    if (typeof url === 'string' && url !== '') cited.url = url;
    if (typeof sha256 === 'string' && sha256 !== '') cited.sha256 = sha256.toLowerCase();
    if (cited.url !== undefined || cited.sha256 !== undefined) out.push(cited);
  }
  return out;
}

/** What reading several files gave. */
export interface ReadResult {
  records: PostRecord[];
  /** Files whose content hash matched the known one. */
  unchanged: string[];
  /** Files that could not be read, with why. */
  errors: Array<{ path: string; message: string }>;
}

/**
 * Reads and fingerprints files on this thread ({@link readPost} each): the loop of the index
 * workers, and of a load with too few files to start them.
 *
 * @param files Files to read, with the content hash already indexed if any.
 * @param options Fingerprint options.
 */
export function readPosts(
  files: ReadonlyArray<{ absolutePath: string; path: string; knownHash?: string }>,
  options: FingerprintOptions,
): ReadResult {
  const result: ReadResult = { records: [], unchanged: [], errors: [] };
  for (const file of files) {
    try {
      const record = readPost(file.absolutePath, file.path, options, file.knownHash);
      if (record) result.records.push(record);
      else result.unchanged.push(file.path);
    } catch (error) {
      result.errors.push({
        path: file.path,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}
