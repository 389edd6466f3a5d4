import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { CLI, git, pipeline, reviewRepo, runScript } from './helpers.js';

function review(root: string, outcome: string, base: string, head: string) {
  return runScript(root, 'review-drafts.sh', [outcome, base, head, '7']);
}

describe.skipIf(!existsSync(CLI))('scripts/review-drafts.sh (the review workflow)', () => {
  it('merged: promotes the drafts kept (with the edit), rejects the one deleted before merge; a rerun proposes nothing', () => {
    const { root, base } = reviewRepo();
    writeFileSync(
      join(root, 'content/pending/a.md'),
      readFileSync(join(root, 'content/pending/a.md'), 'utf8') + '\nAn editor added this line.\n',
    );
    rmSync(join(root, 'content/pending/c.md'));
    git(root, 'commit', '-qam', 'editor: edit a, drop c');
    const head = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '-q', 'main');
    git(root, 'merge', '-q', '--no-ff', '-m', 'merge review', 'pipeline/review');

    const output = review(root, 'merged', base, head);
    expect(output).toContain('promoted 2, rejected 1');
    expect(readdirSync(join(root, 'content/pending'))).toEqual([]);
    const a = readFileSync(join(root, 'content/posts/a.md'), 'utf8');
    expect(a).toContain('An editor added this line.');
    expect(splitFrontmatter(a).data.status).toBe('published');
    expect(existsSync(join(root, 'content/posts/b.md'))).toBe(true);
    const c = splitFrontmatter(readFileSync(join(root, 'content/.rejected/c.md'), 'utf8')).data;
    expect(c.status).toBe('rejected');
    expect((c.rejected as { reason: string }).reason).toContain('deleted from review PR #7');

    const rerun = pipeline(root);
    expect(rerun.outcome).toBe('nothing-new');
    expect(
      rerun.details.drops.filter((drop) => drop.reason === 'already-used').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('closed without merge: every proposed draft is rejected, the rejections the PR carried are kept', () => {
    const { root, base } = reviewRepo();
    // A rejection the nightly run made on the branch (restore-review.sh) rides in the PR.
    mkdirSync(join(root, 'content/.rejected'), { recursive: true });
    writeFileSync(join(root, 'content/.rejected/older.md'), '---\nstatus: rejected\n---\nOld.\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'Nightly drafts for review');
    const head = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '-q', 'main');
    const output = review(root, 'closed', base, head);
    expect(output).toContain('promoted 0, rejected 3, kept 1 rejection(s) made on the branch');
    expect(readdirSync(join(root, 'content/.rejected')).sort()).toEqual([
      'a.md',
      'b.md',
      'c.md',
      'older.md',
    ]);
    expect(pipeline(root).outcome).toBe('nothing-new');
  });

  it('closed without merge after a promotion a nightly run carried: the promoted draft is rejected too', () => {
    const { root, base } = reviewRepo();
    runScript(root, 'cli.sh', ['promote', 'content/pending/a.md']);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'Promote the drafts of review PR #7');
    // The next night rewrites the branch: one commit on the base with the promotion in it.
    git(root, 'checkout', '-q', '-b', 'rewritten', base);
    git(root, 'checkout', 'pipeline/review', '--', 'content');
    git(root, 'commit', '-qm', 'Nightly drafts for review');
    const head = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '-q', 'main');
    expect(review(root, 'closed', base, head)).toContain('promoted 0, rejected 3');
    expect(readdirSync(join(root, 'content/.rejected')).sort()).toEqual(['a.md', 'b.md', 'c.md']);
    const a = splitFrontmatter(readFileSync(join(root, 'content/.rejected/a.md'), 'utf8')).data;
    expect(a.status).toBe('rejected');
    expect(existsSync(join(root, 'content/posts/a.md'))).toBe(false);
    expect(pipeline(root).outcome).toBe('nothing-new');
  });
  it('closed without merge after a promotion under a dated name (Jekyll): the draft is rejected under its own name', () => {
    const { root, base } = reviewRepo();
    writeFileSync(join(root, '.research-draft.yaml'), "fileName: '{date}-{slug}.md'\n");
    runScript(root, 'cli.sh', ['promote', 'content/pending/a.md']);
    const [dated] = readdirSync(join(root, 'content/posts')).filter((n) => n.endsWith('-a.md'));
    expect(dated).toMatch(/^\d{4}-\d{2}-\d{2}-a\.md$/);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'Promote the drafts of review PR #8');
    const head = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '-q', 'main');
    expect(review(root, 'closed', base, head)).toContain('promoted 0, rejected 3');
    expect(readdirSync(join(root, 'content/.rejected')).sort()).toEqual(['a.md', 'b.md', 'c.md']);
    expect(existsSync(join(root, 'content/posts', dated!))).toBe(false);
    const pending = join(root, 'content/pending');
    expect(existsSync(pending) ? readdirSync(pending) : []).toEqual([]);
  });
});
