/** Test helpers: real node:http servers on 127.0.0.1 and a stage context for the fetch stage. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetworkOptions, StageContext } from '../../../src/core/context.js';
import type { SourceSpec, Topic } from '../../../src/core/topic.js';
import { testContext } from '../../helpers/context.js';

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Request paths in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0. A `/robots.txt` the handler leaves alone answers 404. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { robots?: boolean } = {},
): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/robots.txt' && options.robots !== true) {
      res.writeHead(404).end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A topic with the given sources and fetch settings; loopback allowed unless said otherwise. */
export function topicOf(sources: SourceSpec[], extra: Partial<Topic> = {}): Topic {
  return {
    name: 'test',
    file: '/nonexistent/test.yaml',
    title: 'Test',
    description: '',
    sources,
    allowPrivateNetwork: true,
    done: { minWords: 0, sections: [], minSources: 1, citationCoverage: 0.9 },
    budget: { usd: 0 },
    engine: 'offline',
    dedupe: {},
    fetch: { timeoutMs: 2_000 },
    ...extra,
  };
}

/** A stage context over a fresh temporary root (cache inside it), with no budget. */
export function contextOf(
  topic: Topic,
  options: { root?: string; net?: NetworkOptions; signal?: AbortSignal } = {},
): StageContext {
  return testContext(topic, { ...options, budgetUsd: 0, now: '2026-11-26T00:00:00Z' });
}

/** A request handler of a test server. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Wraps a handler so that it counts concurrent page requests per origin (robots.txt left out) and
 * keeps the highest count seen in `peaks`.
 *
 * @param peaks Peak concurrency by origin name, filled in as requests arrive.
 * @param name The origin's name in `peaks`.
 * @param handler The handler to wrap.
 */
export function countingConcurrency(
  peaks: Map<string, number>,
  name: string,
  handler: Handler,
): Handler {
  let inFlight = 0;
  return (req, res) => {
    if (req.url === '/robots.txt') return handler(req, res);
    inFlight++;
    peaks.set(name, Math.max(peaks.get(name) ?? 0, inFlight));
    res.on('close', () => inFlight--);
    handler(req, res);
  };
}

/** Fast retries for tests. */
export const FAST_BACKOFF = { backoff: { baseMs: 20, maxMs: 1_500 } };
