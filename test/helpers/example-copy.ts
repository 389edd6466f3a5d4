import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (where `pipelines/` and `content/` are). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Copies the example topic and the published corpus into a fresh temporary project root. */
export function copyExample(): string {
  const root = mkdtempSync(join(tmpdir(), 'example-run-'));
  cpSync(join(REPO_ROOT, 'pipelines'), join(root, 'pipelines'), { recursive: true });
  cpSync(join(REPO_ROOT, 'content', 'posts'), join(root, 'content', 'posts'), { recursive: true });
  return root;
}
