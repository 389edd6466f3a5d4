import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/run-record.js';
import { StageRunner } from '../../src/run/runner.js';

function emptyRecord(): RunRecord {
  return {
    runId: 'r',
    topic: 't',
    topicFile: 't.yaml',
    startedAt: '',
    finishedAt: null,
    engine: 'offline',
    engineReason: 'test',
    outcome: 'running',
    message: '',
    stages: [],
    sources: [],
    details: { resolveErrors: [], fetches: [], drops: [], findings: [], revisions: [], calls: [] },
    usageByStage: {},
    draft: null,
    notes: [],
    error: null,
  };
}

describe('StageRunner', () => {
  it('records each stage output as it finishes, with its time and summary', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'runner-')), 'run');
    const record = emptyRecord();
    const lines: string[] = [];
    const runner = new StageRunner(dir, record, (line) => lines.push(line), false);
    const out = await runner.stage(
      'fetch',
      () => ({ n: 3 }),
      (o) => `${o.n} items`,
    );
    expect(out).toEqual({ n: 3 });
    expect(JSON.parse(readFileSync(join(dir, 'fetch.json'), 'utf8'))).toEqual({ n: 3 });
    expect(record.stages).toEqual([
      { name: 'fetch', status: 'done', elapsedMs: expect.any(Number), summary: '3 items' },
    ]);
    expect(lines[0]).toMatch(/^fetch: 3 items \(\d+ ms\)$/);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).stages[0].name).toBe('fetch');
  });

  it('resumes: finished stages are read back, the failed one runs again', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'runner-')), 'run');
    const first = new StageRunner(dir, emptyRecord(), () => {}, false);
    await first.stage(
      'fetch',
      () => ({ n: 1 }),
      () => 'one',
    );
    await expect(
      first.stage(
        'extract',
        () => {
          throw new Error('boom');
        },
        () => '',
      ),
    ).rejects.toThrow('boom');
    expect(existsSync(join(dir, 'extract.json'))).toBe(false);

    const calls: string[] = [];
    const record = emptyRecord();
    const second = new StageRunner(dir, record, () => {}, true);
    const fetched = await second.stage(
      'fetch',
      () => {
        calls.push('fetch');
        return { n: 2 };
      },
      (o) => `n=${o.n}`,
    );
    const extracted = await second.stage(
      'extract',
      () => {
        calls.push('extract');
        return { ok: true };
      },
      () => 'ok',
    );
    expect(fetched).toEqual({ n: 1 });
    expect(extracted).toEqual({ ok: true });
    expect(calls).toEqual(['extract']);
    expect(record.stages.map((s) => `${s.name}:${s.status}`)).toEqual([
      'fetch:resumed',
      'extract:done',
    ]);
  });
});
