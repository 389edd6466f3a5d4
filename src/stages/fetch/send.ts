/**
 * One HTTP request up to its headers, with an exact headers timeout: undici's own timers tick
 * coarsely (about once a second), so a timer of ours aborts the request; undici's timeouts stay
 * as a backstop.
 */
import { request, type Dispatcher } from 'undici';

/** Settings of {@link sendRequest}. */
export interface SendOptions {
  dispatcher: Dispatcher;
  /** Time allowed from the start of the request (connect included) to the headers, in ms. */
  headersTimeoutMs: number;
  /** Longest gap between body chunks, in ms (undici's `bodyTimeout`). */
  bodyTimeoutMs: number;
  signal?: AbortSignal | undefined;
  /** A JSON body: the request is then a POST (search APIs); otherwise a GET. */
  body?: string;
}

/**
 * GETs a URL (POSTs `options.body` when given) and resolves when the headers arrive.
 *
 * @param url Absolute URL.
 * @param headers Request headers.
 * @param options Dispatcher, timeouts, abort signal.
 * @throws The request's error; on our headers deadline an error with code `UND_ERR_HEADERS_TIMEOUT`.
 */
export async function sendRequest(
  url: string,
  headers: Record<string, string>,
  options: SendOptions,
): Promise<Dispatcher.ResponseData> {
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error('headers deadline')),
    options.headersTimeoutMs,
  );
  const signal = options.signal
    ? AbortSignal.any([options.signal, deadline.signal])
    : deadline.signal;
  try {
    return await request(url, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      dispatcher: options.dispatcher,
      headersTimeout: options.headersTimeoutMs + 1_000,
      bodyTimeout: options.bodyTimeoutMs,
      signal,
    });
  } catch (cause) {
    if (deadline.signal.aborted && !options.signal?.aborted) {
      throw Object.assign(new Error('headers timeout', { cause }), {
        code: 'UND_ERR_HEADERS_TIMEOUT',
      });
    }
    throw cause;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads one header value (the first when repeated). */
export function headerOf(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Drops a body we will not read; the abort error it then emits is expected, not a failure. */
export function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}
