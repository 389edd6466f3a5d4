import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockError, messageOf } from './errors.js';
import type { Logger } from './logger.js';
import { isProcessAlive } from './process-alive.js';

/** The lock file, relative to the project root. */
export const LOCK_FILE = join('.pipeline', 'lock');
/** Default wait for a held lock, in milliseconds (10 minutes: a nightly run waits for a run). */
export const DEFAULT_LOCK_WAIT_MS = 600_000;
/** Default pause between two looks at a held lock, in milliseconds. */
export const DEFAULT_LOCK_POLL_MS = 100;

/** What the lock file holds: who holds the lock, since when, for what. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601. */
  startedAt: string;
  /** What the holder is doing, e.g. `run example`, `promote`. */
  purpose: string;
  /** Tells this holding apart from an earlier one of the same pid. */
  token: string;
}

/** Options of {@link acquireProjectLock}. */
export interface LockOptions {
  /** What this process is doing, written in the lock for whoever waits (`run example`). */
  purpose: string;
  /** Where waiting and stale locks taken over are said. */
  logger: Logger;
  /** Longest wait for a held lock, in milliseconds (default {@link DEFAULT_LOCK_WAIT_MS}; 0: no wait). */
  waitMs?: number;
  /** Pause between two looks, in milliseconds (default {@link DEFAULT_LOCK_POLL_MS}). */
  pollMs?: number;
  signal?: AbortSignal;
}

/** A held project lock. */
export interface ProjectLock {
  /** The lock file, absolute. */
  file: string;
  /** Releases the lock (only if it is still this holder's); safe to call twice. */
  release(): void;
}

/**
 * Takes the project's one lock (`.pipeline/lock`), held by runs that write drafts and by editorial
 * moves, so that two of them never decide on the same files at once (two runs proposing the same
 * draft, a draft both promoted and rejected). The lock file is created whole and exclusively (a
 * temp file hard-linked to it) with the pid, host and start time. A lock whose process is gone
 * (same host, pid not alive) is stale: it is taken over, and the logger says so. A lock held by a
 * live process is waited for, up to `waitMs`.
 *
 * @param root Project root.
 * @throws LockError naming the holder when the wait ends, or when the signal aborts it.
 */
export async function acquireProjectLock(root: string, options: LockOptions): Promise<ProjectLock> {
  const file = join(root, LOCK_FILE);
  mkdirSync(join(root, '.pipeline'), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    purpose: options.purpose,
    token: randomBytes(8).toString('hex'),
  };
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const pollMs = options.pollMs ?? DEFAULT_LOCK_POLL_MS;
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    if (tryCreate(file, me)) return { file, release: () => release(file, me.token) };
    const seen = readHolder(file);
    if (seen === 'gone') continue; // released between the two calls: try again at once
    if (seen === 'unreadable' || isStale(seen)) {
      if (takeOver(file, seen)) {
        options.logger.warn(`lock ${file}: took over a stale lock (${staleWhy(seen)})`);
      }
      continue;
    }
    if (Date.now() >= deadline || options.signal?.aborted) {
      throw new LockError(
        file,
        `the project is locked by ${holderOf(seen)}; waited ${Math.round(waitMs / 1000)} s. ` +
          `If that process is not a pipeline command, remove ${file}`,
      );
    }
    if (!announced) {
      options.logger.warn(`lock ${file}: waiting for ${holderOf(seen)}`);
      announced = true;
    }
    await sleep(Math.min(pollMs + Math.random() * pollMs, Math.max(1, deadline - Date.now())));
  }
}

/** Describes a holder for messages: `pid 123 on host h since <time> (run example)`. */
export function holderOf(holder: LockHolder): string {
  return `pid ${holder.pid} on host ${holder.host} since ${holder.startedAt} (${holder.purpose})`;
}

/** True when the holder's process is known to be gone: same host, and no process has its pid. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false; // another machine's pid cannot be checked
  return !isProcessAlive(holder.pid);
}

function tryCreate(file: string, holder: LockHolder): boolean {
  const temp = `${file}.${holder.pid}.${holder.token}.tmp`;
  writeFileSync(temp, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(temp, file); // fails with EEXIST when the lock is held: never half a lock file
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockError(file, `cannot be created: ${messageOf(error)}`, { cause: error });
  } finally {
    unlinkSync(temp);
  }
}

function readHolder(file: string): LockHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw new LockError(file, `cannot be read: ${messageOf(error)}`, { cause: error });
  }
  return holderOfText(text) ?? 'unreadable';
}

function holderOfText(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return {
        pid: value.pid,
        host: value.host,
        startedAt: String(value.startedAt),
        purpose: String(value.purpose),
        token: String(value.token),
      };
    }
  } catch {
    // Not JSON: no pipeline wrote it (ours are created whole), so nobody holds it.
  }
  return null;
}

/**
 * Removes a stale lock, if it is still the one seen: it is renamed aside first and read back, so
 * that a lock another process took over in the meantime is put back, not deleted.
 */
function takeOver(file: string, seen: LockHolder | 'unreadable'): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LockError(file, `stale lock cannot be removed: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const moved = holderOfText(readFileSync(aside, 'utf8'));
  const same = seen === 'unreadable' ? moved === null : moved?.token === seen.token;
  if (!same) {
    try {
      linkSync(aside, file); // put back the lock we did not mean to take
    } catch {
      // A third process took the free lock meanwhile; the one moved aside is then lost, which
      // needs three processes within the same few microseconds after a crash.
    }
  }
  unlinkSync(aside);
  return same;
}

function release(file: string, token: string): void {
  const held = readHolder(file);
  if (typeof held === 'object' && held.token === token) unlinkSync(file);
}

function staleWhy(seen: LockHolder | 'unreadable'): string {
  return seen === 'unreadable'
    ? 'its contents are not a lock record'
    : `${holderOf(seen)}: that process is gone`;
}
