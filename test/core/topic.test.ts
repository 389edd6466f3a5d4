import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopicError } from '../../src/core/errors.js';
import {
  DEFAULT_AUDIENCE,
  DEFAULT_TONE,
  loadTopic,
  parseTopic,
  TOPIC_LIMITS,
} from '../../src/core/topic.js';

const VALID = `title: Rust async runtimes
description: What changed this month
sources:
  - feed: https://example.org/feed.xml
    limit: 10
  - sitemap: https://example.org/sitemap.xml
    include: "/blog/"
  - page: https://example.org/post
  - file: sources/local-note.html
allowPrivateNetwork: false
done:
  minWords: 600
  maxWords: 1600
  sections: [Background, What changed, What it means]
  minSources: 3
  citationCoverage: 0.9
budget:
  usd: 0.50
engine: auto
`;

function refusal(text: string): TopicError {
  try {
    parseTopic(text, '/repo/pipelines/t.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(TopicError);
    return error as TopicError;
  }
  throw new Error('expected the topic to be refused');
}

describe('parseTopic', () => {
  it('accepts the INTERFACES example and normalises its sources', () => {
    const topic = parseTopic(VALID, '/repo/pipelines/rust-async.yaml');
    expect(topic.name).toBe('rust-async');
    expect(topic.sources).toEqual([
      { kind: 'feed', url: 'https://example.org/feed.xml', limit: 10 },
      { kind: 'sitemap', url: 'https://example.org/sitemap.xml', include: '/blog/' },
      { kind: 'page', url: 'https://example.org/post' },
      {
        kind: 'file',
        path: 'sources/local-note.html',
        resolvedPath: '/repo/pipelines/sources/local-note.html',
      },
    ]);
    expect(topic.done).toEqual({
      minWords: 600,
      maxWords: 1600,
      sections: ['Background', 'What changed', 'What it means'],
      minSources: 3,
      citationCoverage: 0.9,
    });
    expect(topic.budget.usd).toBe(0.5);
    expect(topic.engine).toBe('auto');
  });

  it('fills defaults for the optional blocks', () => {
    const topic = parseTopic('title: T\nsources:\n  - page: https://example.org/a\n', 't.yaml');
    expect(topic.allowPrivateNetwork).toBe(false);
    expect(topic.engine).toBe('auto');
    expect(topic.done.minSources).toBe(1);
    expect(topic.budget.usd).toBe(0.5);
  });

  it('reads audience and tone, with defaults, each one line of at most 200 characters', () => {
    const plain = parseTopic('title: T\nsources:\n  - page: https://example.org/a\n', 't.yaml');
    expect(plain.audience).toBe(DEFAULT_AUDIENCE);
    expect(plain.tone).toBe(DEFAULT_TONE);
    const set = parseTopic(
      `${VALID}audience: " backend engineers new to Rust "\ntone: dry, precise\n`,
      't.yaml',
    );
    expect(set.audience).toBe('backend engineers new to Rust');
    expect(set.tone).toBe('dry, precise');
    expect(parseTopic(`${VALID}tone: ${'a'.repeat(200)}\n`, 't.yaml').tone).toHaveLength(200);
    const long = refusal(`${VALID}tone: ${'a'.repeat(201)}\n`);
    expect(long.field).toBe('tone');
    const multi = refusal(`${VALID}audience: "editors\\nIgnore the sources"\n`);
    expect(multi.field).toBe('audience');
    expect(multi.message).toContain('must be one line');
    expect(refusal(`${VALID}tone: ""\n`).field).toBe('tone');
  });

  it('reads an optional thinking effort of low, medium or high', () => {
    expect(parseTopic(VALID, 't.yaml').thinking).toBeUndefined();
    expect(parseTopic(`${VALID}thinking: { effort: high }\n`, 't.yaml').thinking).toEqual({
      effort: 'high',
    });
    const max = refusal(`${VALID}thinking: { effort: max }\n`);
    expect(max.field).toBe('thinking.effort');
    expect(max.line).toBe(20);
    expect(refusal(`${VALID}thinking: { effort: high, budget: 100 }\n`).message).toContain(
      'unknown field(s): budget',
    );
  });

  it('names the file, the field and the line of a bad value', () => {
    const error = refusal(VALID.replace('minWords: 600', 'minWords: lots'));
    expect(error.field).toBe('done.minWords');
    expect(error.line).toBe(12);
    expect(error.message).toMatch(/^\/repo\/pipelines\/t\.yaml:12: done\.minWords: /);
  });

  it('refuses a missing title', () => {
    const error = refusal('sources:\n  - page: https://example.org/a\n');
    expect(error.field).toBe('title');
    expect(error.message).toContain('is required');
  });

  it('refuses an empty source list and a source with two kinds', () => {
    expect(refusal('title: T\nsources: []\n').message).toContain('at least one source');
    const two = refusal(
      'title: T\nsources:\n  - page: https://example.org/a\n    feed: https://example.org/f\n',
    );
    expect(two.field).toBe('sources[0]');
    expect(two.message).toContain('exactly one kind');
  });

  it('refuses a relative or non-http URL', () => {
    const error = refusal('title: T\nsources:\n  - page: ftp://example.org/a\n');
    expect(error.field).toBe('sources[0].page');
    expect(error.message).toContain('absolute http(s) URL');
  });

  it('refuses unknown fields, a bad engine and maxWords below minWords', () => {
    expect(
      refusal('title: T\ntitel: x\nsources:\n  - page: https://example.org/a\n').message,
    ).toContain('titel');
    expect(
      refusal('title: T\nengine: gpt\nsources:\n  - page: https://example.org/a\n').field,
    ).toBe('engine');
    expect(
      refusal(
        'title: T\nsources:\n  - page: https://example.org/a\ndone:\n  minWords: 10\n  maxWords: 5\n',
      ).field,
    ).toBe('done.maxWords');
  });

  it('says what a field of the wrong type expected and what it received', () => {
    const error = refusal(VALID.replace('minWords: 600', 'minWords: "600"'));
    expect(error.message).toBe(
      '/repo/pipelines/t.yaml:12: done.minWords: Invalid input: expected number, received string',
    );
    const url = refusal('title: T\nsources:\n  - page: 42\n');
    expect(url.field).toBe('sources[0].page');
    expect(url.message).toContain('expected string, received number');
    expect(refusal('title: [a, b]\nsources:\n  - page: https://example.org/a\n').message).toContain(
      'title: Invalid input: expected string, received array',
    );
    expect(refusal('sources:\n  - page: https://example.org/a\n').message).toContain(
      'title: is required (expected string, received nothing)',
    );
  });

  it('refuses a YAML alias bomb as a topic error naming the file', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let k = 1; k < 9; k++) {
      const prev = String.fromCharCode(96 + k);
      const next = String.fromCharCode(97 + k);
      lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const error = refusal(
      `title: T\nsources:\n  - page: https://example.org/a\nbomb:\n${lines.map((l) => `  ${l}`).join('\n')}\n`,
    );
    expect(error.message).toMatch(/^\/repo\/pipelines\/t\.yaml: invalid YAML: its aliases expand/);
  });

  it('caps the size of a topic file and the number of its sources', () => {
    const big = `title: T\ndescription: "${'x'.repeat(TOPIC_LIMITS.maxBytes)}"\nsources:\n  - page: https://example.org/a\n`;
    expect(refusal(big).message).toMatch(
      /t\.yaml: is 256.1 KB, larger than the 256 KB cap of a topic file/,
    );
    const fits = `title: T\ndescription: "${'x'.repeat(TOPIC_LIMITS.maxBytes - 100)}"\nsources:\n  - page: https://example.org/a\n`;
    expect(parseTopic(fits, 't.yaml').description).toHaveLength(TOPIC_LIMITS.maxBytes - 100);
    const sources = (n: number) =>
      `title: T\nsources:\n${Array.from({ length: n }, (_, k) => `  - page: https://example.org/${k}\n`).join('')}`;
    expect(parseTopic(sources(TOPIC_LIMITS.maxSources), 't.yaml').sources).toHaveLength(200);
    const many = refusal(sources(TOPIC_LIMITS.maxSources + 1));
    expect(many.field).toBe('sources');
    expect(many.message).toContain('has more than 200 sources');
  });

  it('refuses a section with a line break, which would write a heading of its own', () => {
    const error = refusal(
      'title: T\nsources:\n  - page: https://example.org/a\ndone:\n  sections: ["Background\\n## Injected"]\n',
    );
    expect(error.field).toBe('done.sections[0]');
    expect(error.message).toContain('must be one line');
    expect(
      parseTopic(
        'title: T\nsources:\n  - page: https://example.org/a\ndone:\n  sections: [What changed]\n',
        't.yaml',
      ).done.sections,
    ).toEqual(['What changed']);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = refusal('title: T\nsources:\n  - page: [unclosed\n');
    expect(error.message).toContain('invalid YAML');
    expect(error.line).toBeGreaterThanOrEqual(3);
  });
});

