import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/frontmatter.js';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const SCRIPT = join(REPO_ROOT, 'scripts', 'review-drafts.sh');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

function pipeline(cwd: string, topic = 'example') {
  const { ANTHROPIC_API_KEY: _key, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, 'run', topic, '--json', '-q'], {
    cwd,
    env,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    outcome: string;
    details: { drops: Array<{ reason: string }> };
  };
}

/** A review branch whose first commit proposes three drafts that split the example's sources. */
function reviewRepo() {
  const root = copyExample();
  writeFileSync(join(root, '.gitignore'), '.pipeline/\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  const base = git(root, 'rev-parse', 'HEAD');
  git(root, 'checkout', '-qb', 'pipeline/review');
  expect(pipeline(root).outcome).toBe('drafted');
  const pending = join(root, 'content', 'pending');
  const [generated] = readdirSync(pending);
  const text = readFileSync(join(pending, generated!), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text)!;
  const sources = (parseDocument(match[1]!).toJS() as { sources: unknown[] }).sources;
  const parts = [sources.slice(0, 2), sources.slice(2, 3), sources.slice(3)];
  ['a', 'b', 'c'].forEach((name, i) => {
    const doc = parseDocument(match[1]!);
    doc.set('sources', parts[i]);
    doc.set('slug', name);
    writeFileSync(
      join(pending, `${name}.md`),
      `---\n${doc.toString()}---\n${text.slice(match[0].length)}`,
    );
  });
  rmSync(join(pending, generated!));
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'Nightly drafts for review');
  return { root, base };
}

function review(root: string, outcome: string, base: string, head: string) {
  const result = spawnSync('bash', [SCRIPT, outcome, base, head, '7'], {
    cwd: root,
    env: { ...process.env, PIPELINE_CLI: `${process.execPath} ${CLI}` },
    encoding: 'utf8',
  });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
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

  it('closed without merge: every proposed draft is rejected and never proposed again', () => {
    const { root, base } = reviewRepo();
    const head = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '-q', 'main');
    const output = review(root, 'closed', base, head);
    expect(output).toContain('promoted 0, rejected 3');
    expect(readdirSync(join(root, 'content/.rejected')).sort()).toEqual(['a.md', 'b.md', 'c.md']);
    expect(pipeline(root).outcome).toBe('nothing-new');
  });
});
