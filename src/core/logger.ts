import { redactCredentials } from './redact.js';

/** Log levels, from quietest to loudest. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/** A leveled logger; logs are for the operator (stderr), never for the run report. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/**
 * Creates a logger that writes lines at or above `level` through `write`, with the credentials
 * of URLs (`user:pass@`) redacted: a topic may name a feed behind basic authentication.
 *
 * @param level Lowest level written (default `warn`).
 * @param write Line sink (default: standard error).
 */
export function createLogger(
  level: LogLevel = 'warn',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const at = (wanted: LogLevel) => (message: string) => {
    if (ORDER[wanted] <= ORDER[level]) write(redactCredentials(message));
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A logger that drops everything (tests). */
export const SILENT_LOGGER: Logger = createLogger('silent');
