import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './files.js';

/**
 * One published post in the ledger (`.research-draft/ledger.jsonl`, one JSON object a line): the
 * operational data `promote` takes out of a post's public frontmatter. The corpus reads it, so a
 * post whose frontmatter no longer lists its sources still counts as having used them.
 */
export interface LedgerEntry {
  /** The published file, relative to the project root. */
  path: string;
  slug: string;
  title: string;
  /** `YYYY-MM-DD`, the day it was promoted. */
  published: string;
  topic?: string;
  run?: string;
  engine?: string;
  /** The draft's `cost` (tokens and dollars). */
  cost?: unknown;
  /** The critique findings left for the editor. */
  review?: unknown;
  /** The sources the draft was written from. */
  sources: Array<{ url?: string; sha256?: string; title?: string }>;
}

/**
 * Reads the ledger; a missing file is an empty ledger, and a line that is not a ledger entry is
 * skipped (the ledger is committed and may be edited by hand), named in `problems`.
 *
 * @param file The ledger file (absolute).
 */
export function readLedger(file: string): { entries: LedgerEntry[]; problems: string[] } {
  if (!existsSync(file)) return { entries: [], problems: [] };
  const entries: LedgerEntry[] = [];
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const value = JSON.parse(line) as Partial<LedgerEntry>;
        if (typeof value.path !== 'string' || !Array.isArray(value.sources))
          throw new Error('needs "path" and "sources"');
        entries.push(value as LedgerEntry);
      } catch (error) {
        problems.push(`${file}:${index + 1}: ${(error as Error).message}`);
      }
    });
  return { entries, problems };
}

/**
 * Appends entries to the ledger, through a temp file and a rename (a crash leaves the old ledger).
 *
 * @param file The ledger file (absolute); created with its folder when missing.
 * @param entries New entries.
 */
export function appendLedger(file: string, entries: readonly LedgerEntry[]): void {
  if (entries.length === 0) return;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  writeFileAtomic(
    file,
    `${before}${separator}${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`,
  );
}
