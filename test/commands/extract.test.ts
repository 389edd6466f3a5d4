import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerExtractCommand } from '../../src/commands/extract.js';
import { UsageError } from '../../src/core/errors.js';
import { runCommand, type CommandRun } from '../helpers/run-command.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'html');

/** Runs `extract` with a fake io rooted at the fixtures folder; returns stdout and the exit code. */
async function runExtract(args: string[], root = FIXTURES): Promise<CommandRun> {
  return runCommand(registerExtractCommand, ['extract', ...args], { root });
}

describe('extract command', () => {
  it('prints one JSON object with the INTERFACES fields for one file', async () => {
    const { out, code } = await runExtract(['jsonld-only.html', '--json']);
    expect(code).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const row = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(row).toMatchObject({
      file: 'jsonld-only.html',
      title: 'Tide gauges show the harbour rising faster',
      author: 'Ada Lovelace, Grace Hopper',
      published: '2024-03-04T08:30:00Z',
      canonicalUrl: 'https://gazette.example.com/news/tide-gauges',
      lang: 'en-GB',
    });
    expect(row.markdown).toEqual(expect.stringContaining("The harbour's tide gauges"));
    expect(row.text).toEqual(expect.stringContaining('timetable for each.'));
  });

  it('prints JSON Lines in the order given; a failing file gets an error line, the others still run, exit 1', async () => {
    const { out, code } = await runExtract([
      'opengraph-only.html',
      'no-article.html',
      'missing.html',
      'byline-only.html',
      '--json',
    ]);
    const rows = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => row.file)).toEqual([
      'opengraph-only.html',
      'no-article.html',
      'missing.html',
      'byline-only.html',
    ]);
    expect(rows[0]!.title).toBe('Night trains return to the Alps');
    expect(rows[1]!.error).toMatch(/no article content found/);
    expect(rows[2]!.error).toMatch(/ENOENT/);
    expect(rows[3]!.author).toBe('Marie Curie');
    expect(code).toBe(1);
  });

  it('resolves relative links against --url when the page has no canonical URL', async () => {
    const root = mkdtempSync(join(tmpdir(), 'extract-cmd-'));
    writeFileSync(
      join(root, 'page.html'),
      '<article><p>Read the <a href="/docs/guide">full guide</a> for details on every option that the tool supports today, with examples for each of them.</p></article>',
    );
    const withUrl = await runExtract(
      ['page.html', '--url', 'https://site.example/blog/x', '--json'],
      root,
    );
    expect((JSON.parse(withUrl.out) as { markdown: string }).markdown).toContain(
      '[full guide](https://site.example/docs/guide)',
    );
    const without = await runExtract(['page.html', '--json'], root);
    expect((JSON.parse(without.out) as { markdown: string }).markdown).toContain(
      'Read the full guide for details',
    );
  });

  it('decodes a page saved in the encoding its <meta charset> names', async () => {
    const root = mkdtempSync(join(tmpdir(), 'extract-cmd-'));
    const html =
      '<html><head><meta charset="windows-1252"></head><body><article><p>Caf\u00e9 cr\u00e8me prices rose again this winter, the owners said, blaming the cost of milk and the new rent for the terrace.</p></article></body></html>';
    writeFileSync(join(root, 'latin.html'), Buffer.from(html, 'latin1'));
    const { out } = await runExtract(['latin.html', '--json'], root);
    expect((JSON.parse(out) as { text: string }).text).toContain('Café crème prices');
  });

  it('reads windows-1252 quotes as quotes, declared or not, as the fetch stage does', async () => {
    const root = mkdtempSync(join(tmpdir(), 'extract-cmd-'));
    // 0x93/0x94 are “ ” and 0x96 is – in windows-1252, but C1 controls in Latin-1.
    const body = (head: string) =>
      Buffer.concat([
        Buffer.from(`<html><head>${head}</head><body><article><p>The mayor called it `),
        Buffer.from([0x93]),
        Buffer.from('a fair deal'),
        Buffer.from([0x94]),
        Buffer.from(' for the harbour ', 'latin1'),
        Buffer.from([0x96]),
        Buffer.from(
          ' and the council agreed, after a long night of talks about the fees and the berths.</p></article></body></html>',
        ),
      ]);
    writeFileSync(join(root, 'declared.html'), body('<meta charset="windows-1252">'));
    writeFileSync(join(root, 'undeclared.html'), body('<title>Harbour deal</title>'));
    const { out, code } = await runExtract(['declared.html', 'undeclared.html', '--json'], root);
    expect(code).toBe(0);
    const texts = out
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { text: string }).text);
    for (const text of texts) {
      expect(text).toContain('called it \u201ca fair deal\u201d for the harbour \u2013 and');
      expect(text).not.toMatch(/[\u0080-\u009f\ufffd]/);
    }
  });

  it('prints title, metadata and Markdown without --json', async () => {
    const { out, code } = await runExtract(['opengraph-only.html']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^# Night trains return to the Alps\n\nfile: opengraph-only\.html\nauthor: Lena Fischer\npublished: 2023-12-10T06:00:00Z\n/,
    );
    expect(out).toContain('For the first time since 2009');
  });

  const evalDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'eval', 'extract');
  it.skipIf(!existsSync(join(evalDir, 'gold.jsonl')))(
    'writes JSON Lines that the eval scorer reads directly (id = file name without extension)',
    async () => {
      const pages = readdirSync(join(evalDir, 'pages')).slice(0, 3);
      const { out, code } = await runExtract([...pages, '--json'], join(evalDir, 'pages'));
      expect(code).toBe(0);
      const rows = out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string });
      expect(rows.map((row) => `${row.id}.html`)).toEqual(pages);
      const dir = mkdtempSync(join(tmpdir(), 'extract-cmd-'));
      writeFileSync(join(dir, 'pred.jsonl'), out);
      const scored = execFileSync(
        process.execPath,
        [
          join(evalDir, 'score.mjs'),
          join(evalDir, 'gold.jsonl'),
          join(dir, 'pred.jsonl'),
          '--json',
        ],
        { encoding: 'utf8' },
      );
      const summary = JSON.parse(scored) as { n: number; missing: number };
      expect(summary.missing).toBe(summary.n - 3);
    },
  );

  it('refuses a --url that is not an absolute http(s) URL', async () => {
    await expect(runExtract(['opengraph-only.html', '--url', 'not a url'])).rejects.toThrow(
      UsageError,
    );
  });
});
