import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATHS } from '../src/adopt/init-plan.js';
import { REPO_ROOT } from './helpers/example-copy.js';

interface PackedFile {
  path: string;
}

describe('the npm package', () => {
  it('exposes the research-draft bin and ships what runs and what init copies, not the tests or benchmarks', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ 'research-draft': 'dist/cli.js' });
    expect(pkg.scripts.prepack).toContain('build');
    expect(
      readFileSync(join(REPO_ROOT, 'src', 'cli.ts'), 'utf8').startsWith('#!/usr/bin/env node\n'),
    ).toBe(true);
    // --ignore-scripts: the listing of what `npm pack` would put in the tarball, without building
    // (the test run has built dist/ already).
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(packed.status, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as Array<{ files: PackedFile[] }>)[0]!.files.map(
      (file) => file.path,
    );
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/corpus/workers/corpus-worker.js');
    expect(files).toContain('package.json');
    for (const prefix of ['src/', 'test/', 'bench/', 'content/'])
      expect(
        files.filter((file) => file.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    // Besides dist/: what `init` copies into a site (TEMPLATE_PATHS), the README and package.json.
    const others = files.filter((file) => !file.startsWith('dist/'));
    for (const path of TEMPLATE_PATHS)
      expect(
        others.some((file) => file === path || file.startsWith(`${path}/`)),
        path,
      ).toBe(true);
    expect(
      others.filter(
        (file) =>
          !['README.md', 'package.json'].includes(file) &&
          !TEMPLATE_PATHS.some((path) => file === path || file.startsWith(`${path}/`)),
      ),
    ).toEqual([]);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });
});
