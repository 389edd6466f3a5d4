/**
 * robots.txt, fetched once per origin per run and obeyed for our user agent (RFC 9309):
 * 2xx is parsed (robots-parser); 4xx means no restrictions (section 2.3.1.3); 5xx or an
 * unreachable server means everything is disallowed (section 2.3.1.4). `Crawl-delay` (not in the
 * RFC, widely used) spaces out request starts on the origin, capped.
 */
import { createRequire } from 'node:module';
import type { FetchError } from '../../core/errors.js';
import { reasonOf } from './network-errors.js';

// robots-parser is CommonJS whose typings declare an ES default export; under NodeNext that
// default would be the module object, so it is loaded through require to get the function.
const robotsParser = createRequire(import.meta.url)(
  'robots-parser',
) as typeof import('robots-parser').default;

/** Failure steps that say the origin cannot be reached at all. */
const ORIGIN_STEPS = new Set(['address', 'dns', 'connect']);

/** What the robots.txt fetch returned. */
export type RobotsResponse =
  { status: number; body: string | null } | { status: null; error: FetchError };

/** A decision for one URL. */
export type RobotsVerdict =
  { allowed: true } | { allowed: false; reason: string; error?: FetchError };

type Rules =
  | { kind: 'all' }
  | { kind: 'none'; reason: string; error?: FetchError }
  | { kind: 'parsed'; robots: ReturnType<typeof robotsParser> };

/** Options of {@link RobotsPolicy}. */
export interface RobotsOptions {
  /** Product token matched against `User-agent:` lines, e.g. `research-draft-pipeline`. */
  agent: string;
  /** Fetches a robots.txt URL (redirects followed). */
  fetchRobots: (url: string) => Promise<RobotsResponse>;
  /** Called with an origin's crawl delay in ms (already capped). */
  onCrawlDelay: (origin: string, delayMs: number) => void;
  /** Longest crawl delay honoured, in ms (default 10 000). */
  maxCrawlDelayMs?: number;
}

/** The robots.txt rules of every origin a run touches. */
export class RobotsPolicy {
  private readonly rules = new Map<string, Promise<Rules>>();

  /** @param options Agent token, fetcher, crawl-delay sink. */
  constructor(private readonly options: RobotsOptions) {}

  /**
   * Whether our agent may fetch `url`. The origin's robots.txt is fetched on first use.
   *
   * @param url An absolute http(s) URL.
   */
  async verdictOf(url: string): Promise<RobotsVerdict> {
    const origin = new URL(url).origin;
    let rules = this.rules.get(origin);
    if (!rules) {
      rules = this.load(origin);
      this.rules.set(origin, rules);
    }
    const loaded = await rules;
    if (loaded.kind === 'all') return { allowed: true };
    if (loaded.kind === 'none') {
      return loaded.error
        ? { allowed: false, reason: loaded.reason, error: loaded.error }
        : { allowed: false, reason: loaded.reason };
    }
    return loaded.robots.isAllowed(url, this.options.agent) === false
      ? { allowed: false, reason: 'disallowed by robots.txt' }
      : { allowed: true };
  }

  private async load(origin: string): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`;
    const response = await this.options.fetchRobots(robotsUrl);
    if (response.status === null) {
      // A refused address, an unknown host or a refused connection is about the origin, not
      // about robots: every URL of the origin fails with that same error, reported as it is.
      if (ORIGIN_STEPS.has(response.error.step)) {
        return { kind: 'none', reason: reasonOf(response.error), error: response.error };
      }
      // RFC 9309 2.3.1.4: unreachable (timeouts, resets) means complete disallow.
      return {
        kind: 'none',
        reason: `disallowed: robots.txt unreachable (${reasonOf(response.error)})`,
      };
    }
    if (response.status >= 500)
      return { kind: 'none', reason: `disallowed: robots.txt answered HTTP ${response.status}` };
    if (response.status >= 400 || response.body === null) return { kind: 'all' };
    if (response.status < 200 || response.status >= 300) return { kind: 'all' };
    const robots = robotsParser(robotsUrl, response.body);
    const delaySeconds = robots.getCrawlDelay(this.options.agent);
    if (delaySeconds !== undefined && delaySeconds > 0) {
      this.options.onCrawlDelay(
        origin,
        Math.min(delaySeconds * 1000, this.options.maxCrawlDelayMs ?? 10_000),
      );
    }
    return { kind: 'parsed', robots };
  }
}
