import { existsSync, lstatSync, readFileSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { PipelineError, WriteError } from '../core/errors.js';
import { writeFileExclusive } from '../core/files.js';

/** What happens to a pending draft: published, or rejected with a reason. */
export interface MoveRequest {
  /** The draft, absolute or relative to `root`; must be in `content/pending/`. */
  draft: string;
  /** Project root. */
  root: string;
  /** Folder it moves to, absolute or relative to `root` (`content/posts`, `content/.rejected`). */
  toDir: string;
  /** New `status`. */
  status: 'published' | 'rejected';
  /** Extra frontmatter fields to set (`rejected: { date, reason }`, `published: date`). */
  fields: Record<string, unknown>;
  /** The pending folder, relative to `root` (default `content/pending`). */
  pendingDir?: string;
  /** Folders a moved draft may be found in, for the "already moved" message. */
  movedTo?: string[];
  /**
   * Where and as what the draft lands, when not `toDir/<file name>` with `status` and `fields` set
   * (a generator's publishing profile): gets the parsed frontmatter and the body.
   */
  place?: (frontmatter: Document, body: string, fileName: string) => { path: string; text: string };
}

/** A draft that cannot be moved: wrong place, not a draft, already moved. */
export class DraftMoveError extends PipelineError {
  constructor(path: string, reason: string) {
    super('write', 'DRAFT_REFUSED', `${path}: ${reason}`, { source: path });
  }
}

/**
 * Moves a pending draft to another content folder with its status set, keeping everything else
 * (the editor's edits, comments and field order): the new file is written exclusively (never over
 * an existing one), and only then is the pending file removed.
 *
 * @returns The new path, relative to `root`.
 * @throws DraftMoveError for a path outside `content/pending/`, a file that is not a pending draft,
 *   or a target that exists; WriteError when the file system refuses.
 */
export function moveDraft(request: MoveRequest): string {
  const pendingFolder = request.pendingDir ?? 'content/pending';
  const pendingDir = resolve(request.root, pendingFolder);
  const path = resolve(request.root, request.draft);
  const shown = relative(request.root, path) || request.draft;
  if (!path.startsWith(pendingDir + sep)) {
    throw new DraftMoveError(
      shown,
      `refused: not in ${pendingFolder}/ (only pending drafts can be promoted or rejected)`,
    );
  }
  if (!existsSync(path)) {
    const name = basename(path);
    const elsewhere = (request.movedTo ?? ['content/posts', 'content/.rejected']).find((folder) =>
      existsSync(resolve(request.root, folder, name)),
    );
    throw new DraftMoveError(
      shown,
      elsewhere ? `no such draft: already moved to ${elsewhere}/${name}` : 'no such file',
    );
  }
  // A symlink (or a symlinked folder) in pending/ would publish a file from outside the project.
  if (lstatSync(path).isSymbolicLink())
    throw new DraftMoveError(shown, 'refused: a symbolic link (only files are moved)');
  if (!realpathSync(path).startsWith(realpathSync(pendingDir) + sep))
    throw new DraftMoveError(shown, `refused: its real path is outside ${pendingFolder}/`);
  if (!statSync(path).isFile() || !/\.(md|markdown|mdx)$/.test(path))
    throw new DraftMoveError(shown, 'not a Markdown file');
  const text = readFileSync(path, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  if (!match) throw new DraftMoveError(shown, 'not a draft: no YAML frontmatter');
  const doc = parseDocument(match[1]!);
  if (doc.errors.length > 0)
    throw new DraftMoveError(
      shown,
      `not a draft: invalid frontmatter (${doc.errors[0]!.message.split('\n')[0]})`,
    );
  const status = doc.get('status');
  if (status !== 'pending') {
    throw new DraftMoveError(
      shown,
      `not a pending draft: status is ${status === undefined ? 'missing' : JSON.stringify(status)}`,
    );
  }
  const body = text.slice(match[0].length);
  let target: string;
  let updated: string;
  if (request.place) {
    const placed = request.place(doc, body, basename(path));
    target = resolve(request.root, placed.path);
    updated = placed.text;
  } else {
    doc.set('status', request.status);
    for (const [key, value] of Object.entries(request.fields)) doc.set(key, value);
    updated = `---\n${doc.toString({ lineWidth: 0 })}---${match[2]}${body}`;
    target = join(resolve(request.root, request.toDir), basename(path));
  }
  if (!writeFileExclusive(target, updated)) {
    throw new DraftMoveError(
      shown,
      `refused: ${relative(request.root, target)} already exists (never overwritten)`,
    );
  }
  try {
    unlinkSync(path);
  } catch (cause) {
    throw new WriteError(
      path,
      `copied to ${relative(request.root, target)} but the pending file could not be removed`,
      { cause },
    );
  }
  return relative(request.root, target);
}
