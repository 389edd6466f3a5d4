/**
 * When to retry and how long to wait: exponential backoff with full jitter (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"), or the server's `Retry-After` when it gives one, capped so a
 * server cannot park the run for hours.
 */

import type { FetchError } from '../../core/errors.js';

/** A failure worth another attempt, with the server's Retry-After when it gave one. */
export class RetryableError extends Error {
  /**
   * @param error The failure, thrown as is once attempts run out.
   * @param retryAfterMs The server's Retry-After in ms, or null.
   */
  constructor(
    readonly error: FetchError,
    readonly retryAfterMs: number | null,
  ) {
    super(error.message);
  }
}

/** Statuses worth another attempt: the server is busy or briefly broken (RFC 9110 15.6, 6585 4). */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 429 ||
    status === 408 ||
    (status >= 500 && status <= 599 && status !== 501 && status !== 505)
  );
}

/**
 * undici / Node error codes of failures worth another attempt: fast failures of the connection.
 * Timeouts are left out on purpose: a host that timed out once is likely to time out again, and
 * three 15 s timeouts would cost 45 s of the run for one source.
 */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** Whether an error code is a transient network failure. */
export function isRetryableCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/**
 * Parses `Retry-After` (delay-seconds or an HTTP date, RFC 9110 10.2.3) into milliseconds.
 *
 * @param header The header value.
 * @param nowMs The current time in ms since the epoch.
 * @returns Milliseconds to wait (0 or more), or null when absent or unreadable.
 */
export function retryAfterMsOf(
  header: string | string[] | undefined,
  nowMs: number,
): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value?.trim()) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay before jitter, in ms (default 500). */
  baseMs: number;
  /** Longest wait, Retry-After included, in ms (default 10 000). */
  maxMs: number;
}

/** Defaults of {@link BackoffOptions}. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

/**
 * Milliseconds to wait before attempt `attempt + 1`.
 *
 * @param attempt Attempts made so far (1 after the first).
 * @param retryAfterMs The server's Retry-After in ms, or null.
 * @param options Base and cap.
 * @param random Source of jitter in [0, 1) (a seam for tests).
 */
export function backoffMsOf(
  attempt: number,
  retryAfterMs: number | null,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, options.maxMs);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  // Full jitter, floored at half the ceiling so a retry never fires immediately.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
