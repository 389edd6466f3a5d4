/**
 * Builds a run's HTTP client from the stage context: the topic's fetch overrides, the network
 * seams (ctx.net), the cache folder and the abort signal.
 */
import type { StageContext } from '../../core/context.js';
import { refusalOf } from './address-guard.js';
import { createGuardedAgent, systemResolver } from './dispatcher.js';
import { HttpCache } from './http-cache.js';
import { HttpClient } from './http-client.js';
import { Limiter } from './limiter.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './retry.js';

/** Requests in flight per origin unless the topic says otherwise. */
export const DEFAULT_PER_ORIGIN_CONCURRENCY = 2;
/** Requests in flight in the whole run unless the topic says otherwise. */
export const DEFAULT_CONCURRENCY = 8;
/** Connect and headers timeout in ms (the body gets twice as long). */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Largest body accepted, in bytes (5 MB). */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** Retries after the first attempt (so 3 attempts at most; also the cap). */
export const DEFAULT_RETRIES = 2;
/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;
/** The User-Agent: names the project so site owners know who is calling. */
export const USER_AGENT =
  'research-draft-pipeline/0.1 (content research bot; +https://github.com/research-draft-pipeline)';

/**
 * The User-Agent of a run: {@link USER_AGENT}, with the operator's contact (a URL or an e-mail
 * address from `PIPELINE_CONTACT`) in place of the project's, so a site owner can reach whoever
 * runs this copy.
 *
 * @param env Environment variables.
 */
export function userAgentOf(env: Readonly<Record<string, string | undefined>>): string {
  const contact = env.PIPELINE_CONTACT?.trim().replace(/[()\r\n]/g, '');
  return contact ? `research-draft-pipeline/0.1 (content research bot; +${contact})` : USER_AGENT;
}
/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'research-draft-pipeline';

/** Settings that tests and benchmarks may tune beyond what a topic file can say. */
export interface FetchTuning {
  /** Retry backoff (default 500 ms base, 10 s cap, Retry-After included). */
  backoff?: BackoffOptions;
}

/** A client and how to release what it holds. */
export interface ClientHandle {
  client: HttpClient;
  limiter: Limiter;
  maxBytes: number;
  /**
   * Destroys the connections the client opened (not a dispatcher supplied through ctx.net). Every
   * request is settled by then; destroy rather than close so a server that never answers a
   * timed-out request cannot hold the run open.
   */
  close(): Promise<void>;
}

/**
 * Creates the HTTP client of a run.
 *
 * @param ctx Stage context (topic.fetch overrides, topic.allowPrivateNetwork, net seams, cacheDir, signal).
 * @param tuning Test and benchmark settings (optional).
 */
export function clientOf(ctx: StageContext, tuning: FetchTuning = {}): ClientHandle {
  const settings = ctx.topic.fetch;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = settings.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowPrivateNetwork = ctx.topic.allowPrivateNetwork;
  const resolve = ctx.net.lookup ?? systemResolver;
  const owned = ctx.net.dispatcher
    ? null
    : createGuardedAgent({ resolve, allowPrivateNetwork, connectTimeoutMs: timeoutMs });
  const limiter = new Limiter(
    settings.perOriginConcurrency ?? DEFAULT_PER_ORIGIN_CONCURRENCY,
    settings.concurrency ?? DEFAULT_CONCURRENCY,
  );
  const client = new HttpClient({
    userAgent: userAgentOf(ctx.env),
    robotsAgent: ROBOTS_AGENT,
    dispatcher: ctx.net.dispatcher ?? owned!,
    // A dispatcher from outside has no guard of ours at connect time: check names before each request.
    precheck: owned
      ? null
      : async (hostname) => {
          const addresses = await resolve(hostname);
          return (
            addresses
              .map((a) => refusalOf(a.address, allowPrivateNetwork))
              .find((r) => r !== null) ?? null
          );
        },
    limiter,
    cache: new HttpCache(ctx.cacheDir),
    allowPrivateNetwork,
    headersTimeoutMs: timeoutMs,
    bodyTimeoutMs: timeoutMs * 2,
    maxBytes,
    // The issue caps attempts at 3 whatever the topic asks.
    maxAttempts: 1 + Math.min(settings.retries ?? DEFAULT_RETRIES, DEFAULT_RETRIES),
    maxRedirects: MAX_REDIRECTS,
    backoff: tuning.backoff ?? DEFAULT_BACKOFF,
    signal: ctx.signal,
  });
  return { client, limiter, maxBytes, close: async () => owned?.destroy() };
}
