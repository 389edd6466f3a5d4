import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ProjectConfig } from '../core/config.js';
import { splitFrontmatterLenient } from '../core/frontmatter.js';
import { loadRunRecord, RUN_ID_PATTERN } from '../core/run-record.js';
import { buildEvidence, type EvidenceDocument } from '../evidence/index.js';
import { loadSourcesDir } from '../stages/critique/parse/load-sources.js';
import type { SourceText } from '../stages/critique/types.js';

/** A draft waiting in the pending folder, as the review list shows it. */
export interface PendingDraft {
  /** File name inside the pending folder: the draft's id in the review server's URLs. */
  name: string;
  /** Absolute path. */
  path: string;
  /** Path relative to the project root (`content/pending/x.md`). */
  file: string;
  title: string;
  topic: string;
  date: string;
  /** The run that wrote it (frontmatter `run`), when it names a valid run id. */
  run: string | null;
  /** Findings left for the reviewer (frontmatter `review`), by severity. */
  findings: { error: number; warning: number; info: number };
}

const DRAFT_FILE = /\.(md|markdown|mdx)$/;

/**
 * The pending drafts of a project: the Markdown files of the pending folder whose frontmatter
 * says `status: pending`, by file name.
 *
 * @param root Project root.
 * @param config The project config (its `pending` folder).
 */
export function listPendingDrafts(root: string, config: ProjectConfig): PendingDraft[] {
  const dir = resolve(root, config.pending);
  if (!existsSync(dir)) return [];
  const drafts: PendingDraft[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!DRAFT_FILE.test(name) || name.startsWith('.') || !statSync(path).isFile()) continue;
    const { data } = splitFrontmatterLenient(readFileSync(path, 'utf8'));
    if (data.status !== 'pending') continue;
    const findings = { error: 0, warning: 0, info: 0 };
    for (const item of Array.isArray(data.review) ? (data.review as unknown[]) : []) {
      const severity = (item as { severity?: unknown } | null)?.severity;
      if (severity === 'error' || severity === 'warning' || severity === 'info')
        findings[severity]++;
    }
    drafts.push({
      name,
      path,
      file: relative(root, path).split('\\').join('/'),
      title: typeof data.title === 'string' ? data.title : name,
      topic: typeof data.topic === 'string' ? data.topic : '',
      date: textOf(data.date),
      run: typeof data.run === 'string' && RUN_ID_PATTERN.test(data.run) ? data.run : null,
      findings,
    });
  }
  return drafts;
}

/** A pending draft's evidence, with the extracted sources it was built from. */
export interface DraftEvidence {
  doc: EvidenceDocument;
  /** The run folder's sources (empty when the folder is gone, e.g. on another machine). */
  sources: SourceText[];
}

/**
 * The evidence of a pending draft as it is now (the editor may have edited it): its sentences
 * against the extracted sources of the run that wrote it (`.pipeline/runs/<run>/sources/`), its
 * findings from its `review` list, the drops from the run record.
 *
 * @param root Project root.
 * @param draft A pending draft.
 */
export function evidenceOfDraft(root: string, draft: PendingDraft): DraftEvidence {
  const runDir = draft.run ? join(root, '.pipeline', 'runs', draft.run) : null;
  const sourcesDir = runDir ? join(runDir, 'sources') : null;
  const sources = sourcesDir && existsSync(sourcesDir) ? loadSourcesDir(sourcesDir) : [];
  const record = runDir ? loadRunRecord(runDir) : null;
  const doc = buildEvidence({
    draft: readFileSync(draft.path, 'utf8'),
    draftPath: draft.file,
    sources,
    ...(record ? { drops: record.details.drops } : {}),
  });
  return { doc, sources };
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value : '';
}
