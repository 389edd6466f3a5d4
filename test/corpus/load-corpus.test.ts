import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  symlinkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { decodeEntries, encodeEntries } from '../../src/corpus/store/entry-table.js';
import { DEFAULT_FINGERPRINT, fingerprintOf } from '../../src/corpus/signature/fingerprint.js';
import type { CitedSource } from '../../src/corpus/read-post.js';
import { STORE_LIMITS } from '../../src/corpus/store/index-store.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { fingerprintOnWorkers } from '../../src/corpus/workers/worker-pool.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/corpus', import.meta.url));
let root: string;
let content: string;
let cache: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dedupe-load-'));
  content = join(root, 'content');
  cache = join(root, 'cache');
  cpSync(FIXTURES, content, { recursive: true });
  rmSync(join(content, 'README.md'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Four long posts that stay: later changes are a minority of the stored words (no compaction). */
function addLongPosts(): void {
  const long = readFileSync(join(content, 'posts/news/data-briefing-2016.md'), 'utf8');
  for (let k = 1; k <= 4; k++)
    writeFileSync(join(content, `posts/long-${k}.md`), `${long}\n${k}\n`);
}

describe('loadCorpus', () => {
  it('indexes every .md file, dot folders included, and maps cited sources to drafts', async () => {
    const index = await loadCorpus(content, { cacheDir: cache });
    expect(index.size).toBe(5);
    expect(index.usedUrls.get('https://example.org/cited-by-pending')).toBe(
      'pending/draft-cites.md',
    );
    expect(index.usedUrls.get('https://example.org/cited-by-rejected')).toBe(
      '.rejected/rejected-draft.md',
    );
    expect(index.usedHashes.get('aaaa1111')).toBe('pending/draft-cites.md');
    expect(index.usedHashes.get('bbbb2222')).toBe('.rejected/rejected-draft.md');
    const post = readFileSync(join(content, 'posts/news/ux-summit-2023.md'), 'utf8');
    expect(index.nearest(post)).toMatchObject({
      id: 'posts/news/ux-summit-2023.md',
      similarity: 1,
    });
  });

  it('re-reads only new and changed files and forgets deleted ones', async () => {
    const first = await loadCorpus(content, { cacheDir: cache });
    expect(first.stats).toMatchObject({ files: 5, read: 5, reused: 0 });
    const warm = await loadCorpus(content, { cacheDir: cache });
    expect(warm.stats).toMatchObject({ files: 5, read: 0, reused: 5, removed: 0 });

    const changed = join(content, 'posts/news/data-briefing-2016.md');
    const replacement = readFileSync(join(content, 'posts/news/ux-summit-2023.md'), 'utf8');
    writeFileSync(changed, replacement);
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    writeFileSync(
      join(content, 'pending/new.md'),
      '# New\n\nA brand new pending post about nothing in particular at all.\n',
    );
    unlinkSync(join(content, '.rejected/rejected-draft.md'));
    const third = await loadCorpus(content, { cacheDir: cache });
    expect(third.stats).toMatchObject({ files: 5, read: 2, reused: 3, removed: 1 });
    expect(third.usedUrls.has('https://example.org/cited-by-rejected')).toBe(false);
    // The changed file now holds the other post's text: both match it exactly.
    const ids = third
      .matchesOf(fingerprintOf(replacement))
      .filter((m) => m.score >= 1)
      .map((m) => m.id);
    expect(ids).toEqual(['posts/news/data-briefing-2016.md', 'posts/news/ux-summit-2023.md']);

    // Touched but unchanged: read, hash compared, nothing re-fingerprinted.
    utimesSync(changed, new Date(), new Date(Date.now() + 10000));
    const fourth = await loadCorpus(content, { cacheDir: cache });
    expect(fourth.stats).toMatchObject({ read: 0, touched: 1 });
  });

  it('ignores a truncated or corrupt index and rebuilds it', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const segment = readdirSync(dir).find((name) => name.startsWith('seg-'))!;
    truncateSync(join(dir, segment), 100);
    const lines: string[] = [];
    const rebuilt = await loadCorpus(content, {
      cacheDir: cache,
      logger: createLogger('warn', (l) => lines.push(l)),
    });
    expect(rebuilt.stats).toMatchObject({ read: 5, reused: 0 });
    expect(lines.join('\n')).toMatch(/ignored, rebuilding it: seg-.* has 100 bytes/);
    expect((await loadCorpus(content, { cacheDir: cache })).stats.reused).toBe(5);

    writeFileSync(join(dir, 'manifest.json'), '{"version":1,"entr');
    const again = await loadCorpus(content, { cacheDir: cache });
    expect(again.stats).toMatchObject({ read: 5, reused: 0 });
  });

  it('never reuses a segment overwritten with random bytes of the same length: re-reads and rebuilds it', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const segment = readdirSync(dir).find((name) => name.startsWith('seg-'))!;
    const length = readFileSync(join(dir, segment)).byteLength;
    writeFileSync(join(dir, segment), randomBytes(length));
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    const warm = await loadCorpus(content, { cacheDir: cache, logger });
    // The corruption kept the length: the load reuses the entries, their data is checked on use.
    expect(warm.stats).toMatchObject({ reused: 5, read: 0 });
    const post = readFileSync(join(content, 'posts/news/ux-summit-2023.md'), 'utf8');
    expect(warm.nearest(post)).toMatchObject({ id: 'posts/news/ux-summit-2023.md', similarity: 1 });
    expect(lines.join('\n')).toMatch(
      new RegExp(`${segment}: the shingles of posts/news/ux-summit-2023.md fails its checksum`),
    );
    // The next load trusts no entry of that segment: all five are read again and stored anew.
    const next = await loadCorpus(content, { cacheDir: cache, logger });
    expect(next.stats).toMatchObject({ reused: 0, read: 5 });
    expect(lines.join('\n')).toMatch(/5 entries of seg-.*\(failed a checksum\) read again/);
    // Stored anew (a change table over the base, whose entries of that segment it replaces).
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).not.toContain('rebuild');
    const count = lines.length;
    const clean = await loadCorpus(content, { cacheDir: cache, logger });
    expect(clean.stats).toMatchObject({ reused: 5, read: 0 });
    expect(clean.nearest(post)?.id).toBe('posts/news/ux-summit-2023.md');
    expect(lines).toHaveLength(count);
  });

  it('rewrites a segment that fails a checksum in the same run when the LSH table is rebuilt', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const segment = readdirSync(dir).find((name) => name.startsWith('seg-'))!;
    const lsh = readdirSync(dir).find((name) => name.startsWith('lsh-'))!;
    writeFileSync(join(dir, segment), randomBytes(readFileSync(join(dir, segment)).byteLength));
    truncateSync(join(dir, lsh), 64);
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    const rebuilt = await loadCorpus(content, { cacheDir: cache, logger });
    // The table is rebuilt from the signatures: each fails its checksum and is read again.
    expect(lines.filter((l) => l.includes('fails its checksum'))).toHaveLength(5);
    const post = readFileSync(join(content, 'posts/shortcodes.md'), 'utf8');
    expect(rebuilt.nearest(post)?.id).toBe('posts/shortcodes.md');
    expect(readdirSync(dir)).not.toContain(segment);
    const count = lines.length;
    const warm = await loadCorpus(content, { cacheDir: cache, logger });
    expect(warm.stats).toMatchObject({ reused: 5, read: 0 });
    expect(warm.nearest(post)?.id).toBe('posts/shortcodes.md');
    expect(lines).toHaveLength(count);
  });

  it('stores the LSH table with the index and rebuilds only the table when it is truncated', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const lsh = readdirSync(dir).find((name) => name.startsWith('lsh-'))!;
    expect(lsh).toBeDefined();
    const warm = await loadCorpus(content, { cacheDir: cache });
    expect(warm.stats.reused).toBe(5);
    const post = readFileSync(join(content, 'posts/shortcodes.md'), 'utf8');
    expect(warm.nearest(post)?.id).toBe('posts/shortcodes.md');
    truncateSync(join(dir, lsh), 64);
    const lines: string[] = [];
    const rebuilt = await loadCorpus(content, {
      cacheDir: cache,
      logger: createLogger('warn', (l) => lines.push(l)),
    });
    expect(lines.join('\n')).toMatch(
      /stored LSH table ignored, rebuilding it: lsh-.*\.bin has 64 bytes/,
    );
    // The records and their signatures were fine: nothing is re-read, the table is rewritten.
    expect(rebuilt.stats).toMatchObject({ read: 0, reused: 5 });
    expect(rebuilt.nearest(post)?.id).toBe('posts/shortcodes.md');
    const rewritten = readdirSync(dir).filter((name) => name.startsWith('lsh-'));
    expect(rewritten).toHaveLength(1);
    expect(rewritten[0]).not.toBe(lsh);
    const after = await loadCorpus(content, {
      cacheDir: cache,
      logger: createLogger('warn', (l) => lines.push(l)),
    });
    expect(after.nearest(post)?.id).toBe('posts/shortcodes.md');
    expect(lines).toHaveLength(1);
  });

  it('keeps the stored LSH table on a small update and finds changed posts through the second table', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const lshBefore = readdirSync(dir).filter((name) => name.startsWith('lsh-'));
    expect(lshBefore).toHaveLength(1);
    const changed = join(content, 'posts/news/data-briefing-2016.md');
    const replacement = readFileSync(join(content, 'posts/shortcodes.md'), 'utf8');
    writeFileSync(changed, replacement);
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    const updated = await loadCorpus(content, { cacheDir: cache });
    expect(updated.stats).toMatchObject({ read: 1, reused: 4 });
    // Not rewritten: the changed post lives outside it, its old slot is dead.
    expect(readdirSync(dir).filter((name) => name.startsWith('lsh-'))).toEqual(lshBefore);
    const idsOf = (index: typeof updated) =>
      index
        .matchesOf(fingerprintOf(replacement))
        .filter((m) => m.score >= 1)
        .map((m) => m.id);
    expect(idsOf(updated)).toEqual(['posts/news/data-briefing-2016.md', 'posts/shortcodes.md']);
    // The next warm load reads the changed post's signature from its segment, same answer.
    const warm = await loadCorpus(content, { cacheDir: cache });
    expect(warm.stats).toMatchObject({ read: 0, reused: 5 });
    expect(idsOf(warm)).toEqual(['posts/news/data-briefing-2016.md', 'posts/shortcodes.md']);
    const old = readFileSync(join(content, 'posts/news/ux-summit-2023.md'), 'utf8');
    expect(warm.nearest(old)?.id).toBe('posts/news/ux-summit-2023.md');
  });

  it('never takes the index of another folder for this one, and keeps it when the project moves', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const other = join(root, 'other');
    cpSync(content, other, { recursive: true, preserveTimestamps: true });
    writeFileSync(join(other, 'posts/shortcodes.md'), 'Another text, the same path.\n');
    const lines: string[] = [];
    const index = await loadCorpus(other, {
      cacheDir: cache,
      logger: createLogger('warn', (l) => lines.push(l)),
    });
    expect(lines.join('\n')).toMatch(
      /ignored, rebuilding it: it is of the folder \.\.\/\.\.\/content, not \.\.\/\.\.\/other/,
    );
    expect(index.stats).toMatchObject({ read: 5, reused: 0 });
    // The whole project moved (corpus and cache together): the index still serves.
    const moved = mkdtempSync(join(tmpdir(), 'dedupe-moved-'));
    cpSync(root, moved, { recursive: true, preserveTimestamps: true });
    const there = await loadCorpus(join(moved, 'other'), { cacheDir: join(moved, 'cache') });
    // Nothing re-read (a copy may round a modification time: such a file is only touched).
    expect(there.stats).toMatchObject({ files: 5, read: 0, removed: 0 });
    expect(there.stats.reused + there.stats.touched).toBe(5);
    rmSync(moved, { recursive: true, force: true });
  });

  it('ignores a stored table whose entries are out of path order, and rebuilds it', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      entries: { file: string; count: number; sources: Record<string, CitedSource[]> };
    };
    const { file, count, sources } = manifest.entries;
    const entries = decodeEntries(readFileSync(join(dir, file)), count, sources);
    writeFileSync(join(dir, file), encodeEntries([...entries].reverse()).bytes);
    const lines: string[] = [];
    const rebuilt = await loadCorpus(content, {
      cacheDir: cache,
      logger: createLogger('warn', (l) => lines.push(l)),
    });
    expect(lines.join('\n')).toMatch(
      /stored index .* ignored, rebuilding it: entry .* out of path order/,
    );
    expect(rebuilt.stats).toMatchObject({ read: 5, reused: 0 });
    expect((await loadCorpus(content, { cacheDir: cache })).stats).toMatchObject({ reused: 5 });
  });

  it('writes a small update as a change table beside the base entries, and applies it on load', async () => {
    addLongPosts();
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const manifestOf = () =>
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        entries: { file: string; count: number };
        changes?: { file: string; count: number; removed: string[] };
      };
    const base = manifestOf().entries;
    expect(manifestOf().changes).toBeUndefined();
    const shortcodes = readFileSync(join(content, 'posts/shortcodes.md'), 'utf8');
    const summit = readFileSync(join(content, 'posts/news/ux-summit-2023.md'), 'utf8');
    // One changed, one removed, one new.
    const changed = join(content, 'posts/news/data-briefing-2016.md');
    writeFileSync(changed, shortcodes);
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(content, 'posts/news/ux-summit-2023.md'));
    writeFileSync(join(content, 'posts/a-new-post.md'), summit);
    const updated = await loadCorpus(content, { cacheDir: cache });
    expect(updated.stats).toMatchObject({ read: 2, reused: 7, removed: 1 });
    expect(manifestOf().entries).toEqual(base);
    expect(manifestOf().changes).toMatchObject({
      count: 2,
      removed: ['posts/news/ux-summit-2023.md'],
    });
    const files = readdirSync(dir);
    expect(files.filter((name) => name.startsWith('changes-'))).toEqual([
      manifestOf().changes!.file,
    ]);
    expect(files).toContain(base.file);

    const warm = await loadCorpus(content, { cacheDir: cache });
    expect(warm.stats).toMatchObject({ files: 9, read: 0, reused: 9, removed: 0 });
    expect(warm.nearest(summit)?.id).toBe('posts/a-new-post.md');
    expect(
      warm
        .matchesOf(fingerprintOf(shortcodes))
        .filter((m) => m.score >= 1)
        .map((m) => m.id),
    ).toEqual(['posts/news/data-briefing-2016.md', 'posts/shortcodes.md']);

    // The removed post comes back, and the new one goes: both through the change table.
    writeFileSync(join(content, 'posts/news/ux-summit-2023.md'), summit);
    unlinkSync(join(content, 'posts/a-new-post.md'));
    const again = await loadCorpus(content, { cacheDir: cache });
    expect(again.stats).toMatchObject({ read: 1, removed: 1 });
    expect(manifestOf().entries).toEqual(base);
    expect(manifestOf().changes).toMatchObject({ count: 2, removed: [] });
    const last = await loadCorpus(content, { cacheDir: cache });
    expect(last.stats).toMatchObject({ files: 9, reused: 9 });
    expect(last.nearest(summit)?.id).toBe('posts/news/ux-summit-2023.md');
    expect(readdirSync(dir).filter((name) => name.startsWith('changes-'))).toHaveLength(1);
  });

  it('rewrites the whole entry table once the changes pass their limit', async () => {
    addLongPosts();
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const base = readdirSync(dir).find((name) => name.startsWith('entries-'))!;
    const touchTwo = (n: number) => {
      for (const name of ['posts/shortcodes.md', 'pending/draft-cites.md']) {
        const file = join(content, name);
        writeFileSync(file, `${readFileSync(file, 'utf8')}\n\nOne more paragraph, ${n}.\n`);
      }
    };
    const prefixed = (prefix: string) => readdirSync(dir).filter((n) => n.startsWith(prefix));
    touchTwo(1);
    expect((await loadCorpus(content, { cacheDir: cache })).stats).toMatchObject({ read: 2 });
    expect(prefixed('changes-')).toHaveLength(1);
    expect(prefixed('entries-')).toEqual([base]);
    const limits = { ...STORE_LIMITS };
    STORE_LIMITS.changes = 1;
    STORE_LIMITS.changesShare = 0;
    try {
      touchTwo(2);
      const updated = await loadCorpus(content, { cacheDir: cache });
      expect(updated.stats).toMatchObject({ read: 2, reused: 7 });
    } finally {
      Object.assign(STORE_LIMITS, limits);
    }
    expect(prefixed('changes-')).toEqual([]);
    expect(prefixed('entries-')).toHaveLength(1);
    expect(prefixed('entries-')).not.toContain(base);
    const warm = await loadCorpus(content, { cacheDir: cache });
    expect(warm.stats).toMatchObject({ files: 9, reused: 9 });
    expect(warm.nearest(readFileSync(join(content, 'posts/shortcodes.md'), 'utf8'))?.id).toBe(
      'posts/shortcodes.md',
    );
  });

  it('compacts the segments into one past their limit', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    const segments = () => readdirSync(dir).filter((name) => name.startsWith('seg-'));
    const limits = { ...STORE_LIMITS };
    STORE_LIMITS.segments = 3;
    try {
      // Each update changes another post, whose new version gets a segment of its own: the
      // third save finds 3 live segments and compacts them into one.
      const posts = [
        'posts/shortcodes.md',
        'pending/draft-cites.md',
        '.rejected/rejected-draft.md',
      ];
      const counts: number[] = [];
      for (const name of posts) {
        const file = join(content, name);
        writeFileSync(file, `${readFileSync(file, 'utf8')}\n\nOne more.\n`);
        await loadCorpus(content, { cacheDir: cache });
        counts.push(segments().length);
      }
      expect(counts).toEqual([2, 3, 1]);
    } finally {
      Object.assign(STORE_LIMITS, limits);
    }
    const warm = await loadCorpus(content, { cacheDir: cache });
    expect(warm.stats).toMatchObject({ files: 5, reused: 5 });
    const post = readFileSync(join(content, 'posts/news/ux-summit-2023.md'), 'utf8');
    expect(warm.nearest(post)?.id).toBe('posts/news/ux-summit-2023.md');
  });

  it('keeps the previous index usable when a save is interrupted before the manifest', async () => {
    await loadCorpus(content, { cacheDir: cache });
    const dir = join(cache, 'corpus-index');
    // What a crash between the two writes leaves: a half-written temp file and an orphan segment.
    writeFileSync(join(dir, '.manifest.json.1234.abcd.tmp'), '{"version":1,"seg');
    writeFileSync(join(dir, 'seg-orphan.bin'), Buffer.alloc(12));
    writeFileSync(join(dir, 'entries-orphan.bin'), Buffer.alloc(12));
    writeFileSync(join(dir, 'changes-orphan.bin'), Buffer.alloc(12));
    const next = await loadCorpus(content, { cacheDir: cache });
    expect(next.stats).toMatchObject({ reused: 5, read: 0 });
    // The next save clears what no manifest refers to.
    const file = join(content, 'posts/shortcodes.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n\nOne more.\n`);
    expect((await loadCorpus(content, { cacheDir: cache })).stats).toMatchObject({ read: 1 });
    expect(
      readdirSync(dir).filter((name) => name.includes('orphan') || name.endsWith('.tmp')),
    ).toEqual([]);
  });
});

