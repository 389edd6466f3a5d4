import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample, REPO_ROOT } from './helpers/example-copy.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const { ANTHROPIC_API_KEY: _key, ...rest } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!existsSync(CLI))('the CLI (dist/cli.js; built by npm test)', () => {
  it('runs the example offline, says which engine and why, then has nothing new', () => {
    const root = copyExample();
    const first = cli(['run', 'example'], root);
    expect(first.code).toBe(0);
    expect(first.stderr.split('\n')[0]).toBe('engine: offline (offline: no ANTHROPIC_API_KEY)');
    expect(first.stderr).toMatch(/^dedupe: \d+ kept, 2 dropped \(\d+ ms\)$/m);
    expect(first.stderr).toMatch(/drafted content\/pending\/.+\.md/);
    const second = cli(['run', 'example', '--json'], root);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing new to propose');
    expect(JSON.parse(second.stdout).outcome).toBe('nothing-new');
  });

  it('exits 2 for an unknown topic and lists the known ones', () => {
    const root = copyExample();
    const result = cli(['run', 'no-such-topic'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown topic "no-such-topic"');
    expect(result.stderr).toContain('example');
  });

  it('exits 2 for an invalid topic file, naming file, line and field, before any network access', () => {
    const root = copyExample();
    writeFileSync(
      join(root, 'pipelines', 'bad.yaml'),
      'title: Bad\nsources:\n  - page: https://example.org/a\nbudget:\n  usd: -1\n',
    );
    const result = cli(['run', 'bad'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:5: budget\.usd: /);
    expect(existsSync(join(root, '.pipeline'))).toBe(false);
  });

  it('exits 2 for a YAML alias bomb in a topic file, naming the file, without a stack trace', () => {
    const root = copyExample();
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let k = 1; k < 9; k++) {
      const [prev, next] = [String.fromCharCode(96 + k), String.fromCharCode(97 + k)];
      lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    writeFileSync(
      join(root, 'pipelines', 'bomb.yaml'),
      `title: Bomb\nsources:\n  - page: https://example.org/a\nx:\n${lines.map((l) => `  ${l}`).join('\n')}\n`,
    );
    const result = cli(['run', 'bomb'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*bomb\.yaml: invalid YAML: its aliases expand/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, '.pipeline'))).toBe(false);
  });

  it('exits 2 for claude without a key and for unknown options; --help exits 0', () => {
    const root = copyExample();
    const claude = cli(['run', 'example', '--engine', 'claude'], root);
    expect(claude.code).toBe(2);
    expect(claude.stderr).toContain('ANTHROPIC_API_KEY is not set');
    expect(cli(['run', 'example', '--bogus'], root).code).toBe(2);
    const help = cli(['--help'], root);
    expect(help.code).toBe(0);
    for (const command of ['run', 'sources', 'extract', 'dedupe', 'critique'])
      expect(help.stdout).toContain(command);
  });
});
