/** Fetch records: one per request or local read (see `FetchRecord` in types.ts). */
import type { FetchRecord } from './types.js';

/**
 * A fresh record for a request that has not happened yet.
 *
 * @param id Source id, or null for feeds, sitemaps, robots.txt and expanded files.
 * @param url The URL asked for.
 */
export function newRecord(id: string | null, url: string): FetchRecord {
  return {
    id,
    url,
    finalUrl: null,
    status: null,
    bytes: 0,
    elapsedMs: 0,
    attempts: 0,
    fromCache: false,
    ok: false,
  };
}
