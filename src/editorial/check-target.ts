import { existsSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';

/**
 * Checks the folder a command-line option names as the place drafts move to (`promote --to`): it
 * must be inside the project's `content/` (real paths, so a symlinked folder cannot lead out),
 * and neither `content/pending/` nor `content/.rejected/` nor inside them.
 *
 * @param root Project root, absolute.
 * @param dir The folder, absolute (already resolved against the current folder).
 * @param option How the option is named in messages, e.g. `promote: --to`.
 * @returns The folder, absolute.
 * @throws UsageError (exit code 2) naming the option, the folder and why.
 */
export function checkTargetDir(root: string, dir: string, option: string): string {
  const content = resolve(root, 'content');
  const shown = relative(root, dir) || '.';
  const refuse = (why: string) => new UsageError(`${option} ${shown}: ${why}`);
  if (!isInside(dir, content)) throw refuse('outside content/ (drafts stay in the project)');
  for (const kept of ['pending', '.rejected']) {
    const folder = resolve(content, kept);
    if (dir === folder || isInside(dir, folder)) throw refuse(`inside content/${kept}/`);
  }
  // The nearest existing folder of the path decides where the files really land.
  let existing = dir;
  while (!existsSync(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  const realContent = existsSync(content) ? realpathSync(content) : content;
  if (real !== realContent && !isInside(real, realContent)) {
    throw refuse(`leads outside content/ through a symbolic link (to ${real})`);
  }
  return dir;
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder + sep);
}
