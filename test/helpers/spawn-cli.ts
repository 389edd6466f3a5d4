import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './example-copy.js';

/** The compiled CLI (built by `npm test`). */
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** Exit code and output of one CLI process. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `node dist/cli.js <args>` in `cwd` as a real process (offline: no API key) and resolves
 * when it exits; several can run at once.
 */
export function spawnCli(args: string[], cwd: string): Promise<CliResult> {
  const { ANTHROPIC_API_KEY: _key, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
