import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { CLI, git, pipeline, reviewRepo, runScript } from './helpers.js';

const restore = (root: string, ref: string) => runScript(root, 'restore-review.sh', [ref]);

describe.skipIf(!existsSync(CLI))('scripts/restore-review.sh (before a nightly run)', () => {
  it('restores the drafts under review, rejects those the editor deleted, and the night proposes none of their sources', () => {
    const { root } = reviewRepo();
    rmSync(join(root, 'content/pending/b.md'));
    git(root, 'commit', '-qam', 'editor: drop b');
    git(root, 'checkout', '-q', 'main');
    expect(existsSync(join(root, 'content/pending'))).toBe(false);

    expect(restore(root, 'pipeline/review')).toContain('rejected 1 deleted from it');
    expect(readdirSync(join(root, 'content/pending')).sort()).toEqual(['a.md', 'c.md']);
    const b = splitFrontmatter(readFileSync(join(root, 'content/.rejected/b.md'), 'utf8')).data;
    expect(b.status).toBe('rejected');
    expect((b.rejected as { reason: string }).reason).toContain(
      'deleted from the review pull request',
    );
    // Without the rejection, b's source would be proposed again tonight.
    const night = pipeline(root);
    expect(night.outcome).toBe('nothing-new');
    expect(night.details.drops.filter((d) => d.reason === 'already-used').length).toBe(5);

    // Again (another job of the same night): nothing rejected twice.
    expect(restore(root, 'pipeline/review')).toContain('rejected 0 deleted from it');
    expect(readdirSync(join(root, 'content/.rejected'))).toEqual(['b.md']);
  });

  it('restores the rejections the branch carries, and does nothing without a branch', () => {
    const { root } = reviewRepo();
    rmSync(join(root, 'content/pending/c.md'));
    git(root, 'commit', '-qam', 'editor: drop c');
    git(root, 'checkout', '-q', 'main');
    restore(root, 'pipeline/review');
    // What the next nightly commit holds: the drafts and the rejection.
    git(root, 'checkout', '-q', '-b', 'next-review');
    git(root, 'add', '-A', 'content');
    git(root, 'commit', '-qm', 'Nightly drafts for review');
    git(root, 'checkout', '-q', 'main');
    rmSync(join(root, 'content'), { recursive: true });
    git(root, 'checkout', '-q', '--', '.');
    expect(existsSync(join(root, 'content/.rejected'))).toBe(false);
    expect(restore(root, 'next-review')).toContain('rejected 0 deleted from it');
    expect(readdirSync(join(root, 'content/.rejected'))).toEqual(['c.md']);
    expect(readdirSync(join(root, 'content/pending')).sort()).toEqual(['a.md', 'b.md']);

    expect(restore(root, 'no-such-branch')).toContain('no review branch');
  });

  it('skips drafts already published or rejected here, and keeps the promotions made on the branch', () => {
    const { root } = reviewRepo();
    // On the branch, before the merge: a promoted (as scripts/promote-review.sh does).
    runScript(root, 'cli.sh', ['promote', 'content/pending/a.md']);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'Promote the drafts of review PR #3');
    git(root, 'checkout', '-q', 'main');
    // Main, meanwhile: b was published and c rejected (a merge this run did not see).
    const draft = (name: string) => git(root, 'show', `pipeline/review:content/pending/${name}`);
    mkdirSync(join(root, 'content/.rejected'), { recursive: true });
    writeFileSync(
      join(root, 'content/posts/b.md'),
      draft('b.md').replace('status: pending', 'status: published'),
    );
    writeFileSync(
      join(root, 'content/.rejected/c.md'),
      draft('c.md').replace('status: pending', 'status: rejected'),
    );

    const output = restore(root, 'pipeline/review');
    expect(output).toContain(
      'skipped (already published or rejected here): content/pending/b.md content/pending/c.md',
    );
    expect(output).toContain('rejected 0 deleted from it');
    for (const name of ['a.md', 'b.md', 'c.md'])
      expect(existsSync(join(root, 'content/pending', name)), name).toBe(false);
    // The promotion on the branch is kept for the next nightly commit, not rejected.
    expect(
      splitFrontmatter(readFileSync(join(root, 'content/posts/a.md'), 'utf8')).data.status,
    ).toBe('published');
    expect(readdirSync(join(root, 'content/.rejected'))).toEqual(['c.md']);
  });
  it('knows a draft published under the name the site gives it: dated (Jekyll) or a page bundle (Hugo)', () => {
    const { root } = reviewRepo();
    // On the branch, before the merge: a promoted as a Jekyll site names it.
    mkdirSync(join(root, 'content/posts'), { recursive: true });
    git(root, 'mv', 'content/pending/a.md', 'content/posts/2026-11-30-a.md');
    git(root, 'commit', '-qm', 'Promote the drafts of review PR #3');
    git(root, 'checkout', '-q', 'main');
    // Main, meanwhile: b published as a page bundle; a post whose slug only starts like c's.
    const draft = (name: string) => git(root, 'show', `pipeline/review:content/pending/${name}`);
    mkdirSync(join(root, 'content/posts/b'), { recursive: true });
    writeFileSync(join(root, 'content/posts/b/index.md'), draft('b.md'));
    writeFileSync(join(root, 'content/posts/2026-11-29-c-and-more.md'), draft('c.md'));

    const output = restore(root, 'pipeline/review');
    expect(output).toContain('skipped (already published or rejected here): content/pending/b.md');
    // a, promoted on the branch, is neither proposed again nor rejected as deleted from it.
    expect(output).toContain('rejected 0 deleted from it');
    expect(existsSync(join(root, 'content/.rejected'))).toBe(false);
    expect(existsSync(join(root, 'content/posts/2026-11-30-a.md'))).toBe(true);
    expect(readdirSync(join(root, 'content/pending'))).toEqual(['c.md']);
  });
});
