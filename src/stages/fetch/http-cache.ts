/**
 * Conditional-GET cache in `<cacheDir>/http/`: one file per URL holding the validators (ETag,
 * Last-Modified) and the body. A rerun sends If-None-Match / If-Modified-Since and reuses the body
 * on 304. Each entry is one file written through a temp file and a rename, so two concurrent runs
 * never see half an entry, and deleting the folder only costs full downloads.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/files.js';

/** A cached response. */
export interface CacheEntry {
  url: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  /** The body with Content-Encoding undone. */
  body: Buffer;
}

/** The HTTP cache of a project (one folder, shared by runs). */
export class HttpCache {
  private readonly dir: string;

  /** @param cacheDir The project's `.pipeline/cache/`; entries go in its `http/` folder. */
  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'http');
  }

  /** Reads the entry of a URL, or null when there is none or it is unreadable. */
  async get(url: string): Promise<CacheEntry | null> {
    let data: Buffer;
    try {
      data = await readFile(this.pathOf(url));
    } catch {
      return null;
    }
    const newline = data.indexOf(0x0a);
    if (newline < 0) return null;
    try {
      const meta = JSON.parse(data.subarray(0, newline).toString('utf8')) as Omit<
        CacheEntry,
        'body'
      >;
      // A hash collision or a foreign file is not our entry.
      if (meta.url !== url) return null;
      return { ...meta, body: data.subarray(newline + 1) };
    } catch {
      return null;
    }
  }

  /** Stores a response that has a validator (ETag or Last-Modified); others are not cached. */
  put(entry: CacheEntry): void {
    if (entry.etag === null && entry.lastModified === null) return;
    const { body, ...meta } = entry;
    writeFileAtomic(
      this.pathOf(entry.url),
      Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), body]),
    );
  }

  private pathOf(url: string): string {
    return join(this.dir, `${createHash('sha256').update(url).digest('hex')}.entry`);
  }
}
