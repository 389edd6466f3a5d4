import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import type { DraftEngine } from '../../src/engines/types.js';
import { zeroUsage } from '../../src/core/usage.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample } from './example-copy.js';

/** A project with the example's draft pending, and a second pending draft made from it. */
export interface ReviewProject {
  root: string;
  /** File names in `content/pending/`: the example's draft, then its copy. */
  drafts: [string, string];
  runId: string;
}

/**
 * The engine with a revision that changes nothing, as a model's can: the example's one warning
 * (`stale-relative-time`, "published this week" from a September source, which the offline
 * engine's own revision takes out) stays for the reviewer, so the page has a finding to show.
 */
function keepsWarnings(engine: DraftEngine): DraftEngine {
  return {
    ...engine,
    revise: (request) =>
      Promise.resolve({
        content: request.previous,
        engine: engine.id,
        usage: zeroUsage(),
        calls: [],
        notes: [],
      }),
  };
}

/**
 * Runs the offline example in a fresh project copy and adds a second pending draft (the same
 * draft under another title and slug, from the same run), so that one can be approved and the
 * other rejected.
 */
export async function reviewProject(): Promise<ReviewProject> {
  const root = copyExample();
  const record = await runTopic({
    topic: loadTopic('example', join(root, 'pipelines')),
    engine: keepsWarnings(createOfflineEngine('offline: no ANTHROPIC_API_KEY')),
    root,
    logger: SILENT_LOGGER,
    env: {},
    // A fixed clock: the same run id and dates on every run, so the README's screenshot changes
    // only when the page does.
    now: () => new Date('2026-11-26T02:00:00Z'),
  });
  const first = record.draft!.path.split('/').pop()!;
  const text = readFileSync(join(root, record.draft!.path), 'utf8');
  const second = 'second-look-at-kellerton-trees.md';
  writeFileSync(
    join(root, 'content', 'pending', second),
    text
      .replace(/^title: .*$/m, 'title: A second look at Kellerton trees')
      .replace(/^slug: .*$/m, 'slug: second-look-at-kellerton-trees'),
  );
  return { root, drafts: [first, second], runId: record.runId };
}
