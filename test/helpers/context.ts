import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Budget } from '../../src/core/budget.js';
import type { StageContext } from '../../src/core/context.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { parseTopic, type Topic } from '../../src/core/topic.js';

/** A topic for tests: one page source, the given `done` block. */
export function testTopic(yamlExtra = '', name = 'test-topic'): Topic {
  return parseTopic(
    `title: City heat\ndescription: Trees and heat\nsources:\n  - page: https://example.org/a\n${yamlExtra}`,
    `/repo/pipelines/${name}.yaml`,
  );
}

/** A stage context rooted in a fresh temporary folder. */
export function testContext(
  topic: Topic = testTopic(),
  root = mkdtempSync(join(tmpdir(), 'pipeline-')),
): StageContext {
  return {
    topic,
    root,
    runId: 'test-run',
    runDir: join(root, '.pipeline', 'runs', 'test-run'),
    cacheDir: join(root, '.pipeline', 'cache'),
    contentDir: join(root, 'content'),
    logger: SILENT_LOGGER,
    now: () => new Date('2026-11-26T02:00:00Z'),
    env: {},
    budget: new Budget(topic.budget.usd),
    net: {},
  };
}
