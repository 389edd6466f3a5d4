import { UsageError } from '../core/errors.js';

/**
 * `--lock-wait <seconds>` in milliseconds.
 *
 * @throws UsageError when it is not a number of seconds of 0 or more.
 */
export function lockWaitMsOf(command: string, seconds: string): number {
  const value = Number(seconds);
  if (seconds.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      `${command}: --lock-wait must be a number of seconds of 0 or more (got "${seconds}")`,
    );
  }
  return value * 1000;
}
