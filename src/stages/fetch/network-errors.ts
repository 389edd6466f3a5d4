/**
 * undici and socket errors to `FetchError`s with the step that failed and a reason a person can
 * read: `timeout after 15 s waiting for headers`, `connection reset by the server`,
 * `refused: 10.0.0.5 is a private address`.
 */
import { FetchError } from '../../core/errors.js';
import { secondsOf } from './body.js';
import { AddressRefusedError } from './dispatcher.js';

/** Timeouts used in messages. */
export interface TimeoutSettings {
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  connectTimeoutMs?: number;
}

/**
 * Wraps a thrown value from a request into a `FetchError` (the original kept as `cause`).
 *
 * @param url The URL requested.
 * @param cause What was thrown.
 * @param step The step in progress (`headers` while waiting for the response, `body` while reading).
 * @param timeouts The timeouts in force, for messages.
 */
export function networkErrorOf(
  url: string,
  cause: unknown,
  step: string,
  timeouts: TimeoutSettings,
): FetchError {
  const refused = findInChain(cause, (e) => e instanceof AddressRefusedError);
  if (refused)
    return new FetchError(url, refused.message, {
      step: 'address',
      code: 'ADDRESS_REFUSED',
      cause,
    });
  const code = codeOf(cause);
  const make = (reason: string, stepName = step) =>
    new FetchError(url, reason, { step: stepName, code: code ?? 'FETCH_FAILED', cause });
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return make(
        `timeout after ${secondsOf(timeouts.headersTimeoutMs)} waiting for headers`,
        'headers',
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return make(
        `timeout after ${secondsOf(timeouts.bodyTimeoutMs)} waiting for body data`,
        'body',
      );
    case 'UND_ERR_CONNECT_TIMEOUT':
      return make(
        `timeout after ${secondsOf(timeouts.connectTimeoutMs ?? timeouts.headersTimeoutMs)} connecting`,
        'connect',
      );
    case 'ECONNREFUSED':
      return make('connection refused', 'connect');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make(`host not found (${code})`, 'dns');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return make('connection reset by the server');
    case 'ABORT_ERR':
    case 'UND_ERR_ABORTED':
      return make('aborted', 'aborted');
    default:
      return make(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The reason of a `FetchError`: its message without the `fetch <url>: ` prefix. */
export function reasonOf(error: FetchError): string {
  const prefix = `fetch ${error.url}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

function codeOf(cause: unknown): string | undefined {
  const withCode = findInChain(cause, (e) => typeof (e as NodeJS.ErrnoException).code === 'string');
  const code = (withCode as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'UND_ERR_SOCKET') {
    // undici wraps the socket's own error; its code is more telling.
    const inner = (withCode?.cause as NodeJS.ErrnoException | undefined)?.code;
    if (inner) return inner;
  }
  if (cause instanceof Error && cause.name === 'AbortError') return 'ABORT_ERR';
  return code;
}

function findInChain(cause: unknown, test: (error: Error) => boolean): Error | undefined {
  let current: unknown = cause;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (test(current)) return current;
    current = current.cause;
  }
  return undefined;
}
