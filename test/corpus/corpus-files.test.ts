import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../src/core/logger.js';
import { isPostFileName, listCorpusFiles } from '../../src/corpus/corpus-files.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { fingerprintOf } from '../../src/corpus/signature/fingerprint.js';
import { similarityOf } from '../../src/corpus/signature/similarity.js';
import { startListing } from '../../src/corpus/workers/parallel-listing.js';

// A real post's worth of words, so that a copy is a duplicate and another text is not.
const ARTICLE =
  'Kellerton planted four thousand street trees along the river district last spring, and the ' +
  'city heat office measured afternoon pavement temperatures on every block that got new shade. ' +
  'Blocks with mature canopy stayed cooler through the July heat wave than the treeless blocks ' +
  'around the rail yard, and the council now plans a second round of planting for the east side.';

let project: string;
let content: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'corpus-files-'));
  content = join(project, 'content');
  mkdirSync(content);
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('the corpus listing', () => {
  it('reads .md, .markdown and .mdx posts and skips Hugo list pages', () => {
    write(join(content, 'posts', 'a.md'), 'a');
    write(join(content, '_posts', '2024-01-02-b.markdown'), 'b');
    write(join(content, 'blog', 'c.mdx'), 'c');
    write(join(content, 'posts', 'bundle', 'index.md'), 'd');
    write(join(content, 'posts', '_index.md'), 'section intro');
    write(join(content, 'posts', 'notes.txt'), 'not a post');
    write(join(content, 'posts', 'image.md.png'), 'not a post');
    expect(listCorpusFiles(content).map((file) => file.path)).toEqual([
      '_posts/2024-01-02-b.markdown',
      'blog/c.mdx',
      'posts/a.md',
      'posts/bundle/index.md',
    ]);
    expect(isPostFileName('_index.markdown')).toBe(false);
    expect(isPostFileName('index.md')).toBe(true);
    expect(isPostFileName('.md')).toBe(false);
  });

  it('follows a linked folder inside the project, under the link path, on one thread and on workers', async () => {
    write(join(project, 'site', 'posts', 'linked.md'), 'linked');
    write(join(project, 'site', 'posts', 'deeper', 'more.markdown'), 'more');
    symlinkSync(join(project, 'site', 'posts'), join(content, 'posts'));
    const expected = ['posts/deeper/more.markdown', 'posts/linked.md'];
    expect(listCorpusFiles(content).map((file) => file.path)).toEqual(expected);
    const listing = startListing(content, 1);
    expect((await listing.finish()).map((file) => file.path)).toEqual(expected);
  });

  it('never follows a link outside the project, to a folder or to a file', () => {
    const outside = mkdtempSync(join(tmpdir(), 'corpus-outside-'));
    try {
      write(join(outside, 'secret.md'), 'outside the project');
      write(join(content, 'posts', 'own.md'), 'own');
      symlinkSync(outside, join(content, 'elsewhere'));
      symlinkSync(join(outside, 'secret.md'), join(content, 'posts', 'secret.md'));
      symlinkSync(join(project, 'missing'), join(content, 'posts', 'dangling.md'));
      expect(listCorpusFiles(content).map((file) => file.path)).toEqual(['posts/own.md']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('ends on link cycles and does not list the content folder twice', () => {
    write(join(project, 'site', 'x', 'x.md'), 'x');
    write(join(project, 'site', 'y', 'y.md'), 'y');
    symlinkSync(join(project, 'site', 'y'), join(project, 'site', 'x', 'to-y'));
    symlinkSync(join(project, 'site', 'x'), join(project, 'site', 'y', 'to-x'));
    symlinkSync(join(project, 'site', 'x'), join(content, 'x'));
    symlinkSync(content, join(project, 'site', 'x', 'back-to-content'));
    write(join(content, 'real', 'r.md'), 'r');
    symlinkSync(join(content, 'real'), join(content, 'real-again'));
    expect(listCorpusFiles(content).map((file) => file.path)).toEqual([
      'real/r.md',
      'x/to-y/y.md',
      'x/x.md',
    ]);
  });
});

describe('posts in other generators’ formats count as corpus', () => {
  it('a Hugo page bundle with TOML frontmatter, a Jekyll .markdown post and an .mdx copy have similarity 1 to the text they copy', async () => {
    const files = {
      'posts/shade/index.md': `+++\ntitle = "Shade"\ndate = 2026-07-09\ntags = ["heat", "trees"]\n+++\n\n${ARTICLE}\n`,
      '_posts/2026-07-10-shade-again.markdown': `---\nlayout: post\ntitle: Shade again\n---\n${ARTICLE}\n`,
      'blog/shade.mdx': `---\ntitle: Shade\n---\nimport Chart from '../components/Chart.astro';\nexport const year = 2026;\n\n<Chart data={[1, 2]} />\n\n${ARTICLE}\n`,
    };
    const article = fingerprintOf(ARTICLE).shingles;
    for (const [path, text] of Object.entries(files)) {
      write(join(content, path), text);
      expect(similarityOf(fingerprintOf(text).shingles, article).jaccard, path).toBe(1);
    }
    const index = await loadCorpus(content, {
      cacheDir: join(project, '.pipeline', 'cache'),
      logger: SILENT_LOGGER,
    });
    expect(index.size).toBe(3);
    expect(index.closest(ARTICLE)?.similarity).toBe(1);
    expect(Object.keys(files)).toContain(index.closest(ARTICLE)?.id);
  });
});
