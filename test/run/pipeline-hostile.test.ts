import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample } from '../helpers/example-copy.js';

// Issue 17: a nightly run nobody watches must survive hostile pages. 200,000 nested <div>s
// (2.2 MB) took 616 s to extract; the page must now fail on a bound and the run go on.
const TOPIC = `title: City heat and urban tree canopy in Kellerton
description: How Kellerton's street trees cool the city, what they cost, and what they do for health.
sources:
  - file: example/nested.html
  - file: example/tree-canopy-heat-study.html
  - file: example/tree-planting-costs-budget.html
  - file: example/canopy-limits-criticism.html
done:
  minWords: 200
  maxWords: 1400
  sections: [Background, What changed, What it means]
  minSources: 3
  citationCoverage: 0.9
budget:
  usd: 0.50
engine: offline
`;

describe('a run with a hostile page', () => {
  it('drafts from the three good pages and names the bound the nested page broke in the report', async () => {
    const root = copyExample();
    const depth = 200_000;
    const nested = `<html><head><title>Nested</title></head><body>${'<div>'.repeat(depth)}<p>Trees cool streets by several degrees, the study found, in every district.</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(nested.length).toBeGreaterThan(2_200_000);
    writeFileSync(join(root, 'pipelines', 'example', 'nested.html'), nested);
    writeFileSync(join(root, 'pipelines', 'hostile.yaml'), TOPIC);

    const record = await runTopic({
      topic: loadTopic('hostile', join(root, 'pipelines')),
      engine: createOfflineEngine('offline: test'),
      root,
      logger: SILENT_LOGGER,
      progress: () => {},
      env: {},
    });

    expect(record.outcome).toBe('drafted');
    const failed = record.sources.filter((source) => source.status === 'failed');
    expect(failed.map((source) => source.url)).toEqual([
      expect.stringMatching(/\/pipelines\/example\/nested\.html$/),
    ]);
    expect(failed[0]!.note).toMatch(
      /^extract: extract file:\/\/\S+nested\.html: the page is past the element bound: 200005 start tags > maxElements 100000$/,
    );

    const draftPath = record.draft?.path;
    expect(draftPath).toBeDefined();
    const { data } = splitFrontmatter(readFileSync(join(root, draftPath!), 'utf8'));
    const cited = (data.sources as Array<{ url: string }>).map((source) => source.url);
    expect(cited).toHaveLength(3);
    expect(cited.some((url) => url.includes('nested'))).toBe(false);

    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain('200005 start tags > maxElements 100000');
  });
});
