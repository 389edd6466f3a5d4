/**
 * The run's HTTP client: one polite, guarded, retrying, caching GET (`HttpClient.get`), and a
 * record of every request made. Layers, outermost first: robots.txt, retries with backoff, the
 * per-origin/global limiter, redirects (each hop re-checked), the conditional-GET cache, the
 * request with its timeouts, the body with its cap.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { FetchError } from '../../core/errors.js';
import type { FetchRecord } from './types.js';
import { readResponseBody } from './read-response.js';
import { newRecord } from './records.js';
import { checkUrl, precheckUrl } from './url-guard.js';
import { type HttpCache } from './http-cache.js';
import { type Limiter } from './limiter.js';
import {
  backoffMsOf,
  isRetryableCode,
  isRetryableStatus,
  retryAfterMsOf,
  RetryableError,
  type BackoffOptions,
} from './retry.js';
import { RobotsPolicy } from './robots.js';
import { ACCEPT, isCrawl, type ContentKind } from './content-kind.js';
import { headerOf, sendRequest } from './send.js';
import { networkErrorOf, reasonOf } from './network-errors.js';

export type { ContentKind } from './content-kind.js';

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

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

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
    return this.request(url, kind, id, extraHeaders, null);
  }

  /**
   * POSTs a JSON body to an API (a search provider that only answers POST), with the same guard,
   * timeouts, retries and record as {@link get}; no robots.txt and no cache (kind `api`). A
   * redirect is not followed: a body is never re-sent to where an API points.
   *
   * @param url Absolute http(s) URL.
   * @param json The request body, serialised.
   * @param extraHeaders Request headers to add (an API key); never recorded.
   */
  async postJson(
    url: string,
    json: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpOutcome> {
    return this.request(url, 'api', null, extraHeaders, json);
  }

  private async request(
    url: string,
    kind: ContentKind,
    id: string | null,
    extraHeaders: Record<string, string>,
    json: string | null,
  ): Promise<HttpOutcome> {
    const started = performance.now();
    const record = newRecord(id, url);
    try {
      const response = await this.fetchWithRetries(
        url,
        kind,
        extraHeaders,
        (attempts) => (record.attempts = attempts),
        json,
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
    json: string | null,
  ): Promise<HttpResponse> {
    checkUrl(url, this.options.allowPrivateNetwork);
    if (isCrawl(kind)) await this.checkRobots(url);
    const origin = new URL(url).origin;
    for (let attempt = 1; ; attempt++) {
      onAttempt(attempt);
      this.options.signal?.throwIfAborted();
      try {
        return await this.options.limiter.run(origin, () =>
          this.attemptOnce(url, kind, extraHeaders, json),
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
    json: string | null,
  ): Promise<HttpResponse> {
    let current = url;
    for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
      if (hop > 0) {
        checkUrl(current, this.options.allowPrivateNetwork);
        if (isCrawl(kind)) await this.checkRobots(current);
      }
      await precheckUrl(current, this.options.precheck);
      const cached = isCrawl(kind) ? await this.options.cache.get(current) : null;
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        accept: ACCEPT[kind],
        'accept-encoding': 'gzip, deflate, br',
        // Credentials go to the origin they were meant for, never to where it redirects.
        ...(new URL(current).origin === new URL(url).origin ? extraHeaders : {}),
      };
      if (cached?.etag) headers['if-none-match'] = cached.etag;
      if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
      if (json !== null) headers['content-type'] = 'application/json';
      let response: Dispatcher.ResponseData;
      try {
        response = await sendRequest(
          current,
          headers,
          json === null ? this.options : { ...this.options, body: json },
        );
      } catch (cause) {
        throw this.wrap(networkErrorOf(current, cause, 'headers', this.options));
      }
      const { statusCode: status, headers: responseHeaders, body } = response;
      const location = headerOf(responseHeaders, 'location');
      if (REDIRECTS.has(status) && location) {
        await body.dump().catch(() => undefined);
        if (json !== null)
          throw new FetchError(
            current,
            `HTTP ${status}: a redirect of an API POST is not followed`,
            {
              status,
              step: 'redirect',
            },
          );
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
      const contentType = headerOf(responseHeaders, 'content-type') ?? null;
      let decoded: Buffer;
      try {
        decoded = await readResponseBody(current, kind, response, this.options);
      } catch (cause) {
        if (cause instanceof FetchError) throw cause;
        throw this.wrap(networkErrorOf(current, cause, 'body', this.options));
      }
      const etag = headerOf(responseHeaders, 'etag') ?? null;
      const lastModified = headerOf(responseHeaders, 'last-modified') ?? null;
      if (isCrawl(kind))
        this.options.cache.put({ url: current, etag, lastModified, contentType, body: decoded });
      return { url, finalUrl: current, status, contentType, body: decoded, fromCache: false };
    }
    throw new FetchError(url, `more than ${this.options.maxRedirects} redirects`, {
      step: 'redirect',
    });
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
