import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PipelineError } from '../../../src/core/errors.js';
import { listCorpusFiles, listingPlanOf } from '../../../src/corpus/corpus-files.js';
import { startListing } from '../../../src/corpus/workers/parallel-listing.js';
import { withoutLoaders } from '../../../src/corpus/workers/worker-pool.js';

let root: string;
let content: string;
const written: string[] = [];

function write(path: string, text = `# ${path}\n`): void {
  const file = join(content, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  written.push(path);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dedupe-list-'));
  content = join(root, 'content');
  written.length = 0;
  write('index.md');
  // Names around '/' in code-point order ('-' and '.' sort before it) and folders of every depth.
  for (const year of ['2023', '2023-archive', '2024', '2024.old', 'a', 'b'])
    for (const month of ['01', '02', '11'])
      for (const day of ['x', 'y']) write(`posts/${year}/${month}/${day}/post-${day}.md`);
  write('posts/2023.md');
  write('.rejected/old.md', 'rejected\n');
  write('pending/deep/er/still/draft.md');
  // Not content: other extensions, tool folders.
  writeFileSync(join(content, 'posts', 'notes.txt'), 'not markdown');
  mkdirSync(join(content, '.git', 'x'), { recursive: true });
  writeFileSync(join(content, '.git', 'x', 'ignored.md'), '# no');
  symlinkSync(join(content, 'index.md'), join(content, 'posts', 'link.md'));
  written.push('posts/link.md');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('withoutLoaders', () => {
  it('drops module loaders from the options a compiled worker inherits, keeps the rest', () => {
    expect(
      withoutLoaders([
        '--import',
        'tsx',
        '--max-old-space-size=4096',
        '--loader=ts-node/esm',
        '-r',
        'x.cjs',
        '--experimental-loader',
        'y.mjs',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-old-space-size=4096', '--enable-source-maps']);
  });
});

describe('startListing', () => {
  it('lists on a worker and this thread what the one-thread listing lists, sorted by path', async () => {
    const plan = listingPlanOf(content);
    expect(plan.units.length).toBeGreaterThan(2);
    const expected = [...written].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const one = listCorpusFiles(content);
    expect(one.map((f) => f.path)).toEqual(expected);
    // Given time, the worker takes every folder: what it sends back is what this thread lists.
    const listing = startListing(content, 1);
    await vi.waitFor(() => expect(listing.unitsFromWorkers).toBe(plan.units.length), {
      timeout: 15_000,
      interval: 20,
    });
    const parallel = await listing.finish();
    expect(parallel).toEqual(one);
    // Shared as they go: this thread alone (no worker) gives the same.
    expect(await startListing(content, 0).finish()).toEqual(one);
    expect(parallel.find((f) => f.path === '.rejected/old.md')).toMatchObject({
      absolutePath: join(content, '.rejected', 'old.md'),
      size: 9,
    });
  });

  it('lists a missing content folder as empty', async () => {
    expect(await startListing(join(root, 'nothing'), 1).finish()).toEqual([]);
  });

  it('names the folder that cannot be listed', async () => {
    const listing = startListing(content, 0);
    rmSync(join(content, 'posts', '2024'), { recursive: true });
    const error = await listing.finish().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'CORPUS_LIST', stage: 'corpus' });
    expect((error as Error).message).toMatch(/corpus: listing .*posts\/2024\S* failed: ENOENT/);
  });
});
