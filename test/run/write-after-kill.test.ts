import { linkSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import type { RunRecord } from '../../src/core/run-record.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { deadPid } from '../helpers/dead-pid.js';
import { copyExample } from '../helpers/example-copy.js';

function run(root: string, resume?: string) {
  return runTopic({
    topic: loadTopic('example', join(root, 'pipelines')),
    engine: createOfflineEngine('offline: no ANTHROPIC_API_KEY'),
    root,
    logger: SILENT_LOGGER,
    env: {},
    ...(resume === undefined ? {} : { resume }),
  });
}

describe('a run killed just after its draft was linked', () => {
  it('resumes to the same draft: no -2 copy, and the stray temp file is removed', async () => {
    const root = copyExample();
    const first = await run(root);
    const runDir = join(root, '.pipeline', 'runs', first.runId);
    const pending = join(root, 'content', 'pending');
    const [draft] = readdirSync(pending);
    // What a kill between the link and the temp file's removal leaves: the draft, its temp file
    // (of a process that is gone), no write.json, and a record still running.
    const temp = `.${draft}.${deadPid()}.0123abcd.tmp`;
    linkSync(join(pending, draft!), join(pending, temp));
    rmSync(join(runDir, 'write.json'));
    const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;
    record.stages = record.stages.filter((stage) => stage.name !== 'write');
    Object.assign(record, { outcome: 'running', draft: null, finishedAt: null });
    writeFileSync(join(runDir, 'run.json'), JSON.stringify(record));

    const resumed = await run(root, first.runId);
    expect(resumed.outcome).toBe('drafted');
    expect(resumed.draft?.path).toBe(first.draft?.path);
    expect(readdirSync(pending)).toEqual([draft]);
  });
});
