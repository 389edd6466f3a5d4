import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { StageContext } from '../../core/context.js';
import { WriteError } from '../../core/errors.js';
import { writeFileExclusive } from '../../core/files.js';
import type { WriteInput, WriteOutput } from './types.js';

/** Most suffixes tried before giving up on a slug. */
export const MAX_SLUG_SUFFIX = 1000;

/**
 * The write stage: puts the draft in `content/pending/<slug>.md`, atomically and never over an
 * existing file (a taken slug gets a `-2`, `-3`, ... suffix; slugs of published and rejected drafts
 * count as taken too, so a promoted draft's name is never reused).
 *
 * @throws WriteError when the folder is not writable or the path would leave `content/pending/`.
 */
export function writeDraft(input: WriteInput, ctx: StageContext): WriteOutput {
  const pending = pendingDirOf(ctx);
  try {
    mkdirSync(pending, { recursive: true });
    accessSync(pending, constants.W_OK);
  } catch (cause) {
    throw new WriteError(pending, 'content/pending/ is not writable', { cause });
  }
  for (let n = 1; n <= MAX_SLUG_SUFFIX; n++) {
    const slug = n === 1 ? input.slug : `${input.slug}-${n}`;
    const path = resolve(pending, `${slug}.md`);
    if (!path.startsWith(pending + sep))
      throw new WriteError(path, 'refused: outside content/pending/');
    if (isTakenElsewhere(ctx, slug)) continue;
    if (writeFileExclusive(path, input.render(slug))) {
      return { path: relative(ctx.root, path), slug };
    }
  }
  throw new WriteError(
    join(pending, `${input.slug}.md`),
    `no free name after ${MAX_SLUG_SUFFIX} suffixes`,
  );
}

/** `content/pending/` of the context, absolute. */
export function pendingDirOf(ctx: StageContext): string {
  return resolve(ctx.contentDir, 'pending');
}

function isTakenElsewhere(ctx: StageContext, slug: string): boolean {
  return ['posts', '.rejected'].some((folder) =>
    existsSync(join(ctx.contentDir, folder, `${slug}.md`)),
  );
}
