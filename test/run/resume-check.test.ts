import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample } from '../helpers/example-copy.js';

function run(root: string, topicName: string, resume?: string) {
  const topic = loadTopic(topicName, join(root, 'pipelines'));
  return runTopic({
    topic,
    engine: createOfflineEngine('offline: no ANTHROPIC_API_KEY'),
    root,
    logger: SILENT_LOGGER,
    env: {},
    ...(resume === undefined ? {} : { resume }),
  });
}

describe('--resume <run id>', () => {
  it('refuses an id that leads out of .pipeline/runs/, writing nothing there', async () => {
    const root = copyExample();
    mkdirSync(join(root, 'outside'));
    const attempt = run(root, 'example', '../../outside');
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow('--resume "../../outside": not a run id');
    expect(readdirSync(join(root, 'outside'))).toEqual([]);
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
  });

  it('refuses an empty run folder: it holds no run record', async () => {
    const root = copyExample();
    mkdirSync(join(root, '.pipeline', 'runs', 'empty'), { recursive: true });
    await expect(run(root, 'example', 'empty')).rejects.toThrow(
      /--resume "empty": no run record \(run\.json\) in /,
    );
    expect(readdirSync(join(root, '.pipeline', 'runs', 'empty'))).toEqual([]);
  });

  it("refuses another topic's run: its draft is never written under this topic's name", async () => {
    const root = copyExample();
    const first = await run(root, 'example');
    rmSync(join(root, '.pipeline', 'runs', first.runId, 'write.json'));
    rmSync(join(root, 'content', 'pending'), { recursive: true });
    writeFileSync(
      join(root, 'pipelines', 'other.yaml'),
      readFileSync(join(root, 'pipelines', 'example.yaml')),
    );
    await expect(run(root, 'other', first.runId)).rejects.toThrow(
      `--resume "${first.runId}": it is a run of topic "example", not of "other"`,
    );
    expect(existsSync(join(root, 'content', 'pending'))).toBe(false);
  });

  it('a run id keeps no shell or Markdown characters of the topic name', async () => {
    const root = copyExample();
    const weird = join(root, 'pipelines', 'heat `x` $(y).yaml');
    writeFileSync(weird, readFileSync(join(root, 'pipelines', 'example.yaml')));
    const record = await run(root, weird);
    expect(record.topic).toBe('heat `x` $(y)');
    expect(record.runId).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-heat-x-y-$/);
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain(record.runId);
  });
});