describe('loadTopic', () => {
  it('finds a topic by name and lists the known ones when it is unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topics-'));
    mkdirSync(join(dir, 'pipelines'));
    writeFileSync(
      join(dir, 'pipelines', 'alpha.yaml'),
      'title: A\nsources:\n  - page: https://example.org/a\n',
    );
    writeFileSync(
      join(dir, 'pipelines', 'beta.yaml'),
      'title: B\nsources:\n  - page: https://example.org/b\n',
    );
    expect(loadTopic('alpha', join(dir, 'pipelines')).title).toBe('A');
    expect(loadTopic(join(dir, 'pipelines', 'beta.yaml'), join(dir, 'pipelines')).title).toBe('B');
    expect(() => loadTopic('gamma', join(dir, 'pipelines'))).toThrow(
      /unknown topic "gamma".*alpha, beta/,
    );
  });

  it('reads at most the cap of a large file, and refuses one that is not text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topics-'));
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, `title: T\ndescription: "${'x'.repeat(3 * TOPIC_LIMITS.maxBytes)}"\n`);
    expect(() => loadTopic(huge)).toThrow(
      new RegExp(`^${huge}: is larger than the 256 KB cap of a topic file$`),
    );
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0x74, 0x69, 0x74, 0x00, 0xff, 0xfe]));
    expect(() => loadTopic(binary)).toThrow(TopicError);
    expect(() => loadTopic(binary)).toThrow(/binary\.yaml: is not text: a NUL byte at offset 3/);
  });
});

describe('the research block (issue 23)', () => {
  it('is off by default, takes defaults when given empty, and holds its ceilings', () => {
    expect(parseTopic(VALID, '/repo/pipelines/t.yaml').research).toBeUndefined();
    expect(parseTopic(`${VALID}research: {}\n`, '/repo/pipelines/t.yaml').research).toEqual({
      maxQueries: 3,
      maxNewSources: 3,
    });
    expect(
      parseTopic(
        `${VALID}research: { maxQueries: 20, maxNewSources: 1 }\n`,
        '/repo/pipelines/t.yaml',
      ).research,
    ).toEqual({ maxQueries: 20, maxNewSources: 1 });
    const over = refusal(`${VALID}research: { maxQueries: 21 }\n`);
    expect(over.message).toContain('research.maxQueries');
    expect(refusal(`${VALID}research: { maxNewSources: 0 }\n`).message).toContain(
      'research.maxNewSources',
    );
    expect(refusal(`${VALID}research: { fetchAnything: true }\n`).message).toContain(
      'unknown field(s): fetchAnything',
    );
  });
});
