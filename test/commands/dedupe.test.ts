import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { registerDedupeCommand } from '../../src/commands/dedupe.js';
import { runCommand, type CommandRun } from '../helpers/run-command.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/corpus', import.meta.url));
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dedupe-cli-'));
  cpSync(FIXTURES, join(root, 'content'), { recursive: true });
  rmSync(join(root, 'content', 'README.md'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<CommandRun> {
  return runCommand(registerDedupeCommand, ['dedupe', ...args], { root });
}

function candidates(lines: object[]): string {
  const file = join(root, 'candidates.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
}

const ux = readFileSync(join(FIXTURES, 'posts/news/ux-summit-2023.md'), 'utf8').replace(
  /^---[\s\S]*?\n---\n/,
  '',
);
const fresh = Array.from(
  { length: 40 },
  (_, i) => `Otters in pool ${i} learn to crack mussels with stones.`,
).join(' ');

describe('dedupe command', () => {
  it('prints one JSON document: corpus copies, copies of earlier candidates, new texts', async () => {
    const file = candidates([
      { id: 'c1', text: `Skip to main content\n\n${ux}\n\nShare this post.` },
      { id: 'c2', text: fresh },
      { id: 'c3', text: `${fresh} And that is the end.` },
    ]);
    const { out, code } = await run(['--corpus', 'content', '--candidates', file, '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as {
      results: Array<{ id: string; duplicate: boolean; of: string | null; similarity: number }>;
    };
    expect(doc.results.map(({ id, duplicate, of }) => ({ id, duplicate, of }))).toEqual([
      { id: 'c1', duplicate: true, of: 'posts/news/ux-summit-2023.md' },
      { id: 'c2', duplicate: false, of: null },
      { id: 'c3', duplicate: true, of: 'c2' },
    ]);
    expect(doc.results[0]!.similarity).toBeGreaterThan(0.8);
    expect(doc.results[1]!.similarity).toBeLessThan(0.42);
    expect(existsSync(join(root, '.pipeline/cache/corpus-index/manifest.json'))).toBe(true);
  });

  it('keeps the index of another corpus apart, leaving the one of content/ as it is', async () => {
    const file = candidates([{ id: 'c1', text: ux }]);
    await run(['--corpus', 'content', '--candidates', file, '--json']);
    const manifest = join(root, '.pipeline/cache/corpus-index/manifest.json');
    const before = readFileSync(manifest, 'utf8');
    cpSync(join(root, 'content'), join(root, 'other'), { recursive: true });
    rmSync(join(root, 'other/posts/news/ux-summit-2023.md'));
    const { out } = await run(['--corpus', 'other', '--candidates', file, '--json']);
    const [result] = (JSON.parse(out) as { results: Array<{ duplicate: boolean }> }).results;
    expect(result!.duplicate).toBe(false);
    expect(readFileSync(manifest, 'utf8')).toBe(before);
    const own = readdirSync(join(root, '.pipeline/cache/dedupe'));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/^other-[0-9a-f]{12}$/);
    // Each index still answers for its own folder.
    const again = await run(['--corpus', 'content', '--candidates', file, '--json']);
    expect(again.out).toContain('"duplicate":true');
  });

  it('keeps no index with --no-cache and prints a table without --json', async () => {
    const file = candidates([{ id: 'only', text: fresh }]);
    const { out } = await run(['--corpus', 'content', '--candidates', file, '--no-cache']);
    expect(out).toMatch(/^1 candidate\(s\) against 5 post\(s\): 0 duplicate\(s\)/);
    expect(out).toMatch(/only\s+new/);
    expect(existsSync(join(root, '.pipeline'))).toBe(false);
  });

  it('refuses a missing corpus and a bad candidates line with usage errors', async () => {
    const file = candidates([{ id: 'x', text: 'a' }]);
    await expect(run(['--corpus', 'nowhere', '--candidates', file])).rejects.toThrow(UsageError);
    writeFileSync(file, '{"id":"a","text":"t"}\n{"id":1}\n');
    await expect(run(['--corpus', 'content', '--candidates', file])).rejects.toThrow(
      /candidates\.jsonl:2: needs a string "id" and a string "text"/,
    );
  });
});
