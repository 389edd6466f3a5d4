import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/run-record.js';
import { renderPrBody } from '../../src/report/pr-body.js';
import { renderReport } from '../../src/report/render.js';

const usage = (usd: number, input: number, output: number) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  usd,
});

function record(topic: string, drafted: boolean, usd: number): RunRecord {
  return {
    runId: `2026-11-26T02-00-00Z-${topic}`,
    topic,
    topicFile: `pipelines/${topic}.yaml`,
    startedAt: '',
    finishedAt: '',
    engine: 'claude:claude-sonnet-5-5',
    engineReason: 'claude: ANTHROPIC_API_KEY is set',
    outcome: drafted ? 'drafted' : 'nothing-new',
    message: drafted ? `drafted content/pending/${topic}.md` : 'nothing new to propose',
    stages: [],
    sources: [
      {
        id: 's1',
        url: 'https://a.example/1',
        from: 'feed',
        status: drafted ? 'cited' : 'dropped',
        httpStatus: 200,
        bytes: 10,
        elapsedMs: 5,
        attempts: 1,
        fromCache: false,
        words: 400,
        note: '',
      },
      {
        id: 's2',
        url: 'https://a.example/2',
        from: 'feed',
        status: 'dropped',
        httpStatus: 200,
        bytes: 10,
        elapsedMs: 5,
        attempts: 1,
        fromCache: true,
        words: 400,
        note: '',
      },
    ],
    details: {
      resolveErrors: [],
      fetches: [],
      drops: [
        {
          id: 's2',
          url: 'https://a.example/2',
          reason: 'duplicate-of-corpus',
          duplicateOf: 'posts/x.md',
          measure: 'jaccard',
          similarity: 0.9,
          threshold: 0.42,
        },
      ],
      findings: drafted
        ? [
            {
              kind: 'number-not-in-source',
              severity: 'error',
              sentence: 'It cost $9.',
              source: 's1',
              detail: 'no $9',
            },
            {
              kind: 'missing-citation',
              severity: 'warning',
              sentence: 'Words.',
              source: null,
              detail: 'uncited',
            },
            {
              kind: 'too-close-to-corpus',
              severity: 'info',
              sentence: 'Body.',
              source: null,
              detail: '0.3',
            },
          ]
        : [],
      revisions: [],
      calls: [],
    },
    usageByStage: { draft: usage(usd, 1000, 100) },
    draft: drafted
      ? { path: `content/pending/${topic}.md`, slug: topic, title: `About ${topic}`, words: 700 }
      : null,
    notes: [],
    error: null,
  };
}

describe('renderPrBody', () => {
  const records = [record('rust', true, 0.0125), record('go', false, 0.0025)];
  const body = renderPrBody(records, 'Nightly drafts 2026-11-26');

  it('has one row per topic with the draft, cited sources, drops, findings by severity and cost', () => {
    const rows = body
      .split('\n')
      .filter((line) => line.startsWith('| rust') || line.startsWith('| go'));
    expect(rows).toHaveLength(2);
    const rust = rows[0]!.split(' | ');
    expect(rust[1]).toBe('`content/pending/rust.md`<br>About rust');
    expect(rust.slice(2)).toEqual(['drafted', '1', '1', '1 / 1 / 1', '1000 / 100', '$0.0125 |']);
    expect(rows[1]).toContain('| nothing-new | 0 | 1 | 0 / 0 / 0 |');
  });

  it("totals the night's cost and embeds each topic's run report as report.md has it", () => {
    expect(body).toContain("**Night's total cost: $0.0150** (2000 input, 200 output tokens).");
    const report = renderReport(records[0]!);
    expect(body).toContain(report.split('\n').slice(1).join('\n').trim());
    expect(body.match(/<details>/g)).toHaveLength(2);
  });
});
