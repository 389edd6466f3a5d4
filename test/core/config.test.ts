import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_FILE,
  corpusFoldersOf,
  loadConfig,
  parseConfig,
  publishedPathOf,
} from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';

const ROOT = '/site';
const parse = (text: string) => parseConfig(text, `${ROOT}/${CONFIG_FILE}`, ROOT);

function errorOf(text: string): ConfigError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('the project config', () => {
  it('defaults to this repository’s layout when there is no file', () => {
    const root = mkdtempSync(join(tmpdir(), 'config-'));
    const config = loadConfig(root);
    expect(config).toMatchObject({
      file: null,
      root,
      generator: 'plain',
      published: ['content/posts'],
      pending: 'content/pending',
      rejected: 'content/.rejected',
      corpus: ['content'],
      fileName: '{slug}.md',
      frontmatter: { dateField: 'date', dateFormat: 'date', draft: false, keep: 'all' },
    });
    expect(corpusFoldersOf(config)).toEqual([join(root, 'content')]);
  });

  it('reads a site’s folders, file names and frontmatter profile', () => {
    const root = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(
      join(root, CONFIG_FILE),
      [
        'generator: astro',
        'published: [src/content/blog/]',
        'pending: drafts/pending',
        'rejected: drafts/rejected',
        'corpus: []',
        "fileName: '{slug}/index.md'",
        'frontmatter:',
        '  dateField: pubDate',
        '  draft: true',
        '  keep: [title, description, pubDate]',
        '  sources: bibliography',
        '',
      ].join('\n'),
    );
    const config = loadConfig(root);
    expect(config.file).toBe(join(root, CONFIG_FILE));
    expect(config.published).toEqual(['src/content/blog']);
    expect(config.frontmatter).toEqual({
      dateField: 'pubDate',
      dateFormat: 'date',
      draft: true,
      keep: ['title', 'description', 'pubDate'],
      sources: 'bibliography',
    });
    expect(corpusFoldersOf(config)).toEqual([
      join(root, 'drafts', 'pending'),
      join(root, 'drafts', 'rejected'),
      join(root, 'src', 'content', 'blog'),
    ]);
    expect(publishedPathOf(config, 'shade', '2026-07-09')).toBe('src/content/blog/shade/index.md');
  });

  it('names the file, the line, the field and why', () => {
    const unknown = errorOf('published: [content/posts]\ndrafts: x\n');
    expect(unknown.message).toBe('/site/.research-draft.yaml:2: drafts: unknown field');
    const outside = errorOf('generator: hugo\npublished:\n  - ../elsewhere\n');
    expect(outside.field).toBe('published[0]');
    expect(outside.line).toBe(3);
    expect(outside.message).toContain('must be a folder inside the project');
    expect(errorOf("fileName: '{title}.md'").message).toContain('fileName: must contain {slug}');
    expect(errorOf("fileName: '{slug}-{hour}.md'").message).toContain('placeholders are');
    expect(errorOf('generator: gatsby').field).toBe('generator');
    expect(errorOf('frontmatter:\n  draft: "yes"\n').field).toBe('frontmatter.draft');
    expect(errorOf('pending: content/posts').message).toContain('must differ');
    expect(errorOf('- a\n- b\n').message).toContain('must be a YAML mapping');
    expect(errorOf('published: [a\n').message).toContain('invalid YAML');
  });

  it('reads the cost ledger folder and the monthly budget with its topic shares, and refuses bad ones', () => {
    expect(parse('').costs).toBe('.research-draft/costs');
    expect(parse('').budget).toEqual({});
    const config = parse(
      'costs: data/costs/\nbudget:\n  monthlyUsd: 20\n  topics:\n    rust-async: 0.25\n',
    );
    expect(config.costs).toBe('data/costs');
    expect(config.budget).toEqual({ monthlyUsd: 20, topics: { 'rust-async': 0.25 } });
    expect(errorOf('budget:\n  monthlyUsd: -5\n').field).toBe('budget.monthlyUsd');
    expect(errorOf('budget:\n  monthlyUsd: "20"\n').line).toBe(2);
    const over = errorOf('budget:\n  monthlyUsd: 20\n  topics:\n    a: 0.7\n    b: 0.4\n');
    expect(over.message).toContain('budget.topics: the topic shares add up to more than 1');
    expect(errorOf('budget:\n  monthlyUsd: 20\n  topics:\n    a: 1.5\n').message).toContain(
      'budget.topics.a: a share is at most 1',
    );
    expect(errorOf('budget:\n  topics:\n    a: 0.5\n').message).toContain(
      'budget.topics: topics shares need budget.monthlyUsd',
    );
    expect(errorOf('budget:\n  monthly: 20\n').message).toContain('budget.monthly: unknown field');
    expect(errorOf('costs: ../costs\n').message).toContain('costs: must be a folder inside');
  });

  it('refuses an alias bomb with the file name instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const error = errorOf(bomb);
    expect(error.message).toMatch(/^\/site\/\.research-draft\.yaml: invalid YAML/);
  });

  it('places published posts by the file-name pattern', () => {
    const jekyll = parse("published: [_posts]\nfileName: '{date}-{slug}.md'\n");
    expect(publishedPathOf(jekyll, 'shade', '2026-07-09')).toBe('_posts/2026-07-09-shade.md');
    const nested = parse("published: [content/posts]\nfileName: '{year}/{slug}.md'\n");
    expect(publishedPathOf(nested, 'shade', '2026-07-09')).toBe('content/posts/2026/shade.md');
  });
});

describe('the search block of the project config (issue 23)', () => {
  it('defaults to no provider choice and $0.005 a query; reads provider, SearXNG URL and price', () => {
    expect(parse('').search).toEqual({ pricePerQueryUsd: 0.005 });
    expect(
      parse(
        'search:\n  provider: searxng\n  searxngUrl: http://127.0.0.1:8888\n  pricePerQueryUsd: 0\n',
      ).search,
    ).toEqual({ provider: 'searxng', searxngUrl: 'http://127.0.0.1:8888', pricePerQueryUsd: 0 });
  });

  it('names the field and why for a bad value', () => {
    expect(errorOf('search:\n  provider: google\n').message).toContain('search.provider');
    expect(errorOf('search:\n  searxngUrl: localhost:8888\n').message).toContain(
      'must be an absolute http(s) URL',
    );
    expect(errorOf('search:\n  pricePerQueryUsd: -1\n').message).toContain(
      'search.pricePerQueryUsd',
    );
  });
});
