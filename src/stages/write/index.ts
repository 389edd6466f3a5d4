import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { StageContext } from '../../core/context.js';
import { WriteError } from '../../core/errors.js';
import { removeStrayTempFiles, writeFileAtomic, writeFileExclusive } from '../../core/files.js';
import { splitFrontmatterLenient } from '../../core/frontmatter.js';
import type { WriteInput, WriteOutput } from './types.js';

/** Most suffixes tried before giving up on a slug. */
export const MAX_SLUG_SUFFIX = 1000;

/**
 * The write stage: puts the draft in the project's pending folder (`content/pending/<slug>.md` by
 * default), atomically and never over an existing file (a taken slug gets a `-2`, `-3`, ...
 * suffix; slugs of published and rejected posts count as taken too, in every form a generator
 * names a post, so a promoted draft's name is never reused). Idempotent across a kill: the
 * path is recorded in the run folder (`write-intent.json`) before the draft is linked, and a
 * resumed run that finds its own draft there keeps it instead of writing a `-2`; temp files a
 * killed writer left in `content/pending/` are removed.
 *
 * @throws WriteError when the folder is not writable or the path would leave `content/pending/`.
 */
export function writeDraft(input: WriteInput, ctx: StageContext): WriteOutput {
  const pending = pendingDirOf(ctx);
  try {
    mkdirSync(pending, { recursive: true });
    accessSync(pending, constants.W_OK);
  } catch (cause) {
    throw new WriteError(pending, `${ctx.config.pending}/ is not writable`, { cause });
  }
  for (const name of removeStrayTempFiles(pending)) {
    ctx.logger.warn(`write: removed ${name}, a temp file left in content/pending/ by a killed run`);
  }
  const earlier = draftOfEarlierAttempt(ctx, pending);
  if (earlier) {
    ctx.logger.warn(`write: ${earlier.path} was written by an earlier attempt of this run; kept`);
    return earlier;
  }
  for (let n = 1; n <= MAX_SLUG_SUFFIX; n++) {
    const slug = n === 1 ? input.slug : `${input.slug}-${n}`;
    const path = resolve(pending, `${slug}.md`);
    if (!path.startsWith(pending + sep))
      throw new WriteError(path, 'refused: outside content/pending/');
    if (isTakenElsewhere(ctx, slug)) continue;
    const output = { path: relative(ctx.root, path), slug };
    // Recorded before the draft is linked: a run killed after the link finds its draft on resume.
    writeFileAtomic(intentFileOf(ctx), `${JSON.stringify(output)}\n`);
    if (writeFileExclusive(path, input.render(slug))) return output;
  }
  throw new WriteError(
    join(pending, `${input.slug}.md`),
    `no free name after ${MAX_SLUG_SUFFIX} suffixes`,
  );
}

/** The pending folder of the project config (`content/pending/` by default), absolute. */
export function pendingDirOf(ctx: StageContext): string {
  return resolve(ctx.root, ctx.config.pending);
}

/** The run folder's record of the draft the write stage is about to link. */
export const WRITE_INTENT_FILE = 'write-intent.json';

function intentFileOf(ctx: StageContext): string {
  return join(ctx.runDir, WRITE_INTENT_FILE);
}

/**
 * The draft an earlier attempt of this run linked before it was killed (before `write.json` was
 * saved): the intended path is recorded, and the file there is this run's (`run:` is its id).
 */
function draftOfEarlierAttempt(ctx: StageContext, pending: string): WriteOutput | null {
  const file = intentFileOf(ctx);
  if (!existsSync(file)) return null;
  const intent = JSON.parse(readFileSync(file, 'utf8')) as Partial<WriteOutput>;
  if (typeof intent.path !== 'string' || typeof intent.slug !== 'string') return null;
  const path = resolve(ctx.root, intent.path);
  if (!path.startsWith(pending + sep) || !existsSync(path)) return null;
  const { data } = splitFrontmatterLenient(readFileSync(path, 'utf8'));
  return data.run === ctx.runId ? { path: intent.path, slug: intent.slug } : null;
}

/**
 * Whether a published or rejected post already has this slug, in any of the forms a generator
 * names a post: `<slug>.md` (or `.markdown`, `.mdx`), a page bundle `<slug>/index.md`, or a dated
 * name `YYYY-MM-DD-<slug>.md`. A second post with the slug would hide one of the two.
 */
function isTakenElsewhere(ctx: StageContext, slug: string): boolean {
  const folders = [...ctx.config.published, ctx.config.rejected].map((folder) =>
    resolve(ctx.root, folder),
  );
  return folders.some((folder) => hasSlug(folder, slug, ctx.config.extensions));
}

const DATED = /^\d{4}-\d{2}-\d{2}-/;

function hasSlug(folder: string, slug: string, extensions: readonly string[]): boolean {
  if (existsSync(join(folder, slug))) return true; // a page bundle, or any folder of that name
  if (extensions.some((ext) => existsSync(join(folder, `${slug}${ext}`)))) return true;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return false;
  }
  return names.some(
    (name) =>
      DATED.test(name) && extensions.some((ext) => name === `${name.slice(0, 11)}${slug}${ext}`),
  );
}
