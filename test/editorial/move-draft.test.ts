import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { DraftMoveError, moveDraft } from '../../src/editorial/move-draft.js';
import { registerPromoteCommand, registerRejectCommand } from '../../src/commands/promote.js';
import { runCommand } from '../helpers/run-command.js';
import type { RegisterCommand } from '../../src/commands/io.js';

const DRAFT = `---
title: City heat
# the editor's comment survives
status: pending
sources:
  - id: s1
    url: https://example.org/a
---

Edited by the editor.[^s1]

[^s1]: [A](https://example.org/a)
`;

function project(
  files: Record<string, string> = { 'content/pending/city-heat.md': DRAFT },
): string {
  const root = mkdtempSync(join(tmpdir(), 'editorial-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('moveDraft', () => {
  it('publishes a pending draft, keeping the body, comments and other fields', () => {
    const root = project();
    const to = moveDraft({
      draft: 'content/pending/city-heat.md',
      root,
      toDir: 'content/posts',
      status: 'published',
      fields: { published: '2026-11-26' },
    });
    expect(to).toBe(join('content', 'posts', 'city-heat.md'));
    expect(existsSync(join(root, 'content/pending/city-heat.md'))).toBe(false);
    const text = readFileSync(join(root, to), 'utf8');
    expect(text).toContain("# the editor's comment survives");
    expect(text).toContain('Edited by the editor.[^s1]');
    const { data } = splitFrontmatter(text);
    expect(data.status).toBe('published');
    expect(data.published).toBe('2026-11-26');
    expect((data.sources as Array<{ url: string }>)[0]!.url).toBe('https://example.org/a');
  });

  it('refuses a path outside content/pending/, a file that is not a draft, and one already promoted', () => {
    const root = project({
      'content/posts/old.md': DRAFT,
      'content/pending/notes.md': 'just notes, no frontmatter\n',
      'content/pending/done.md': DRAFT.replace('status: pending', 'status: published'),
    });
    const move = (draft: string) => () =>
      moveDraft({ draft, root, toDir: 'content/posts', status: 'published', fields: {} });
    expect(move('content/posts/old.md')).toThrow(/not in content\/pending\//);
    expect(move('content/pending/../../outside.md')).toThrow(DraftMoveError);
    expect(move('content/pending/notes.md')).toThrow(/not a draft: no YAML frontmatter/);
    expect(move('content/pending/done.md')).toThrow(/status is "published"/);
    expect(move('content/pending/old.md')).toThrow(/already moved to content\/posts\/old\.md/);
  });

  it('never overwrites an existing file in the target folder', () => {
    const root = project({
      'content/pending/city-heat.md': DRAFT,
      'content/.rejected/city-heat.md': 'older rejection',
    });
    expect(() =>
      moveDraft({
        draft: 'content/pending/city-heat.md',
        root,
        toDir: 'content/.rejected',
        status: 'rejected',
        fields: {},
      }),
    ).toThrow(/already exists/);
    expect(readFileSync(join(root, 'content/.rejected/city-heat.md'), 'utf8')).toBe(
      'older rejection',
    );
    expect(existsSync(join(root, 'content/pending/city-heat.md'))).toBe(true);
  });
});

describe('promote and reject commands', () => {
  const run = (register: RegisterCommand, root: string, args: string[]) =>
    runCommand(register, args, { root });

  it('reject records the reason and the date; a bad file gives exit 2 without stopping the others', async () => {
    const root = project({
      'content/pending/a.md': DRAFT,
      'content/pending/b.md': 'no frontmatter',
    });
    const result = await run(registerRejectCommand, root, [
      'reject',
      'content/pending/a.md',
      'content/pending/b.md',
      '--reason',
      'off topic',
      '--json',
    ]);
    expect(result.code).toBe(2);
    const parsed = JSON.parse(result.out) as { moved: unknown[]; errors: Array<{ file: string }> };
    expect(parsed.moved).toHaveLength(1);
    expect(parsed.errors.map((error) => error.file)).toEqual(['content/pending/b.md']);
    const { data } = splitFrontmatter(readFileSync(join(root, 'content/.rejected/a.md'), 'utf8'));
    expect(data.status).toBe('rejected');
    expect((data.rejected as { reason: string; date: string }).reason).toBe('off topic');
    expect((data.rejected as { date: string }).date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('promote moves to --to', async () => {
    const root = project();
    const result = await run(registerPromoteCommand, root, [
      'promote',
      'content/pending/city-heat.md',
      '--to',
      'content/blog',
    ]);
    expect(result.code).toBe(0);
    expect(existsSync(join(root, 'content/blog/city-heat.md'))).toBe(true);
  });
});
