import { loadConfig } from '../../src/core/config.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Budget } from '../../src/core/budget.js';
import type { NetworkOptions, StageContext } from '../../src/core/context.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { parseTopic, type Topic } from '../../src/core/topic.js';

/** A topic for tests: one page source, the given `done` block. */
export function testTopic(yamlExtra = '', name = 'test-topic'): Topic {
  return parseTopic(
    `title: City heat\ndescription: Trees and heat\nsources:\n  - page: https://example.org/a\n${yamlExtra}`,
    `/repo/pipelines/${name}.yaml`,
  );
}

/** Options of {@link testContext}. */
export interface TestContextOptions {
  /** Project root (default: a fresh temporary folder). */
  root?: string;
  /** Network seams. */
  net?: NetworkOptions;
  signal?: AbortSignal;
  /** Budget in dollars (default: the topic's). */
  budgetUsd?: number;
  /** The clock's fixed time (default 2026-11-26T02:00:00Z). */
  now?: string;
}

/** A stage context rooted in a fresh temporary folder (or `options.root`), with a silent logger. */
export function testContext(
  topic: Topic = testTopic(),
  options: TestContextOptions = {},
): StageContext {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'pipeline-'));
  const now = new Date(options.now ?? '2026-11-26T02:00:00Z');
  return {
    topic,
    root,
    runId: 'test-run',
    runDir: join(root, '.pipeline', 'runs', 'test-run'),
    cacheDir: join(root, '.pipeline', 'cache'),
    contentDir: join(root, 'content'),
    config: loadConfig(root),
    logger: SILENT_LOGGER,
    now: () => now,
    env: {},
    budget: new Budget(options.budgetUsd ?? topic.budget.usd),
    net: options.net ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
