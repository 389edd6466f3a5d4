import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample, REPO_ROOT } from '../helpers/example-copy.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!existsSync(CLI))('the review command (dist/cli.js; built by npm test)', () => {
  it('says that nothing is pending and starts no server (exit 0)', () => {
    const root = copyExample();
    const result = cli(['review'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('nothing pending in content/pending/: no review server started\n');
  });

  it('refuses a bad --port with exit 2', () => {
    const root = copyExample();
    const result = cli(['review', '--port', 'eighty'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'review: --port must be a port number from 0 to 65535 (got "eighty")',
    );
    expect(cli(['review', '--port', '70000'], root).code).toBe(2);
  });
});