describe('fingerprintOnWorkers', () => {
  it('runs the TypeScript worker under vitest and matches the in-thread result', async () => {
    const files = ['posts/news/ux-summit-2023.md', 'posts/shortcodes.md'].map((path) => ({
      path,
      absolutePath: join(content, path),
    }));
    const result = await fingerprintOnWorkers(files, DEFAULT_FINGERPRINT, 2);
    expect(result.errors).toEqual([]);
    expect(result.records.map((r) => r.path).sort()).toEqual(files.map((f) => f.path));
    const here = await loadCorpus(content, { workers: 1 });
    const record = result.records.find((r) => r.path === 'posts/shortcodes.md')!;
    expect(
      here.matchesOf({ shingles: record.shingles, signature: record.signature })[0],
    ).toMatchObject({ id: 'posts/shortcodes.md', similarity: 1 });
  });
});

describe('fingerprintOnWorkers from compiled JavaScript', () => {
  it('starts corpus-worker.js beside the compiled pool, without tsx', { timeout: 180_000 }, () => {
    const out = join(root, 'dist');
    const project = fileURLToPath(new URL('../../', import.meta.url));
    const tsc = spawnSync(
      process.execPath,
      [
        join(project, 'node_modules/typescript/bin/tsc'),
        '--outDir',
        out,
        '--rootDir',
        join(project, 'src'),
        '--module',
        'NodeNext',
        '--moduleResolution',
        'NodeNext',
        '--target',
        'ES2022',
        '--skipLibCheck',
        '--types',
        'node',
        join(project, 'src/corpus/workers/worker-pool.ts'),
        join(project, 'src/corpus/workers/corpus-worker.ts'),
      ],
      { encoding: 'utf8', cwd: project },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    const script = join(out, 'run.mjs');
    writeFileSync(
      script,
      `import { fingerprintOnWorkers } from './corpus/workers/worker-pool.js';
const r = await fingerprintOnWorkers([{ path: 'a.md', absolutePath: ${JSON.stringify(join(content, 'posts/shortcodes.md'))} }], { shingleWords: 3, bins: 128, reader: 'fast' }, 2);
console.log(JSON.stringify({ paths: r.records.map((x) => x.path), shingles: r.records[0].shingles.length, errors: r.errors }));`,
    );
    // node_modules are found from the project: link them beside the compiled files.
    symlinkSync(join(project, 'node_modules'), join(root, 'node_modules'));
    const run = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as {
      paths: string[];
      shingles: number;
      errors: unknown[];
    };
    expect(result).toMatchObject({ paths: ['a.md'], errors: [] });
    expect(result.shingles).toBeGreaterThan(30);
  });
});
