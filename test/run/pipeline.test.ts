import {
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteError } from '../../src/core/errors.js';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { copyExample } from '../helpers/example-copy.js';

async function runExample(root: string, extra: { resume?: string } = {}) {
  const topic = loadTopic('example', join(root, 'pipelines'));
  const lines: string[] = [];
  const record = await runTopic({
    topic,
    engine: createOfflineEngine('offline: no ANTHROPIC_API_KEY'),
    root,
    logger: SILENT_LOGGER,
    progress: (line) => lines.push(line),
    env: {},
    ...extra,
  });
  return { record, lines };
}

describe('the example run', () => {
  it('takes out a time word the draft date made wrong (this week, from a September source) and keeps the claim', async () => {
    const root = copyExample({ packageJson: false });
    const { record } = await runExample(root);
    expect(record.outcome).toBe('drafted');
    const text = readFileSync(join(root, record.draft!.path), 'utf8');
    const { data, body } = splitFrontmatter(text);
    // The study sentence is there, with its figure and citation, without "this week".
    expect(body).toContain(
      'Urban Climate Lab published in the Journal of Urban Microclimate.[^s4]',
    );
    expect(body).not.toMatch(/\bthis week\b/);
    expect(data.review).toEqual([]);
    // The revision is in the report: the old sentence out, its rewrite in.
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toMatch(/- Round 1: 0 error finding\(s\); removed 1 sentence\(s\), added 1\./);
    expect(report).toMatch(/removed: ".*Urban Climate Lab published this week in the Journal/);
  });

  it('writes one cited draft and a report, drops the syndicated copy and the covered page, then proposes nothing new', async () => {
    const root = copyExample({ packageJson: false });
    const { record, lines } = await runExample(root);
    expect(record.outcome).toBe('drafted');
    expect(lines.map((line) => line.split(':')[0])).toEqual([
      'fetch',
      'extract',
      'dedupe',
      'draft',
      'critique',
      'write',
    ]);

    const drafts = readdirSync(join(root, 'content', 'pending'));
    expect(drafts).toHaveLength(1);
    const text = readFileSync(join(root, 'content', 'pending', drafts[0]!), 'utf8');
    const { data, body } = splitFrontmatter(text);
    expect(data.status).toBe('pending');
    expect(data.engine).toBe('offline');
    expect(data.topic).toBe('example');
    const ids = (data.sources as Array<{ id: string; url: string; sha256: string }>).map(
      (source) => source.id,
    );
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const cited = new Set([...body.matchAll(/\[\^([^\]]+)\](?!:)/g)].map((match) => match[1]));
    for (const id of cited) expect(ids).toContain(id);
    for (const id of ids) expect(body).toContain(`[^${id}]: [`);
    const prose = body
      .split('\n')
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('[^'));
    const sentences = prose.flatMap((line) =>
      line.split(/(?<=[.!?]["”’]?(?:\[\^[^\]]+\])*) (?=["“]?[A-Z0-9])/),
    );
    const withCitation = sentences.filter((sentence) => /\[\^[^\]]+\]$/.test(sentence.trim()));
    expect(withCitation.length / sentences.length).toBeGreaterThanOrEqual(0.8);

    expect(record.sources.map((source) => source.id)).toEqual([
      's1',
      's2',
      's3',
      's4',
      's5',
      's6',
      's7',
    ]);
    const reasons = record.details.drops.map((drop) => drop.reason).sort();
    expect(reasons).toEqual(['duplicate-of-corpus', 'duplicate-of-source']);
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain('duplicate-of-source');
    expect(report).toContain('duplicate-of-corpus');
    expect(report).toContain('**offline** (offline: no ANTHROPIC_API_KEY)');
    expect(existsSync(join(root, '.pipeline', 'runs', record.runId, 'sources', 's1.md'))).toBe(
      true,
    );

    // Nothing lands outside content/pending/ and .pipeline/ (pipelines/ and content/posts/ were
    // copied in), but the run's line in the cost ledger, which the review PR commits.
    expect(readdirSync(root).sort()).toEqual([
      '.pipeline',
      '.research-draft',
      'content',
      'pipelines',
    ]);
    expect(readdirSync(join(root, '.research-draft'))).toEqual(['costs']);
    expect(readdirSync(join(root, '.research-draft', 'costs')).sort()).toEqual([
      '.gitattributes',
      `${record.startedAt.slice(0, 7)}.jsonl`,
    ]);
    expect(readdirSync(join(root, 'content')).sort()).toEqual(['pending', 'posts']);

    const again = await runExample(root);
    expect(again.record.outcome).toBe('nothing-new');
    expect(again.record.message).toContain('nothing new to propose');
    expect(readdirSync(join(root, 'content', 'pending'))).toHaveLength(1);
    // A run that cost nothing and proposed nothing is no line of the cost ledger.
    const ledger = readFileSync(
      join(root, '.research-draft', 'costs', `${record.startedAt.slice(0, 7)}.jsonl`),
      'utf8',
    );
    expect(
      ledger
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { runId: string }).runId),
    ).toEqual([record.runId]);
  });

  it('names a failing source in the report and goes on with the rest', async () => {
    const root = copyExample();
    appendFileSync(join(root, 'pipelines', 'example.yaml'), '');
    const topicFile = join(root, 'pipelines', 'example.yaml');
    const yaml = readFileSync(topicFile, 'utf8').replace(
      'sources:\n',
      'sources:\n  - file: example/missing-page.html\n',
    );
    writeFileSync(topicFile, yaml);
    const { record } = await runExample(root);
    expect(record.outcome).toBe('drafted');
    const report = readFileSync(join(root, '.pipeline', 'runs', record.runId, 'report.md'), 'utf8');
    expect(report).toContain('missing-page.html');
  });

  it('resumes a run: recorded stages are not run again', async () => {
    const root = copyExample();
    const { record } = await runExample(root);
    const runDir = join(root, '.pipeline', 'runs', record.runId);
    rmSync(join(runDir, 'write.json'));
    rmSync(join(runDir, 'critique.json'));
    rmSync(join(root, 'content', 'pending'), { recursive: true });
    const resumed = await runExample(root, { resume: record.runId });
    expect(resumed.record.stages.map((stage) => `${stage.name}:${stage.status}`)).toEqual([
      'fetch:resumed',
      'extract:resumed',
      'dedupe:resumed',
      'draft:resumed',
      'critique:done',
      'write:done',
    ]);
    expect(resumed.record.outcome).toBe('drafted');
    expect(readdirSync(join(root, 'content', 'pending'))).toHaveLength(1);
  });

  it('fails loudly when content/pending/ cannot be written, and still writes the report', async () => {
    const root = copyExample();
    writeFileSync(join(root, 'content', 'pending'), 'a file where the folder should be');
    const topic = loadTopic('example', join(root, 'pipelines'));
    await expect(
      runTopic({ topic, engine: createOfflineEngine(), root, logger: SILENT_LOGGER, env: {} }),
    ).rejects.toThrow(WriteError);
    const runs = readdirSync(join(root, '.pipeline', 'runs'));
    const report = readFileSync(join(root, '.pipeline', 'runs', runs[0]!, 'report.md'), 'utf8');
    expect(report).toContain('**failed**');
    expect(report).toContain('not writable');
  });
});
