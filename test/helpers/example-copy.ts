import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (where `pipelines/` and `content/` are). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Copies the example topic and the published corpus into a fresh temporary project root.
 *
 * @param options `packageJson`: also write a `package.json`, which makes the folder a project root
 *   for the CLI (default true; in-process runs are handed their root and need none).
 */
export function copyExample(options: { packageJson?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'example-run-'));
  if (options.packageJson !== false)
    writeFileSync(join(root, 'package.json'), '{ "name": "example-site", "private": true }\n');
  cpSync(join(REPO_ROOT, 'pipelines'), join(root, 'pipelines'), { recursive: true });
  cpSync(join(REPO_ROOT, 'content', 'posts'), join(root, 'content', 'posts'), { recursive: true });
  return root;
}
