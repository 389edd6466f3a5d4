/**
 * A 2xx response's body, within limits: the content type must suit what was asked for, a
 * Content-Length over the cap is refused before reading, the stream stops at the cap, and
 * Content-Encoding is undone under the same cap.
 */
import type { Dispatcher } from 'undici';
import { FetchError } from '../../core/errors.js';
import { BodyError, decodeContent, readBody, sizeOf } from './body.js';
import { isAcceptable, type ContentKind } from './content-kind.js';
import { discard, headerOf } from './send.js';

/** Limits of {@link readResponseBody}. */
export interface BodyLimits {
  /** Largest body, on the wire and decompressed, in bytes. */
  maxBytes: number;
  /** Longest time to read the whole body, in ms. */
  bodyTimeoutMs: number;
}

/**
 * Reads and decodes a response body.
 *
 * @param url The URL that answered (for errors).
 * @param kind What was asked for.
 * @param response The undici response (2xx).
 * @param limits Size cap and body deadline.
 * @throws FetchError (step `content-type` or `body`) for a refused body; the stream's own error
 *   (a reset, a body timeout) otherwise, for the caller to classify.
 */
export async function readResponseBody(
  url: string,
  kind: ContentKind,
  response: Dispatcher.ResponseData,
  limits: BodyLimits,
): Promise<Buffer> {
  const { statusCode: status, headers, body } = response;
  const contentType = headerOf(headers, 'content-type') ?? null;
  if (!isAcceptable(kind, contentType)) {
    discard(body);
    throw new FetchError(url, `unexpected content-type ${contentType} for a ${kind}`, {
      status,
      step: 'content-type',
    });
  }
  const declared = Number(headerOf(headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    discard(body);
    throw new FetchError(
      url,
      `over the ${sizeOf(limits.maxBytes)} cap (Content-Length ${declared})`,
      { status, step: 'body' },
    );
  }
  try {
    const raw = await readBody(body, limits.maxBytes, limits.bodyTimeoutMs);
    return decodeContent(raw, headerOf(headers, 'content-encoding'), limits.maxBytes);
  } catch (cause) {
    if (cause instanceof BodyError)
      throw new FetchError(url, cause.message, { status, step: 'body', cause });
    throw cause;
  }
}
