import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../src/core/errors.js';
import { loadSourcesDir } from '../../../../src/stages/critique/parse/load-sources.js';
import { FIXTURE_SOURCES } from '../helpers.js';

describe('loadSourcesDir', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('reads <id>.md files with their frontmatter, body only as text', () => {
    const sources = loadSourcesDir(FIXTURE_SOURCES);
    expect(sources.map((s) => [s.id, s.title])).toEqual([
      ['s1', 'PG&E begins new mass power shutoff over fire danger'],
      ['s2', "South Dakota governor doubles down on 'meth, we're on it' anti-drug campaign"],
    ]);
    expect(sources[0]!.url).toMatch(/^https:\/\/www\.timesunion\.com\//);
    expect(sources[0]!.text.startsWith('\nSAN FRANCISCO (AP)')).toBe(true);
  });

  it('takes the id from the file name when the frontmatter has none, and skips other files', () => {
    dir = mkdtempSync(join(tmpdir(), 'critique-sources-'));
    writeFileSync(join(dir, 's7.md'), 'Plain text, no frontmatter.\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a source');
    expect(loadSourcesDir(dir)).toEqual([
      { id: 's7', url: '', title: '', text: 'Plain text, no frontmatter.\n' },
    ]);
  });

  it('throws a PipelineError naming the folder or the file', () => {
    expect(() => loadSourcesDir('/nonexistent/critique-sources')).toThrow(PipelineError);
    expect(() => loadSourcesDir('/nonexistent/critique-sources')).toThrow(
      '/nonexistent/critique-sources: cannot read the sources folder',
    );
    dir = mkdtempSync(join(tmpdir(), 'critique-sources-'));
    writeFileSync(join(dir, 's1.md'), '---\nid: [unclosed\n---\ntext\n');
    expect(() => loadSourcesDir(dir)).toThrow(
      `${join(dir, 's1.md')}: cannot read or parse the source`,
    );
  });
});
