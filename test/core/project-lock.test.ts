import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { acquireProjectLock, LOCK_FILE } from '../../src/core/project-lock.js';
import { deadPid } from '../helpers/dead-pid.js';

function projectWithLock(holder: object | string): string {
  const root = mkdtempSync(join(tmpdir(), 'lock-'));
  mkdirSync(join(root, '.pipeline'));
  writeFileSync(
    join(root, LOCK_FILE),
    typeof holder === 'string' ? holder : `${JSON.stringify(holder)}\n`,
  );
  return root;
}

function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', (line) => lines.push(line)) };
}

describe('the project lock', () => {
  it('writes pid, host and start time, and is gone after release', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-'));
    const { logger } = recordingLogger();
    const lock = await acquireProjectLock(root, { purpose: 'run example', logger, waitMs: 0 });
    const held = JSON.parse(readFileSync(join(root, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'run example' });
    expect(new Date(held.startedAt as string).getTime()).not.toBeNaN();
    lock.release();
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    const pid = deadPid();
    const root = projectWithLock({
      pid,
      host: hostname(),
      startedAt: '2026-11-26T02:00:00.000Z',
      purpose: 'run example',
      token: 'dead',
    });
    const { lines, logger } = recordingLogger();
    const lock = await acquireProjectLock(root, { purpose: 'promote', logger, waitMs: 0 });
    expect(lines.join('\n')).toContain(`took over a stale lock (pid ${pid} on host ${hostname()}`);
    const held = JSON.parse(readFileSync(join(root, LOCK_FILE), 'utf8')) as { pid: number };
    expect(held.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock file that is not a lock record, and says so', async () => {
    const root = projectWithLock('');
    const { lines, logger } = recordingLogger();
    const lock = await acquireProjectLock(root, { purpose: 'promote', logger, waitMs: 0 });
    expect(lines.join('\n')).toContain('not a lock record');
    lock.release();
  });

  it('refuses a lock held by a live process once the wait is over, naming the holder', async () => {
    const holder = {
      pid: process.pid,
      host: hostname(),
      startedAt: '2026-11-26T02:00:00.000Z',
      purpose: 'run other',
      token: 'live',
    };
    const root = projectWithLock(holder);
    const { logger } = recordingLogger();
    const attempt = acquireProjectLock(root, { purpose: 'promote', logger, waitMs: 0 });
    await expect(attempt).rejects.toThrow(LockError);
    await expect(attempt).rejects.toThrow(
      `the project is locked by pid ${process.pid} on host ${hostname()} since 2026-11-26T02:00:00.000Z (run other)`,
    );
    // The holder's lock is left alone.
    expect(JSON.parse(readFileSync(join(root, LOCK_FILE), 'utf8'))).toEqual(holder);
  });

  it('never takes over a lock of another host: its pid cannot be checked', async () => {
    const root = projectWithLock({
      pid: deadPid(),
      host: `not-${hostname()}`,
      startedAt: '2026-11-26T02:00:00.000Z',
      purpose: 'run example',
      token: 'remote',
    });
    const { logger } = recordingLogger();
    await expect(
      acquireProjectLock(root, { purpose: 'promote', logger, waitMs: 0 }),
    ).rejects.toThrow(/locked by pid \d+ on host not-/);
  });

  it('release leaves a lock that is no longer its own', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-'));
    const { logger } = recordingLogger();
    const lock = await acquireProjectLock(root, { purpose: 'run', logger, waitMs: 0 });
    const other = { pid: process.pid, host: hostname(), startedAt: 'x', purpose: 'y', token: 'z' };
    writeFileSync(join(root, LOCK_FILE), JSON.stringify(other));
    lock.release();
    expect(JSON.parse(readFileSync(join(root, LOCK_FILE), 'utf8'))).toEqual(other);
  });
});
