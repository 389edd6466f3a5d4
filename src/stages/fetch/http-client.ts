/**
 * The run's HTTP client: one polite, guarded, retrying, caching GET (`HttpClient.get`), and a
 * record of every request made. Layers, outermost first: robots.txt, retries with backoff, the
 * per-origin/global limiter, redirects (each hop re-checked), the conditional-GET cache, the
 * request with its timeouts, the body with its cap.
 */
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { FetchError } from '../../core/errors.js';
import type { FetchRecord } from './types.js';
import { refusalOf } from './address-guard.js';
import { BodyError, decodeContent, readBody, sizeOf } from './body.js';
import { type HttpCache } from './http-cache.js';
import { type Limiter } from './limiter.js';
import {
  backoffMsOf,
  isRetryableCode,
  isRetryableStatus,
  retryAfterMsOf,
  type BackoffOptions,
} from './retry.js';
import { RobotsPolicy } from './robots.js';
import { networkErrorOf, reasonOf } from './network-errors.js';

/**
 * What is being fetched: decides the Accept header and which content types are acceptable.
 * `robots` and `api` (a search provider's endpoint, called with a key) skip robots.txt, which
 * governs crawling, and the cache.
 */
export type ContentKind = 'page' | 'feed' | 'sitemap' | 'robots' | 'api';

/** Settings of an {@link HttpClient}. */
export interface HttpClientOptions {
  userAgent: string;
  /** Product token for robots.txt matching. */
  robotsAgent: string;
  dispatcher: Dispatcher;
  /** When the dispatcher was supplied from outside, names are resolved and checked before each request. */
  precheck: ((hostname: string) => Promise<string | null>) | null;
  limiter: Limiter;
  cache: HttpCache;
  allowPrivateNetwork: boolean;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxBytes: number;
  maxAttempts: number;
  maxRedirects: number;
  backoff: BackoffOptions;
  signal?: AbortSignal | undefined;
}

/** A usable response. */
export interface HttpResponse {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  /** Body with Content-Encoding undone. */
  body: Buffer;
  fromCache: boolean;
}

/** The outcome of one {@link HttpClient.get}. */
export type HttpOutcome =
  | { ok: true; response: HttpResponse; record: FetchRecord }
  | { ok: false; error: FetchError; record: FetchRecord };

/** Why our headers timer aborted a request. */
class HeadersDeadline extends Error {}

