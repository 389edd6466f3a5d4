import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import {
  checkCandidates,
  type Candidate,
  type CandidateResult,
} from '../corpus/candidate-check.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { cwdOf, projectRootOrNull, type RegisterCommand } from './io.js';

interface DedupeOptions {
  corpus: string;
  candidates: string;
  json?: boolean;
  cache: boolean;
  workers?: string;
}

/**
 * `dedupe --corpus <dir> --candidates <file.jsonl> [--json] [--no-cache] [--workers N]`: checks
 * candidate texts (`{"id","text"}` lines) against a corpus folder and against each other. Prints
 * `{"results":[{"id","duplicate","of","similarity","measure","threshold"}]}` with `--json`, a
 * table otherwise. The corpus index is kept under `.pipeline/cache/` of the current folder (for
 * `content/` in `corpus-index/`, for another folder in `dedupe/<folder>-<hash>/corpus-index/`)
 * when that folder exists or can be created. Exit code 0 when it ran; 2 for a missing
 * corpus folder or a bad candidates file.
 */
export const registerDedupeCommand: RegisterCommand = (program, io) => {
  program
    .command('dedupe')
    .description('find candidates that duplicate a corpus post or an earlier candidate')
    .requiredOption(
      '--corpus <dir>',
      'content folder: every .md file under it (dot folders too) is a post',
    )
    .requiredOption(
      '--candidates <file>',
      'JSON Lines file of {"id","text"} candidates, checked in order',
    )
    .option('--json', 'print one JSON document {"results":[...]} on stdout')
    .option(
      '--no-cache',
      'do not read or write the index (kept in .pipeline/cache/corpus-index/ for content/, in .pipeline/cache/dedupe/<folder>-<hash>/corpus-index/ for another folder)',
    )
    .option('--workers <n>', 'worker threads for reading the corpus (default: the number of cores)')
    .action(async (options: DedupeOptions) => {
      const corpusDir = resolve(cwdOf(io), options.corpus);
      if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
        throw new UsageError(`dedupe: --corpus ${options.corpus} is not a folder`);
      }
      const candidates = candidatesOf(resolve(cwdOf(io), options.candidates), options.candidates);
      const workers = options.workers === undefined ? undefined : Number(options.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
        throw new UsageError(
          `dedupe: --workers must be a positive integer, got ${options.workers}`,
        );
      }
      // Outside a project there is no .pipeline/ to keep the index in: nothing is written.
      const root = options.cache ? projectRootOrNull(io) : null;
      const cacheDir = root ? usableCacheDir(cacheDirOf(root, corpusDir)) : undefined;
      if (options.cache && !cacheDir)
        io.logger.info('dedupe: no project .pipeline/cache/ to keep the index in; it is not kept');
      const index = await loadCorpus(corpusDir, {
        logger: io.logger,
        ...(cacheDir ? { cacheDir } : {}),
        ...(workers ? { workers } : {}),
      });
      const results = checkCandidates(index, candidates);
      io.out(options.json ? `${JSON.stringify({ results })}\n` : tableOf(results, index.size));
      io.setExitCode(0);
    });
};

function candidatesOf(file: string, shown: string): Candidate[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`dedupe: cannot read --candidates ${shown}: ${(cause as Error).message}`);
  }
  const out: Candidate[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`dedupe: ${shown}:${i + 1}: not valid JSON`);
    }
    const { id, text: body } = (value ?? {}) as Record<string, unknown>;
    const idText = typeof id === 'number' ? String(id) : id;
    if (typeof idText !== 'string' || idText === '' || typeof body !== 'string') {
      throw new UsageError(`dedupe: ${shown}:${i + 1}: needs a string "id" and a string "text"`);
    }
    if (seen.has(idText))
      throw new UsageError(`dedupe: ${shown}:${i + 1}: id "${idText}" used twice`);
    seen.add(idText);
    out.push({ id: idText, text: body });
  });
  return out;
}

/**
 * Where the index of a corpus folder is kept: the pipeline's own cache for the project's
 * `content/` (one index, shared with runs), a folder of its own for any other corpus, so that
 * checking another corpus never replaces the index of `content/`.
 */
function cacheDirOf(root: string, corpusDir: string): string {
  const cache = join(root, '.pipeline', 'cache');
  if (resolve(corpusDir) === resolve(root, 'content')) return cache;
  const name = basename(corpusDir)
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, 40);
  const hash = createHash('sha256').update(resolve(corpusDir)).digest('hex').slice(0, 12);
  return join(cache, 'dedupe', `${name}-${hash}`);
}

function usableCacheDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return undefined;
  }
}

function tableOf(results: CandidateResult[], corpusSize: number): string {
  const duplicates = results.filter((r) => r.duplicate).length;
  const width = Math.max(2, ...results.map((r) => r.id.length));
  const lines = [
    `${results.length} candidate(s) against ${corpusSize} post(s): ${duplicates} duplicate(s)`,
    '',
    `${'id'.padEnd(width)}  ${'verdict'.padEnd(9)}  ${'similarity'.padStart(10)}  ${'measure'.padEnd(11)}  of`,
  ];
  for (const r of results) {
    const value = r.measure ? `${r.similarity.toFixed(3)}/${r.threshold?.toFixed(2)}` : '-';
    lines.push(
      `${r.id.padEnd(width)}  ${(r.duplicate ? 'DUPLICATE' : 'new').padEnd(9)}  ${value.padStart(10)}  ${(r.measure ?? '-').padEnd(11)}  ${r.of ?? ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
