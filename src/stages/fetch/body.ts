/**
 * Reading a response body within limits: the size cap is enforced while streaming (the download
 * stops at the first byte over it), the whole body has a deadline (undici's own body timeout only
 * bounds the gap between chunks, so a server dripping a byte a second would never trip it), and
 * Content-Encoding is undone with the same cap on the decompressed size (no zip bombs).
 */
import type { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** A failure while reading a body; `step` is `body`. */
export class BodyError extends Error {
  /** @param code `OVER_CAP` or `BODY_DEADLINE`. */
  constructor(
    message: string,
    readonly code: 'OVER_CAP' | 'BODY_DEADLINE',
  ) {
    super(message);
  }
}

/** Formats a byte count for messages: `5 MB`, `64 KB`, `900 bytes`. */
export function sizeOf(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes >= mb) return `${Number((bytes / mb).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** Formats milliseconds as seconds for messages: `15 s`, `0.2 s`. */
export function secondsOf(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/**
 * Reads a body stream to a buffer, refusing more than `maxBytes` and more than `deadlineMs`.
 *
 * @param body The response body stream.
 * @param maxBytes Largest body accepted, in bytes.
 * @param deadlineMs Longest time to read the whole body, in ms.
 * @throws BodyError over the cap or the deadline; the stream's own error otherwise.
 */
export async function readBody(
  body: Readable,
  maxBytes: number,
  deadlineMs: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const timer = setTimeout(() => {
    body.destroy(
      new BodyError(`timeout after ${secondsOf(deadlineMs)} reading the body`, 'BODY_DEADLINE'),
    );
  }, deadlineMs);
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      total += buffer.byteLength;
      if (total > maxBytes) {
        const error = new BodyError(`over the ${sizeOf(maxBytes)} cap`, 'OVER_CAP');
        body.destroy(error);
        throw error;
      }
      chunks.push(buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Undoes Content-Encoding (gzip, deflate, br; a list is undone right to left).
 *
 * @param raw The body as received.
 * @param encoding The Content-Encoding header, when any.
 * @param maxBytes Largest decompressed size accepted, in bytes.
 * @throws BodyError when the decompressed body is over the cap.
 */
export function decodeContent(raw: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const codings = (encoding ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && part !== 'identity')
    .reverse();
  let body = raw;
  for (const coding of codings) {
    body = inflate(body, coding, maxBytes);
  }
  return body;
}

/**
 * Gunzips a body whose bytes are gzip without a Content-Encoding (`sitemap.xml.gz`).
 *
 * @param body Bytes that may start with the gzip magic number.
 * @param maxBytes Largest decompressed size accepted.
 */
export function gunzipIfGzip(body: Buffer, maxBytes: number): Buffer {
  return body[0] === 0x1f && body[1] === 0x8b ? inflate(body, 'gzip', maxBytes) : body;
}

function inflate(body: Buffer, coding: string, maxBytes: number): Buffer {
  const options = { maxOutputLength: maxBytes };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body, options);
    if (coding === 'br') return brotliDecompressSync(body, options);
    if (coding === 'deflate') {
      // RFC 9110 says zlib-wrapped; some servers send raw deflate.
      try {
        return inflateSync(body, options);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error;
        return inflateRawSync(body, options);
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(
        `over the ${sizeOf(maxBytes)} cap once decompressed (${coding})`,
        'OVER_CAP',
      );
    }
    throw error;
  }
  // An unknown coding cannot be undone; the caller will fail to decode the body.
  return body;
}
