import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WriteError } from './errors.js';
import { isProcessAlive } from './process-alive.js';

/**
 * Writes a file atomically: a temp file beside it, then a rename. Readers see the old file or the
 * new one, never half of one.
 *
 * @param path Target path; its folder is created.
 * @param data Contents.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathOf(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (cause) {
    safeUnlink(temp);
    throw new WriteError(path, 'atomic write failed', { cause });
  }
}

/**
 * Writes a new file atomically and never overwrites: the temp file is hard-linked to the target,
 * which fails when the target exists, so two concurrent writers cannot both win.
 *
 * @param path Target path; its folder is created.
 * @param data Contents.
 * @returns false when the target already exists (nothing written), true when written.
 */
export function writeFileExclusive(path: string, data: string | Uint8Array): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathOf(path);
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    linkSync(temp, path);
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new WriteError(path, 'write failed', { cause });
  } finally {
    safeUnlink(temp);
  }
}

/** Temp files of {@link writeFileAtomic} and {@link writeFileExclusive}: `.<name>.<pid>.<hex>.tmp`. */
const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temp files a killed writer left in a folder: those whose process is gone (a live
 * writer's temp file is kept). A kill between writing the temp file and removing it leaves one.
 *
 * @param dir Folder to clean (not recursive); a missing folder has nothing to clean.
 * @returns The names removed.
 */
export function removeStrayTempFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_FILE.exec(name);
    if (!match || isProcessAlive(Number(match[1]))) continue;
    safeUnlink(join(dir, name));
    removed.push(name);
  }
  return removed;
}

function tempPathOf(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // The temp file may not exist (failure before it was created, or already linked and removed).
  }
}