/** A failure worth another attempt. */
class RetryableError extends Error {
  constructor(
    readonly error: FetchError,
    readonly retryAfterMs: number | null,
  ) {
    super(error.message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT: Record<ContentKind, string> = {
  page: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
  feed: 'application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5',
  sitemap: 'application/xml,text/xml;q=0.9,application/gzip;q=0.8,*/*;q=0.5',
  robots: 'text/plain,*/*;q=0.5',
  api: 'application/json',
};

/** The HTTP client of one run. */
export class HttpClient {
  /** Every request made, in completion order. */
  readonly records: FetchRecord[] = [];
  private readonly robots: RobotsPolicy;

  /** @param options See {@link HttpClientOptions}. */
  constructor(private readonly options: HttpClientOptions) {
    this.robots = new RobotsPolicy({
      agent: options.robotsAgent,
      onCrawlDelay: (origin, ms) => options.limiter.setDelay(origin, ms),
      fetchRobots: async (url) => {
        const outcome = await this.get(url, 'robots', null);
        if (outcome.ok)
          return { status: outcome.response.status, body: outcome.response.body.toString('utf8') };
        if (outcome.error.status !== undefined) return { status: outcome.error.status, body: null };
        return { status: null, error: outcome.error };
      },
    });
  }

  /**
   * GETs a URL politely and safely; never throws for a failed request.
   *
   * @param url Absolute http(s) URL.
   * @param kind What the URL is expected to hold.
   * @param id Source id for the record (null for feeds, sitemaps, robots.txt).
   * @param extraHeaders Request headers to add (an API key); never recorded.
   */
  async get(
    url: string,
    kind: ContentKind,
    id: string | null,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpOutcome> {
    const started = performance.now();
    const record: FetchRecord = {
      id,
      url,
      finalUrl: null,
      status: null,
      bytes: 0,
      elapsedMs: 0,
      attempts: 0,
      fromCache: false,
      ok: false,
    };
    try {
      const response = await this.fetchWithRetries(
        url,
        kind,
        extraHeaders,
        (attempts) => (record.attempts = attempts),
      );
      Object.assign(record, {
        finalUrl: response.finalUrl,
        status: response.status,
        bytes: response.body.byteLength,
        fromCache: response.fromCache,
        ok: true,
      });
      return { ok: true, response, record };
    } catch (cause) {
      const error =
        cause instanceof FetchError ? cause : networkErrorOf(url, cause, 'request', this.options);
      record.status = error.status ?? null;
      // A robots.txt that is 4xx is an answer, not a failure: it means no restrictions (RFC 9309).
      const isRobotsAnswer =
        kind === 'robots' && error.step === 'status' && (error.status ?? 0) < 500;
      if (isRobotsAnswer) record.ok = true;
      else record.error = { step: error.step, message: reasonOf(error) };
      return { ok: false, error, record };
    } finally {
      record.elapsedMs = Math.round(performance.now() - started);
      this.records.push(record);
    }
  }

  private async fetchWithRetries(
    url: string,
    kind: ContentKind,
    extraHeaders: Record<string, string>,
    onAttempt: (n: number) => void,
  ): Promise<HttpResponse> {
    this.checkUrl(url);
    if (kind !== 'robots' && kind !== 'api') await this.checkRobots(url);
    const origin = new URL(url).origin;
    for (let attempt = 1; ; attempt++) {
      onAttempt(attempt);
      this.options.signal?.throwIfAborted();
      try {
        return await this.options.limiter.run(origin, () =>
          this.attemptOnce(url, kind, extraHeaders),
        );
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        if (attempt >= this.options.maxAttempts) throw error.error;
        const waitMs = backoffMsOf(attempt, error.retryAfterMs, this.options.backoff);
        await sleep(waitMs, undefined, this.options.signal ? { signal: this.options.signal } : {});
      }
    }
  }

  private async attemptOnce(
    url: string,
    kind: ContentKind,
    extraHeaders: Record<string, string>,
  ): Promise<HttpResponse> {
    let current = url;
    for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
      if (hop > 0) {
        this.checkUrl(current);
        if (kind !== 'robots' && kind !== 'api') await this.checkRobots(current);
      }
      await this.precheck(current);
      const cached =
        kind === 'robots' || kind === 'api' ? null : await this.options.cache.get(current);
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        accept: ACCEPT[kind],
        'accept-encoding': 'gzip, deflate, br',
        // Credentials go to the origin they were meant for, never to where it redirects.
        ...(new URL(current).origin === new URL(url).origin ? extraHeaders : {}),
      };
      if (cached?.etag) headers['if-none-match'] = cached.etag;
      if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
      // undici's own timers tick coarsely (about a second); a timer of ours keeps the headers
      // timeout exact. undici's timeouts stay as a backstop.
      const headersTimer = new AbortController();
      const timer = setTimeout(
        () => headersTimer.abort(new HeadersDeadline()),
        this.options.headersTimeoutMs,
      );
      const signal = this.options.signal
        ? AbortSignal.any([this.options.signal, headersTimer.signal])
        : headersTimer.signal;
      let response: Dispatcher.ResponseData;
      try {
        response = await request(current, {
          method: 'GET',
          headers,
          dispatcher: this.options.dispatcher,
          headersTimeout: this.options.headersTimeoutMs + 1_000,
          bodyTimeout: this.options.bodyTimeoutMs,
          signal,
        });
      } catch (cause) {
        const reason = headersTimer.signal.aborted
          ? Object.assign(new Error('headers timeout', { cause }), {
              code: 'UND_ERR_HEADERS_TIMEOUT',
            })
          : cause;
        throw this.wrap(networkErrorOf(current, reason, 'headers', this.options));
      } finally {
        clearTimeout(timer);
      }
      const { statusCode: status, headers: responseHeaders, body } = response;
      const location = header(responseHeaders, 'location');
      if (REDIRECTS.has(status) && location) {
        await body.dump().catch(() => undefined);
        current = new URL(location, current).href;
        continue;
      }
      if (status === 304 && cached) {
        await body.dump().catch(() => undefined);
        return {
          url,
          finalUrl: current,
          status,
          contentType: cached.contentType,
          body: cached.body,
          fromCache: true,
        };
      }
      if (status < 200 || status >= 300) {
        await body.dump().catch(() => undefined);
        const error = new FetchError(current, `HTTP ${status}`, { status, step: 'status' });
        if (isRetryableStatus(status))
          throw new RetryableError(
            error,
            retryAfterMsOf(responseHeaders['retry-after'], Date.now()),
          );
        throw error;
      }
      const contentType = header(responseHeaders, 'content-type') ?? null;
      if (!isAcceptable(kind, contentType)) {
        discard(body);
        throw new FetchError(current, `unexpected content-type ${contentType} for a ${kind}`, {
          status,
          step: 'content-type',
        });
      }
      const declared = Number(header(responseHeaders, 'content-length'));
      if (Number.isFinite(declared) && declared > this.options.maxBytes) {
        discard(body);
        throw new FetchError(
          current,
          `over the ${sizeOf(this.options.maxBytes)} cap (Content-Length ${declared})`,
          { status, step: 'body' },
        );
      }
      let decoded: Buffer;
      try {
        const raw = await readBody(body, this.options.maxBytes, this.options.bodyTimeoutMs);
        decoded = decodeContent(
          raw,
          header(responseHeaders, 'content-encoding'),
          this.options.maxBytes,
        );
      } catch (cause) {
        if (cause instanceof BodyError)
          throw new FetchError(current, cause.message, { status, step: 'body', cause });
        throw this.wrap(networkErrorOf(current, cause, 'body', this.options));
      }
      const etag = header(responseHeaders, 'etag') ?? null;
      const lastModified = header(responseHeaders, 'last-modified') ?? null;
      if (kind !== 'robots' && kind !== 'api')
        this.options.cache.put({ url: current, etag, lastModified, contentType, body: decoded });
      return { url, finalUrl: current, status, contentType, body: decoded, fromCache: false };
    }
    throw new FetchError(url, `more than ${this.options.maxRedirects} redirects`, {
      step: 'redirect',
    });
  }

  /** Only http(s); an IP literal is judged here because no DNS lookup will happen for it. */
  private checkUrl(url: string): void {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new FetchError(
        url,
        `refused: ${parsed.protocol} URLs are not fetched (http and https only)`,
        { step: 'url' },
      );
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const refusal = refusalOf(host, this.options.allowPrivateNetwork);
      if (refusal) throw new FetchError(url, refusal, { step: 'address', code: 'ADDRESS_REFUSED' });
    }
  }

  private async precheck(url: string): Promise<void> {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (!this.options.precheck || isIP(host)) return;
    const refusal = await this.options.precheck(host);
    if (refusal) throw new FetchError(url, refusal, { step: 'address', code: 'ADDRESS_REFUSED' });
  }

  private async checkRobots(url: string): Promise<void> {
    const verdict = await this.robots.verdictOf(url);
    if (verdict.allowed) return;
    if (verdict.error)
      throw new FetchError(url, reasonOf(verdict.error), {
        step: verdict.error.step,
        code: verdict.error.code,
      });
    throw new FetchError(url, verdict.reason, { step: 'robots', code: 'ROBOTS_DISALLOWED' });
  }

  private wrap(error: FetchError): Error {
    return isRetryableCode((error.cause as NodeJS.ErrnoException | undefined)?.code)
      ? new RetryableError(error, null)
      : error;
  }
}

/** Drops a body we will not read; the abort error it then emits is expected, not a failure. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isAcceptable(kind: ContentKind, contentType: string | null): boolean {
  if (kind === 'robots' || kind === 'api' || !contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (kind === 'page') {
    return (
      type.startsWith('text/') ||
      type === 'application/xhtml+xml' ||
      type === 'application/xml' ||
      type.endsWith('+xml')
    );
  }
  // Feeds and sitemaps come under many labels (octet-stream and gzip for .xml.gz); refuse media only.
  return !/^(image|audio|video|font)\//.test(type) && type !== 'application/pdf';
}
