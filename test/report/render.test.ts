import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/run-record.js';
import { renderReport } from '../../src/report/render.js';

const usage = (usd: number, input = 0, output = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  usd,
});

function record(): RunRecord {
  return {
    runId: '2026-11-26T02-00-00Z-heat',
    topic: 'heat',
    topicFile: 'pipelines/heat.yaml',
    startedAt: '',
    finishedAt: '',
    engine: 'offline',
    engineReason: 'offline: no ANTHROPIC_API_KEY',
    outcome: 'drafted',
    message: 'drafted content/pending/heat.md',
    stages: [
      { name: 'fetch', status: 'done', elapsedMs: 12.4, summary: '3 items, 2 fetched, 1 failed' },
    ],
    sources: [
      {
        id: 's1',
        url: 'https://a.example/x',
        from: 'feed',
        status: 'cited',
        httpStatus: 200,
        bytes: 2048,
        elapsedMs: 30,
        attempts: 1,
        fromCache: false,
        words: 500,
        note: '',
      },
      {
        id: 's2',
        url: 'https://b.example/y|z',
        from: 'feed',
        status: 'failed',
        httpStatus: null,
        bytes: 0,
        elapsedMs: 15000,
        attempts: 3,
        fromCache: false,
        words: 0,
        note: 'headers: timeout after 15 s waiting for headers',
      },
    ],
    details: {
      resolveErrors: [{ source: 'https://c.example/feed.xml', error: 'not a feed' }],
      fetches: [],
      drops: [
        {
          id: 's3',
          url: 'https://d.example/copy',
          reason: 'duplicate-of-source',
          duplicateOf: 's1 https://a.example/x',
          measure: 'containment',
          similarity: 0.9712,
          threshold: 0.8,
        },
      ],
      findings: [
        {
          kind: 'number-not-in-source',
          severity: 'error',
          sentence: 'It cost 19 million.',
          source: 's1',
          detail: '19 million appears in no cited source',
        },
        {
          kind: 'definition-of-done',
          severity: 'warning',
          sentence: 'minWords',
          source: null,
          detail: '320 words, below minWords 350',
        },
      ],
      revisions: [{ round: 1, errorsBefore: 2, removed: ['A bad sentence.'], added: 1 }],
      calls: [],
    },
    usageByStage: { draft: usage(0.0123, 1000, 200), critique: usage(0.001, 100, 10) },
    draft: { path: 'content/pending/heat.md', slug: 'heat', title: 'City heat', words: 320 },
    notes: ['offline engine: 9 of 40 candidate sentences'],
    error: null,
  };
}

describe('renderReport', () => {
  it('shows engine, sources, drops with similarity, findings by severity, revisions and cost', () => {
    const text = renderReport(record());
    expect(text).toContain('- Engine: **offline** (offline: no ANTHROPIC_API_KEY)');
    expect(text).toContain(
      '| s2 | https://b.example/y\\|z | failed |  | 0 | 15.00 s |  | headers: timeout after 15 s waiting for headers |',
    );
    expect(text).toContain(
      '| s3 https://d.example/copy | duplicate-of-source | s1 https://a.example/x | containment | 0.971 | 0.80 |',
    );
    expect(text).toContain('1 error, 1 warning, 0 info.');
    expect(text.indexOf('### error · number-not-in-source')).toBeLessThan(
      text.indexOf('### warning · definition-of-done'),
    );
    expect(text).toContain('- Round 1: 2 error finding(s); removed 1 sentence(s), added 1.');
    expect(text).toContain('| **total** | 1100 | 210 | 0 | 0 | $0.0133 |');
    expect(text).toContain('- Could not resolve https://c.example/feed.xml: not a feed');
  });

  it('never prints the credentials of a source URL', () => {
    const leaky = record();
    leaky.sources[0]!.url = 'https://user:s3cret@a.example/x';
    leaky.details.resolveErrors = [
      {
        source: 'https://bot:hunter2@c.example/feed.xml',
        error: 'fetch https://bot:hunter2@c.example/feed.xml: 404',
      },
    ];
    leaky.details.fetches = [
      {
        url: 'https://bot:hunter2@c.example/robots.txt',
        status: null,
        bytes: 0,
        elapsedMs: 1,
        attempts: 1,
        fromCache: false,
        ok: false,
        error: { step: 'connect', message: 'refused https://bot:hunter2@c.example/robots.txt' },
      },
    ];
    const text = renderReport(leaky);
    expect(text).not.toMatch(/s3cret|hunter2|user:|bot:/);
    expect(text).toContain('| s1 | https://***@a.example/x | cited |');
    expect(text).toContain(
      '- Could not resolve https://***@c.example/feed.xml: fetch https://***@c.example/feed.xml: 404',
    );
    expect(text).toContain(
      '- Request failed: https://***@c.example/robots.txt: connect: refused https://***@c.example/robots.txt',
    );
  });

  it('says so when nothing was dropped and nothing was found', () => {
    const quiet = record();
    quiet.details.drops = [];
    quiet.details.findings = [];
    const text = renderReport(quiet);
    expect(text).toContain('No source was dropped as a duplicate.');
    expect(text).toContain('No finding: the critique passed the draft.\n\n## ');
  });
});
