/** Helpers of the tests of scripts/: a git repository with a review branch, the CLI. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { expect } from 'vitest';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';

/** The compiled CLI the scripts call (built by `npm test`). */
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** Runs git with a fixed author. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/** `cli run` offline, its run record. */
export function pipeline(cwd: string, topic = 'example') {
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
export function reviewRepo() {
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

/**
 * Runs a script of scripts/ with bash in `root`, the CLI pointed at the build; expects exit 0.
 *
 * @param name The script's file name, e.g. `review-drafts.sh`.
 * @returns What it printed on stdout.
 */
export function runScript(root: string, name: string, args: string[]): string {
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', name), ...args], {
    cwd: root,
    env: { ...process.env, PIPELINE_CLI: `${process.execPath} ${CLI}` },
    encoding: 'utf8',
  });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}
