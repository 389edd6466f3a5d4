import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { loadTopic } from '../../src/core/topic.js';
import { createOfflineEngine } from '../../src/engines/offline/index.js';
import type { EvidenceDocument } from '../../src/evidence/index.js';
import { runTopic } from '../../src/run/pipeline.js';
import { parseDraft } from '../../src/stages/critique/index.js';
import { loadSourcesDir } from '../../src/stages/critique/parse/load-sources.js';
import { copyExample } from '../helpers/example-copy.js';

/** Runs the offline example in a fresh copy; returns the root, the run folder and the draft. */
async function runExample() {
  const root = copyExample({ packageJson: false });
  const record = await runTopic({
    topic: loadTopic('example', join(root, 'pipelines')),
    engine: createOfflineEngine('offline: no ANTHROPIC_API_KEY'),
    root,
    logger: SILENT_LOGGER,
    env: {},
  });
  const runDir = join(root, '.pipeline', 'runs', record.runId);
  return { root, runDir, record, draft: readFileSync(join(root, record.draft!.path), 'utf8') };
}

describe('the evidence of the example run', () => {
  it('evidence.json gives every draft sentence once with a passage of each cited source', async () => {
    const { runDir, record, draft } = await runExample();
    const doc = JSON.parse(readFileSync(join(runDir, 'evidence.json'), 'utf8')) as EvidenceDocument;
    expect(doc.draft).toBe(record.draft!.path);
    expect(doc.runId).toBe(record.runId);
    expect(doc.sentences.map((s) => s.text)).toEqual(
      parseDraft(draft).sentences.map((s) => s.text),
    );
    const sources = new Map(loadSourcesDir(join(runDir, 'sources')).map((s) => [s.id, s]));
    for (const sentence of doc.sentences) {
      expect(sentence.cites.length).toBeGreaterThan(0);
      expect(sentence.evidence.map((e) => e.source)).toEqual(sentence.cites);
      for (const evidence of sentence.evidence) {
        // The passage is the cited source's own words, at the position it names.
        const source = sources.get(evidence.source)!;
        const [first, end] = evidence.sentences;
        expect(end).toBeGreaterThan(first);
        const body = `${source.title}\n${source.text}`.replace(/\s+/g, ' ');
        for (const part of evidence.passage.split(/(?<=[.!?])\s+/))
          expect(body).toContain(part.replace(/\s+/g, ' '));
      }
    }
    // The offline engine copies source sentences: most of them are strong.
    expect(doc.summary.strong).toBeGreaterThan(doc.sentences.length / 2);
    expect(doc.summary.strong + doc.summary.weak + doc.summary.none).toBe(doc.sentences.length);
    expect(doc.dropped.map((d) => d.reason).sort()).toEqual([
      'duplicate-of-corpus',
      'duplicate-of-source',
    ]);
    expect(doc.findings.length).toBe(record.details.findings.length);
    expect(doc.cost?.usd).toBe(0);
  });
});
