import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { appendLedger, readLedger } from '../../src/core/ledger.js';
import { loadProjectCorpus } from '../../src/corpus/corpora.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { publishedFormOf, splitDraft } from '../../src/editorial/publish.js';

const DRAFT = `---
title: "Kellerton bets on street trees"
description: "What the study means."
date: 2026-11-26
topic: example
slug: kellerton-bets-on-street-trees
status: pending
engine: offline
run: 2026-11-26T02-00-00Z-example
draft: true
sources:
  - id: s1
    url: https://example.org/study
    title: "The [canopy] study"
    sha256: "ABCDEF0123"
review: []
cost: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, usd: 0 }
---

Shade cooled the blocks.[^s1]

[^s1]: [The canopy study](https://example.org/study)
`;

const TODAY = new Date('2026-12-03T10:00:00Z');

function formOf(configText: string) {
  const draft = splitDraft(DRAFT)!;
  return publishedFormOf(
    draft.frontmatter,
    draft.body,
    parseConfig(configText, '/s/c', '/s'),
    TODAY,
  );
}

function frontmatterOf(text: string): Record<string, unknown> {
  return parse(/^---\n([\s\S]*?)---\n/.exec(text)![1]!) as Record<string, unknown>;
}

describe('publishedFormOf', () => {
  it('keeps every field by default, as promote always did, with status and the day published', () => {
    const { text } = formOf('');
    const data = frontmatterOf(text);
    expect(data).toMatchObject({ status: 'published', published: '2026-12-03', topic: 'example' });
    expect(data.draft).toBeUndefined();
    expect(text).toContain('Shade cooled the blocks.[^s1]');
  });

  it('an Astro profile keeps only the schema’s fields, pubDate a date, and moves the rest to the ledger', () => {
    const { text, ledger } = formOf(
      'published: [src/content/blog]\nfrontmatter:\n  dateField: pubDate\n  keep: [title, description, pubDate]\n  sources: bibliography\n',
    );
    const data = frontmatterOf(text);
    expect(data).toEqual({
      title: 'Kellerton bets on street trees',
      description: 'What the study means.',
      pubDate: '2026-12-03',
    });
    expect(ledger).toMatchObject({
      slug: 'kellerton-bets-on-street-trees',
      published: '2026-12-03',
      topic: 'example',
      run: '2026-11-26T02-00-00Z-example',
      engine: 'offline',
      sources: [
        { url: 'https://example.org/study', sha256: 'ABCDEF0123', title: 'The [canopy] study' },
      ],
    });
    // A readable bibliography before the footnote definitions, the title escaped as text.
    expect(text).toContain(
      'Shade cooled the blocks.[^s1]\n\n## Sources\n\n- [The \\[canopy\\] study](<https://example.org/study>)\n\n[^s1]:',
    );
    for (const field of ['cost', 'review', 'run', 'engine', 'sources', 'status'])
      expect(text).not.toMatch(new RegExp(`^${field}:`, 'm'));
  });

  it('a datetime profile writes an ISO time', () => {
    const data = frontmatterOf(
      formOf('frontmatter:\n  dateFormat: datetime\n  keep: [title, date]\n').text,
    );
    expect(data).toEqual({
      title: 'Kellerton bets on street trees',
      date: '2026-12-03T10:00:00.000Z',
    });
  });
});

describe('the ledger', () => {
  it('is read back, skips bad lines, and makes its sources count as used by the corpus', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-'));
    const file = join(root, '.research-draft', 'ledger.jsonl');
    const { ledger } = formOf('frontmatter:\n  keep: [title, date]\n');
    appendLedger(file, [{ ...ledger, path: 'content/posts/kellerton.md' }]);
    writeFileSync(file, `${'{"not": "an entry"}\n'}${readLedgerText(file)}`);
    const read = readLedger(file);
    expect(read.entries.map((entry) => entry.path)).toEqual(['content/posts/kellerton.md']);
    expect(read.problems).toEqual([`${file}:1: needs "path" and "sources"`]);
    mkdirSync(join(root, 'content', 'posts'), { recursive: true });
    const without = await loadCorpus(join(root, 'content'), { cacheDir: join(root, 'cache') });
    expect(without.usedUrls.size).toBe(0);
    // The project's corpus: the content folder's posts, and the ledger at the config's path.
    const corpus = await loadProjectCorpus(
      parseConfig('', join(root, '.research-draft.yaml'), root),
      {
        cacheDir: join(root, 'cache'),
      },
    );
    expect(corpus.usedUrls.get('https://example.org/study')).toBe('content/posts/kellerton.md');
    expect(corpus.usedHashes.get('abcdef0123')).toBe('content/posts/kellerton.md');
  });
});

function readLedgerText(file: string): string {
  return readLedger(file)
    .entries.map((entry) => `${JSON.stringify(entry)}\n`)
    .join('');
}
