import type { LookupAddress } from 'node:dns';
import type { Dispatcher } from 'undici';
import type { Budget } from './budget.js';
import type { ProjectConfig } from './config.js';
import type { Logger } from './logger.js';
import type { Topic } from './topic.js';

/** Network seams for tests: a resolver and a dispatcher can be swapped for fakes. */
export interface NetworkOptions {
  /** Resolves a host name to its addresses (default: `dns.promises.lookup` with `all: true`). */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
  /** undici dispatcher to send requests through (default: one the fetch stage builds). */
  dispatcher?: Dispatcher;
}

/** What every stage receives: the topic, where things go, and all I/O seams. */
export interface StageContext {
  /** The validated topic. */
  topic: Topic;
  /** Project root: `content/`, `pipelines/` and `.pipeline/` live here. */
  root: string;
  /** Run id, e.g. `2026-11-26T02-00-00Z-example`. */
  runId: string;
  /** `.pipeline/runs/<run id>/`. */
  runDir: string;
  /** `.pipeline/cache/`. */
  cacheDir: string;
  /** `content/`. */
  contentDir: string;
  /** The project config: where pending, rejected and published posts live, the profile. */
  config: ProjectConfig;
  /** Operator logs (stderr). */
  logger: Logger;
  /** The clock. */
  now: () => Date;
  /** Environment variables (secrets are read from here, never logged). */
  env: Readonly<Record<string, string | undefined>>;
  /** Dollars spent against the topic's budget. */
  budget: Budget;
  /** Network seams. */
  net: NetworkOptions;
  /** Aborts long work (Ctrl-C). */
  signal?: AbortSignal;
}
