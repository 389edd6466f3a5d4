import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE } from './config.js';
import { UsageError } from './errors.js';

/**
 * Finds the project root: the nearest folder, from `from` up, that holds the project config
 * (`.research-draft.yaml`), or a `package.json` file and a `pipelines/` folder. The one place that decides what a project is (a later project config
 * file is looked up here too), so that no command assumes the current folder is the root: run
 * from a parent folder, a command would read and write outside the site.
 *
 * @param from Folder to start from (the command's current folder), absolute or relative.
 * @returns The project root, absolute.
 * @throws UsageError (exit code 2) when no folder from `from` up is a project.
 */
export function findProjectRoot(from: string): string {
  const start = resolve(from);
  for (let folder = start; ; folder = dirname(folder)) {
    if (isProjectRoot(folder)) return folder;
    if (dirname(folder) === folder) break;
  }
  throw new UsageError(
    `no project root: no folder from ${start} up holds both package.json and pipelines/; run the command inside a site repository`,
  );
}

/**
 * True when `folder` holds the project config (`.research-draft.yaml`, written by `init`), or a
 * `package.json` file and a `pipelines/` folder.
 */
export function isProjectRoot(folder: string): boolean {
  if (isKind(join(folder, CONFIG_FILE), 'file')) return true;
  return isKind(join(folder, 'package.json'), 'file') && isKind(join(folder, 'pipelines'), 'dir');
}

function isKind(path: string, kind: 'file' | 'dir'): boolean {
  if (!existsSync(path)) return false;
  const stat = statSync(path);
  return kind === 'file' ? stat.isFile() : stat.isDirectory();
}
